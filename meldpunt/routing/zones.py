"""Zones: create them from polygons or centre lines, and import them from GeoJSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geoalchemy2.shape import from_shape
from shapely.geometry import LineString, MultiLineString, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import CATEGORY_CODES, CATEGORY_GROUPS
from meldpunt.models import Department, Zone, ZoneStatus
from meldpunt.routing import repository
from meldpunt.routing.errors import (
    DepartmentNotFound,
    InvalidBoundaryFile,
    InvalidZone,
    ZoneNotFound,
)
from meldpunt.routing.geometry import area_m2, as_multipolygon, buffer_line_m


def check_category_patterns(patterns: list[str]) -> list[str]:
    """Codes, groups (`wegen.*`) or `*`; anything else is refused by name."""
    unknown = [
        p
        for p in patterns
        if p != "*"
        and p not in CATEGORY_CODES
        and not (p.endswith(".*") and p[:-2] in CATEGORY_GROUPS)
    ]
    if unknown or not patterns:
        raise InvalidZone(
            f"unknown category pattern(s) {unknown}; use codes, groups like 'wegen.*', or '*'"
            if unknown
            else "a zone needs at least one category (a code, 'group.*' or '*')"
        )
    return sorted(set(patterns))


def zone_shape(
    geometry: BaseGeometry, width_m: float | None
) -> tuple[BaseGeometry, MultiLineString | None, bool]:
    """(area, centre line or None, repaired?) — lines need a width and are buffered in metres."""
    if isinstance(geometry, LineString | MultiLineString):
        if not width_m:
            raise InvalidZone("a line zone (road, canal) needs a width in metres")
        line = geometry if isinstance(geometry, MultiLineString) else MultiLineString([geometry])
        return buffer_line_m(geometry, width_m), line, False
    area, repaired = as_multipolygon(geometry)
    return area, None, repaired


def save_zone(
    session: Session,
    *,
    department: Department,
    name: str,
    geometry: BaseGeometry,
    categories: list[str],
    priority: int = 0,
    width_m: float | None = None,
    status: ZoneStatus = ZoneStatus.PUBLISHED,
    zone: Zone | None = None,
) -> Zone:
    """Create (or overwrite `zone`) and bump the routing revision; flushes, never commits."""
    area, line, _ = zone_shape(geometry, width_m)
    if zone is None:
        zone = Zone(authority_id=department.authority_id, name=name, version=1)
        session.add(zone)
    else:
        zone.version += 1
    zone.department_id = department.id
    zone.name = name
    zone.geometry = from_shape(area, srid=4326)
    zone.centerline = from_shape(line, srid=4326) if line is not None else None
    zone.width_m = width_m if line is not None else None
    zone.area_m2 = area_m2(area)
    zone.category_codes = check_category_patterns(categories)
    zone.priority = priority
    zone.status = status
    repository.bump_revision(session)
    session.flush()
    return zone


@dataclass
class ZoneImportSummary:
    """What a zone import did."""

    created: int = 0
    updated: int = 0
    repaired: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def import_zones(
    session: Session,
    features: list[dict[str, Any]],
    *,
    department_code: str,
    name_field: str,
    categories: list[str],
    priority: int = 0,
    width_m: float | None = None,
) -> ZoneImportSummary:
    """One published zone per feature for a department; same name again = update."""
    department = repository.get_department_by_code(session, department_code)
    if department is None:
        raise DepartmentNotFound(f"no department with code {department_code!r}")
    check_category_patterns(categories)
    summary = ZoneImportSummary()
    for number, feature in enumerate(features, start=1):
        name = str((feature.get("properties") or {}).get(name_field) or "").strip()
        if not name:
            raise InvalidBoundaryFile(f"feature {number} has no '{name_field}' property")
        try:
            geometry = shape(feature["geometry"])
            _, _, repaired = zone_shape(geometry, width_m)
        except (KeyError, TypeError, ValueError, AttributeError, InvalidZone) as exc:
            summary.skipped.append(f"{name}: unusable geometry ({exc})")
            continue
        if repaired:
            summary.repaired.append(name)
        existing = session.scalar(
            select(Zone).where(Zone.department_id == department.id, Zone.name == name)
        )
        save_zone(
            session,
            department=department,
            name=name,
            geometry=geometry,
            categories=categories,
            priority=priority,
            width_m=width_m,
            zone=existing,
        )
        if existing is None:
            summary.created += 1
        else:
            summary.updated += 1
    return summary


def list_zones(session: Session, *, authority_id: int | None) -> list[tuple[Zone, str]]:
    """Zones with their department's code, by name; `authority_id` None means all."""
    query = select(Zone, Department.code).join(Department, Department.id == Zone.department_id)
    if authority_id is not None:
        query = query.where(Zone.authority_id == authority_id)
    rows: Any = session.execute(query.order_by(Zone.name, Zone.id))
    return [(row[0], str(row[1])) for row in rows]


def get_zone(session: Session, zone_id: int, *, authority_id: int | None) -> Zone:
    """The zone if it belongs to the authority (None: any); ZoneNotFound otherwise."""
    zone = session.get(Zone, zone_id)
    if zone is None or (authority_id is not None and zone.authority_id != authority_id):
        raise ZoneNotFound(f"no zone {zone_id}", zone_id=zone_id)
    return zone


def department_for_zone(session: Session, code: str, *, authority_id: int | None) -> Department:
    """The department a zone is for, which must belong to the authority (None: any)."""
    department = repository.get_department_by_code(session, code)
    if department is None or (authority_id is not None and department.authority_id != authority_id):
        raise DepartmentNotFound(f"no department {code!r} in your authority", department=code)
    return department


def delete_zone(session: Session, zone: Zone) -> None:
    """Remove the zone from routing; the routing revision moves so every index rebuilds."""
    session.delete(zone)
    repository.bump_revision(session)
    session.flush()
