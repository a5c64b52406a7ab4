"""Zones for GIS staff: list, create, replace and delete the zones of their own authority."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, status
from geoalchemy2.shape import to_shape
from pydantic import BaseModel, Field
from shapely.geometry import mapping, shape

from meldpunt.accounts.errors import Forbidden
from meldpunt.accounts.schemas import Principal
from meldpunt.api.deps import PrincipalDep, UnitOfWorkDep
from meldpunt.models import Role, Zone, ZoneStatus
from meldpunt.routing.errors import InvalidZone
from meldpunt.routing.zones import (
    delete_zone,
    department_for_zone,
    get_zone,
    list_zones,
    save_zone,
)

router = APIRouter(prefix="/api/v1/zones", tags=["zones"])


class ZoneIn(BaseModel):
    """A zone: a polygon, or a centre line with a width in metres (a road, a canal)."""

    name: str = Field(min_length=1, max_length=200)
    department: str = Field(min_length=1, max_length=64, description="Department code")
    categories: list[str] = Field(min_length=1, description="Codes, 'group.*' or '*'")
    geometry: dict[str, Any] = Field(description="GeoJSON geometry, WGS84")
    width_m: float | None = Field(None, gt=0, le=1000)
    priority: int = Field(0, ge=-1000, le=1000)
    status: ZoneStatus = ZoneStatus.PUBLISHED


class ZoneDetail(BaseModel):
    """A stored zone."""

    id: int
    name: str
    department: str
    categories: list[str]
    priority: int
    status: str
    version: int
    area_m2: float
    width_m: float | None
    geometry: dict[str, Any]
    updated_at: datetime


def _authority_scope(principal: Principal) -> int | None:
    if principal.role == Role.ADMIN:
        return None
    if principal.role == Role.GIS_EDITOR and principal.authority_id is not None:
        return principal.authority_id
    raise Forbidden(f"a {principal.role} does not edit zones")


def _out(zone: Zone, department_code: str) -> ZoneDetail:
    line = to_shape(zone.centerline) if zone.centerline is not None else None
    return ZoneDetail(
        id=zone.id,
        name=zone.name,
        department=department_code,
        categories=list(zone.category_codes),
        priority=zone.priority,
        status=zone.status,
        version=zone.version,
        area_m2=round(zone.area_m2, 1),
        width_m=zone.width_m,
        geometry=dict(mapping(line if line is not None else to_shape(zone.geometry))),
        updated_at=zone.updated_at,
    )


def _save(unit: UnitOfWorkDep, principal: Principal, body: ZoneIn, zone: Zone | None) -> ZoneDetail:
    authority_id = _authority_scope(principal)
    department = department_for_zone(unit.session, body.department, authority_id=authority_id)
    try:
        geometry = shape(body.geometry)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidZone(f"the geometry is not valid GeoJSON: {exc}", field="geometry") from None
    saved = save_zone(
        unit.session,
        department=department,
        name=body.name.strip(),
        geometry=geometry,
        categories=body.categories,
        priority=body.priority,
        width_m=body.width_m,
        status=body.status,
        zone=zone,
    )
    return _out(saved, department.code)


@router.get("", operation_id="list_zones")
def get_zones(principal: PrincipalDep, unit: UnitOfWorkDep) -> list[ZoneDetail]:
    """The zones of the asker's authority (admins: all), by name."""
    rows = list_zones(unit.session, authority_id=_authority_scope(principal))
    return [_out(zone, code) for zone, code in rows]


@router.post("", operation_id="create_zone", status_code=status.HTTP_201_CREATED)
def create_zone(body: ZoneIn, principal: PrincipalDep, unit: UnitOfWorkDep) -> ZoneDetail:
    """A new zone for a department of the asker's authority; routing uses it at once when
    published."""
    return _save(unit, principal, body, None)


@router.put("/{zone_id}", operation_id="replace_zone")
def replace_zone(
    zone_id: int, body: ZoneIn, principal: PrincipalDep, unit: UnitOfWorkDep
) -> ZoneDetail:
    """Replace one of the asker's authority's zones (its version goes up)."""
    zone = get_zone(unit.session, zone_id, authority_id=_authority_scope(principal))
    return _save(unit, principal, body, zone)


@router.delete("/{zone_id}", operation_id="delete_zone", status_code=status.HTTP_204_NO_CONTENT)
def remove_zone(zone_id: int, principal: PrincipalDep, unit: UnitOfWorkDep) -> None:
    """Delete one of the asker's authority's zones; routing stops using it at once."""
    delete_zone(
        unit.session, get_zone(unit.session, zone_id, authority_id=_authority_scope(principal))
    )
