"""Queries the routing domain needs: the routing snapshot, the revision counter, authorities."""

from __future__ import annotations

from typing import Any

import shapely
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from meldpunt.models import (
    Authority,
    Department,
    RoutingRevision,
    TrainingExample,
    Zone,
    ZoneStatus,
)
from meldpunt.models.base import utc_now
from meldpunt.routing.classifier import LabelledText
from meldpunt.routing.schemas import AuthorityRef, DepartmentRef, MunicipalityShape, ZoneShape


def current_revision(session: Session) -> int:
    """The routing revision: one indexed single-row read, cheap enough for every request."""
    revision = session.scalar(select(RoutingRevision.revision).where(RoutingRevision.id == 1))
    return int(revision or 0)


def bump_revision(session: Session) -> None:
    """Mark routing data as changed so every process rebuilds its index."""
    session.execute(
        update(RoutingRevision)
        .where(RoutingRevision.id == 1)
        .values(revision=RoutingRevision.revision + 1, changed_at=utc_now())
    )


def _geometries_from_wkb(blobs: list[Any]) -> list[Any]:
    # PostGIS hands back memoryview, SpatiaLite bytes; from_wkb takes both as bytes.
    return list(shapely.from_wkb([bytes(b) for b in blobs]))


def load_municipalities(session: Session) -> list[MunicipalityShape]:
    """Every routable municipality with its boundary and its departments by role."""
    rows = session.execute(
        select(
            Authority.id,
            Authority.code,
            Authority.name,
            Authority.kind,
            func.ST_AsBinary(Authority.boundary),
        )
        .where(Authority.kind == "municipality", Authority.routable.is_(True))
        .order_by(Authority.code)
    ).all()
    departments = load_departments_by_authority(session)
    geometries = _geometries_from_wkb([row[4] for row in rows])
    result = []
    for row, geometry in zip(rows, geometries, strict=True):
        by_role: dict[str, DepartmentRef] = {}
        for department in departments.get(row.id, []):
            by_role.setdefault(department.role, department)
        result.append(
            MunicipalityShape(
                authority=AuthorityRef(row.id, row.code, row.name, row.kind),
                boundary=geometry,
                departments_by_role=by_role,
            )
        )
    return result


def load_departments_by_authority(session: Session) -> dict[int, list[DepartmentRef]]:
    """All departments, grouped by authority id, oldest first."""
    rows = session.execute(
        select(
            Department.id,
            Department.code,
            Department.name,
            Department.role,
            Authority.id,
            Authority.code,
        )
        .join(Authority, Authority.id == Department.authority_id)
        .order_by(Department.id)
    ).all()
    grouped: dict[int, list[DepartmentRef]] = {}
    for dep_id, code, name, role, authority_id, authority_code in rows:
        grouped.setdefault(authority_id, []).append(
            DepartmentRef(dep_id, code, name, role, authority_code)
        )
    return grouped


def load_published_zones(session: Session) -> list[ZoneShape]:
    """Every published zone with its owner, department and area in m²."""
    rows = session.execute(
        select(
            Zone.id,
            Zone.name,
            Zone.category_codes,
            Zone.priority,
            func.ST_AsBinary(Zone.geometry),
            Zone.area_m2,
            Authority.id,
            Authority.code,
            Authority.name,
            Authority.kind,
            Department.id,
            Department.code,
            Department.name,
            Department.role,
        )
        .join(Authority, Authority.id == Zone.authority_id)
        .join(Department, Department.id == Zone.department_id)
        .where(Zone.status == ZoneStatus.PUBLISHED)
        .order_by(Zone.id)
    ).all()
    geometries = _geometries_from_wkb([row[4] for row in rows])
    zones = []
    for row, geometry in zip(rows, geometries, strict=True):
        authority = AuthorityRef(row[6], row[7], row[8], row[9])
        zones.append(
            ZoneShape(
                id=row[0],
                name=row[1],
                authority=authority,
                department=DepartmentRef(row[10], row[11], row[12], row[13], authority.code),
                geometry=geometry,
                category_patterns=frozenset(row[2] or ()),
                priority=row[3],
                # Stored at write time, so SQL (PostGIS) and memory rank zones identically.
                area_m2=float(row[5]),
            )
        )
    return zones


def get_authority_by_code(session: Session, code: str) -> Authority | None:
    """The authority with this code, if any."""
    return session.scalar(select(Authority).where(Authority.code == code))


def get_department_by_code(session: Session, code: str) -> Department | None:
    """The department with this code, if any."""
    return session.scalar(select(Department).where(Department.code == code))


def list_training_examples(session: Session, *, source: str | None = None) -> list[LabelledText]:
    """Labelled texts stored from staff work (e.g. `source="correction"`), oldest first."""
    query = select(TrainingExample.text, TrainingExample.category_code).order_by(
        TrainingExample.created_at, TrainingExample.id
    )
    if source is not None:
        query = query.where(TrainingExample.source == source)
    return [LabelledText(text, code) for text, code in session.execute(query).all()]
