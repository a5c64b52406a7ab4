"""Plain `create_*` helpers for test data (no factory library), plus shared geometries."""

from __future__ import annotations

import uuid
from datetime import datetime

from geoalchemy2.shape import from_shape
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from meldpunt.models import (
    Authority,
    AuthorityKind,
    Department,
    Report,
    ReportStatus,
    Ticket,
    TicketStatus,
    Zone,
    ZoneStatus,
)
from meldpunt.models.base import utc_now
from meldpunt.routing.geometry import as_multipolygon
from meldpunt.routing.repository import bump_revision
from meldpunt.routing.zones import save_zone

_GEOD = Geod(ellps="WGS84")
# The centre of WEST_TOWN (lon, lat), where `create_ticket` puts its report by default.
WEST_TOWN_CENTRE = (5.025, 52.025)


def point_at(metres: float, azimuth: float = 45.0) -> tuple[float, float]:
    """(lat, lon) `metres` (geodesic) from WEST_TOWN_CENTRE towards `azimuth` (° from north)."""
    lon, lat, _ = _GEOD.fwd(WEST_TOWN_CENTRE[0], WEST_TOWN_CENTRE[1], azimuth, metres)
    return lat, lon


# A made-up test town near Utrecht: lon 5.00–5.10, lat 52.00–52.05, split in two halves.
WEST_TOWN = box(5.00, 52.00, 5.05, 52.05)
EAST_TOWN = box(5.05, 52.00, 5.10, 52.05)


def multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    """Any polygonal geometry as a valid MultiPolygon."""
    result, _ = as_multipolygon(geometry)
    return result


def create_authority(
    session: Session,
    code: str,
    geometry: BaseGeometry,
    *,
    kind: AuthorityKind = AuthorityKind.MUNICIPALITY,
    name: str | None = None,
    routable: bool = True,
) -> Authority:
    """An authority with a boundary; bumps the routing revision."""
    authority = Authority(
        code=code,
        kind=kind,
        name=name or f"Gemeente {code}",
        routable=routable,
        boundary=from_shape(multipolygon(geometry), srid=4326),
    )
    session.add(authority)
    bump_revision(session)
    session.flush()
    return authority


def create_department(
    session: Session, authority: Authority, role: str, *, code: str | None = None
) -> Department:
    """A department of `authority` for `role`."""
    department = Department(
        authority_id=authority.id,
        code=code or f"{authority.code}.{role}",
        name=f"{role} {authority.name}",
        role=role,
        delivery={},
    )
    session.add(department)
    bump_revision(session)
    session.flush()
    return department


def create_zone(
    session: Session,
    department: Department,
    geometry: BaseGeometry,
    categories: list[str],
    *,
    priority: int = 0,
    name: str = "zone",
    status: ZoneStatus = ZoneStatus.PUBLISHED,
) -> Zone:
    """A zone handing `categories` to `department` inside `geometry`."""
    return save_zone(
        session,
        department=department,
        name=name,
        geometry=geometry,
        categories=categories,
        priority=priority,
        status=status,
    )


def create_town(session: Session, code: str, geometry: BaseGeometry, roles: list[str]) -> Authority:
    """A municipality with a department for each role."""
    authority = create_authority(session, code, geometry)
    for role in roles:
        create_department(session, authority, role)
    return authority


def ring_with_hole() -> Polygon:
    """A park with a pond cut out of it, inside WEST_TOWN."""
    return Polygon(
        [(5.01, 52.01), (5.04, 52.01), (5.04, 52.04), (5.01, 52.04)],
        holes=[[(5.02, 52.02), (5.03, 52.02), (5.03, 52.03), (5.02, 52.03)]],
    )


def bowtie() -> Polygon:
    """A self-intersecting ring (invalid), as simplified boundary files contain."""
    return Polygon([(5.0, 52.0), (5.02, 52.02), (5.02, 52.0), (5.0, 52.02)])


def create_ticket(
    session: Session,
    department: Department,
    *,
    status: TicketStatus = TicketStatus.NEW,
    category: str = "wegen.stoep",
    lon: float = WEST_TOWN_CENTRE[0],
    lat: float = WEST_TOWN_CENTRE[1],
    created_at: datetime | None = None,
    description: str = "losse stoeptegel",
) -> Ticket:
    """A report (default: at the centre of WEST_TOWN) with a ticket for `department`."""
    report = Report(
        id=uuid.uuid4(),
        description=description,
        status=ReportStatus.ROUTED,
        category_code=category,
        created_at=created_at or utc_now(),
        location=from_shape(Point(lon, lat), srid=4326),
        location_source="device",
        tracking_token_hash=uuid.uuid4().hex,
        processing_attempts=1,
        contact_consent=False,
        department_id=department.id,
        authority_id=department.authority_id,
    )
    session.add(report)
    session.flush()
    ticket = Ticket(
        report_id=report.id, department_id=department.id, status=status, decision={"rule": "test"}
    )
    session.add(ticket)
    session.flush()
    return ticket
