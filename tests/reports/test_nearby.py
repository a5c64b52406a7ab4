"""Nearby reports for the resident app: metres on both databases, public fields only."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import Session

from meldpunt.models import Department, Report, TicketStatus
from meldpunt.reports.errors import InvalidReport
from meldpunt.reports.service import nearby_reports
from tests.helpers import (
    WEST_TOWN,
    WEST_TOWN_CENTRE,
    create_department,
    create_ticket,
    create_town,
    point_at,
)

CENTRE = WEST_TOWN_CENTRE  # lon, lat


def place(
    session: Session, department: Department, metres: float, azimuth: float, **kw: object
) -> Report:
    lat, lon = point_at(metres, azimuth)
    ticket = create_ticket(session, department, lon=lon, lat=lat, **kw)  # type: ignore[arg-type]
    report = session.get(Report, ticket.report_id)
    assert report is not None
    return report


@pytest.fixture
def roads(session: Session) -> Department:
    return create_department(session, create_town(session, "GM0001", WEST_TOWN, []), "wegen")


def nearby(session: Session, radius: float) -> list[tuple[object, float]]:
    found = nearby_reports(session, lat=CENTRE[1], lon=CENTRE[0], radius_m=radius, max_radius_m=500)
    return [(r.id, r.distance_m) for r in found]


def test_just_inside_counts_just_outside_does_not(session: Session, roads: Department) -> None:
    north_in = place(session, roads, 49.6, 0)
    east_in = place(session, roads, 20.0, 90)
    east_out = place(session, roads, 50.4, 90)
    south_west_out = place(session, roads, 50.5, 225)
    found = nearby(session, 50)
    assert found == [(east_in.id, 20.0), (north_in.id, 49.6)]
    assert {east_out.id, south_west_out.id}.isdisjoint(r for r, _ in found)
    assert len(nearby(session, 51)) == 4


def test_only_open_or_just_fixed_problems_are_shown(session: Session, roads: Department) -> None:
    shown = {
        place(session, roads, 5, 0, status=TicketStatus.IN_PROGRESS).id,
        place(session, roads, 6, 0, status=TicketStatus.RESOLVED).id,
    }
    for status in (TicketStatus.REJECTED, TicketStatus.CLOSED, TicketStatus.DUPLICATE):
        place(session, roads, 7, 0, status=status)
    assert {r for r, _ in nearby(session, 30)} == shown


def test_public_fields_only(session: Session, roads: Department) -> None:
    report = place(session, roads, 10, 0)
    report.contact_email = "resident@example.org"
    session.flush()
    [item] = nearby_reports(session, lat=CENTRE[1], lon=CENTRE[0], radius_m=30, max_radius_m=500)
    fields = {f.name for f in dataclasses.fields(item)}
    assert fields.isdisjoint({"contact_email", "tracking_token_hash", "original_key"})
    assert (item.progress, item.supporters, item.description) == ("new", 0, "losse stoeptegel")


@pytest.mark.parametrize("radius", [0, -5, 501, float("nan")])
def test_bad_radius_is_refused(session: Session, radius: float) -> None:
    with pytest.raises(InvalidReport, match="radius"):
        nearby_reports(session, lat=52.0, lon=5.0, radius_m=radius, max_radius_m=500)
