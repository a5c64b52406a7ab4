"""Duplicates at intake ("+1") and by hand, on both databases, measured in metres."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from meldpunt.models import Department, Photo, Report, ReportStatus, TicketStatus
from meldpunt.models.base import utc_now
from meldpunt.tickets.duplicates import (
    find_open_duplicate,
    link_report,
    mark_duplicate,
    unlink_report,
    unmark_duplicate,
)
from meldpunt.tickets.errors import InvalidDuplicate, ReportNotLinked
from meldpunt.tickets.schemas import DuplicateMatch, DuplicateRules, TicketRules
from meldpunt.tickets.service_levels import WorkingCalendar
from tests.helpers import (
    WEST_TOWN,
    WEST_TOWN_CENTRE,
    create_department,
    create_ticket,
    create_town,
    point_at,
)

RULES = DuplicateRules(radius_m=30.0, period_days=30, photo_radius_m=60.0)
CENTRE = WEST_TOWN_CENTRE  # lon, lat


@pytest.fixture
def roads(session: Session) -> Department:
    town = create_town(session, "GM0001", WEST_TOWN, [])
    return create_department(session, town, "wegen")


def find(session: Session, at: tuple[float, float], **overrides: object) -> DuplicateMatch | None:
    arguments: dict[str, object] = {
        "lat": at[0],
        "lon": at[1],
        "category": "wegen.stoep",
        "received_at": utc_now(),
        "phashes": [],
        "rules": RULES,
    }
    arguments.update(overrides)
    return find_open_duplicate(session, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("azimuth", [0.0, 90.0, 225.0])
def test_just_inside_the_radius_matches_just_outside_does_not(
    session: Session, roads: Department, azimuth: float
) -> None:
    ticket = create_ticket(session, roads, lon=CENTRE[0], lat=CENTRE[1])
    inside = find(session, point_at(29.5, azimuth))
    assert inside is not None
    assert inside.ticket_id == ticket.id
    assert inside.distance_m == pytest.approx(29.5, abs=0.01)
    assert find(session, point_at(30.5, azimuth)) is None


def test_other_category_old_or_closed_tickets_do_not_match(
    session: Session, roads: Department
) -> None:
    here = point_at(5)
    create_ticket(session, roads, category="verlichting.lamp", lon=CENTRE[0], lat=CENTRE[1])
    create_ticket(
        session, roads, lon=CENTRE[0], lat=CENTRE[1], created_at=utc_now() - timedelta(days=31)
    )
    create_ticket(session, roads, status=TicketStatus.CLOSED, lon=CENTRE[0], lat=CENTRE[1])
    create_ticket(session, roads, status=TicketStatus.RESOLVED, lon=CENTRE[0], lat=CENTRE[1])
    assert find(session, here) is None
    recent = create_ticket(
        session, roads, lon=CENTRE[0], lat=CENTRE[1], created_at=utc_now() - timedelta(days=29)
    )
    match = find(session, here)
    assert match is not None
    assert match.ticket_id == recent.id


def add_photo(session: Session, report_id: object, phash: str) -> None:
    session.add(
        Photo(
            report_id=report_id,
            position=0,
            content_type="image/jpeg",
            original_key="k",
            sha256="0" * 64,
            size_bytes=1,
            width=1,
            height=1,
            phash=phash,
        )
    )
    session.flush()


def test_a_similar_photo_strengthens_the_match(session: Session, roads: Department) -> None:
    ticket = create_ticket(session, roads, lon=CENTRE[0], lat=CENTRE[1])
    add_photo(session, ticket.report_id, "c3d2a1b0e4f5a6b7")
    at_45_m = point_at(45)
    assert find(session, at_45_m) is None
    assert find(session, at_45_m, phashes=["0000000000000000"]) is None  # not similar
    similar = find(session, at_45_m, phashes=["c3d2a1b0e4f5a6b6"])  # one bit differs
    assert similar is not None
    assert similar.similar_photo
    assert find(session, point_at(61), phashes=["c3d2a1b0e4f5a6b7"]) is None
    # Two candidates in range: the one with the similar photo wins over the nearer one.
    near = create_ticket(session, roads, lon=point_at(3)[1], lat=point_at(3)[0])
    best = find(session, point_at(10), phashes=["c3d2a1b0e4f5a6b7"])
    nearest = find(session, point_at(4))
    assert best is not None
    assert nearest is not None
    assert (best.ticket_id, nearest.ticket_id) == (ticket.id, near.id)


def test_link_mark_unmark_and_unlink(session: Session, roads: Department) -> None:
    first = create_ticket(session, roads)
    second = create_ticket(session, roads)
    newcomer = Report(**_report_fields(session, second.report_id))
    session.add(newcomer)
    session.flush()
    match = find(session, point_at(1), exclude_report_id=newcomer.id)
    assert match is not None
    link_report(session, newcomer, match, "system:pipeline")
    assert newcomer.status == ReportStatus.LINKED
    assert newcomer.linked_ticket_id in {first.id, second.id}

    marked = mark_duplicate(
        session,
        ticket_id=second.id,
        of_ticket_id=first.id,
        note=None,
        expected_version=second.version,
        actor="user:1",
    )
    assert (marked.status, marked.duplicate_of_id) == (TicketStatus.DUPLICATE, first.id)
    with pytest.raises(InvalidDuplicate):
        mark_duplicate(
            session,
            ticket_id=first.id,
            of_ticket_id=second.id,
            note=None,
            expected_version=first.version,
            actor="user:1",
        )  # second points at first: first would be a duplicate of itself
    unmarked = unmark_duplicate(
        session,
        ticket_id=second.id,
        note="other tile",
        expected_version=marked.version,
        actor="user:1",
    )
    assert (unmarked.status, unmarked.duplicate_of_id) == (TicketStatus.REOPENED, None)
    with pytest.raises(InvalidDuplicate):
        unmark_duplicate(
            session,
            ticket_id=second.id,
            note=None,
            expected_version=unmarked.version,
            actor="user:1",
        )

    linked_to = newcomer.linked_ticket_id
    assert linked_to is not None
    rules = TicketRules(WorkingCalendar("Europe/Amsterdam", "NL"), RULES)
    other = first.id if linked_to == second.id else second.id
    with pytest.raises(ReportNotLinked):
        unlink_report(session, ticket_id=other, report_id=newcomer.id, rules=rules, actor="u")
    own = unlink_report(
        session, ticket_id=linked_to, report_id=newcomer.id, rules=rules, actor="user:1"
    )
    assert (own.report_id, own.status, own.department_id) == (
        newcomer.id,
        TicketStatus.NEW,
        roads.id,
    )
    assert newcomer.linked_ticket_id is None
    assert own.due_at is not None


def _report_fields(session: Session, like: object) -> dict[str, object]:
    template = session.get(Report, like)
    assert template is not None
    return {
        "id": uuid.uuid4(),
        "description": "tegel los",
        "status": ReportStatus.RECEIVED,
        "category_code": template.category_code,
        "location": template.location,
        "tracking_token_hash": uuid.uuid4().hex,
        "processing_attempts": 1,
        "contact_consent": False,
    }
