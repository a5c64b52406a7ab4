"""Forwarding and recategorizing: the ticket moves, the deadline follows, feedback is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from meldpunt.models import (
    CategorySource,
    Department,
    FeedbackKind,
    Report,
    RoutingFeedback,
    StatusChange,
    Ticket,
    TicketStatus,
    TrainingExample,
)
from meldpunt.models.base import utc_now
from meldpunt.routing.service import RoutingService
from meldpunt.tickets.corrections import forward_ticket, recategorize_ticket
from meldpunt.tickets.errors import (
    InvalidCorrection,
    NoteRequired,
    StaleTicket,
    TransitionNotAllowed,
    UnknownDepartment,
)
from meldpunt.tickets.schemas import DuplicateRules, TicketRules
from meldpunt.tickets.service_levels import WorkingCalendar
from tests.helpers import EAST_TOWN, WEST_TOWN, create_ticket, create_town

RULES = TicketRules(
    WorkingCalendar("Europe/Amsterdam", "NL"),
    DuplicateRules(radius_m=30, period_days=30, photo_radius_m=60),
)


@pytest.fixture
def towns(session: Session) -> dict[str, Department]:
    west = create_town(session, "GM0001", WEST_TOWN, ["wegen", "verlichting", "kcc"])
    east = create_town(session, "GM0002", EAST_TOWN, ["wegen", "kcc"])
    departments = session.scalars(select(Department)).all()
    assert {west.id, east.id} == {d.authority_id for d in departments}
    return {d.code: d for d in departments}


def forward(session: Session, ticket_id: int, **overrides: object) -> Ticket:
    arguments: dict[str, object] = {
        "ticket_id": ticket_id,
        "department_code": "GM0002.wegen",
        "reason": "de stoep is van de buurgemeente",
        "expected_version": 1,
        "actor": "user:1",
        "rules": RULES,
    }
    arguments.update(overrides)
    return forward_ticket(session, **arguments)  # type: ignore[arg-type]


def test_forward_moves_the_ticket_and_keeps_feedback(
    session: Session, towns: dict[str, Department]
) -> None:
    ticket = create_ticket(session, towns["GM0001.wegen"], created_at=utc_now() - timedelta(days=9))
    for overrides, error in (
        ({"reason": "  "}, NoteRequired),
        ({"department_code": "GM0404.wegen"}, UnknownDepartment),
        ({"department_code": "GM0001.wegen"}, InvalidCorrection),  # already there
        ({"expected_version": 7}, StaleTicket),
    ):
        with pytest.raises(error):
            forward(session, ticket.id, **overrides)
    moved = forward(session, ticket.id)
    assert (moved.status, moved.department_id, moved.version) == (
        TicketStatus.FORWARDED,
        towns["GM0002.wegen"].id,
        2,
    )
    report = session.get(Report, moved.report_id)
    assert report is not None
    assert report.department_id == towns["GM0002.wegen"].id
    # Another authority: its clock starts at the hand-over, not at the report's arrival.
    assert moved.due_at is not None
    assert moved.due_at > utc_now()
    feedback = session.scalars(select(RoutingFeedback)).one()
    assert (feedback.kind, feedback.authority_id, feedback.reason) == (
        FeedbackKind.FORWARD,
        towns["GM0001.wegen"].authority_id,
        "de stoep is van de buurgemeente",
    )
    audit = session.scalars(select(StatusChange).where(StatusChange.ticket_id == ticket.id)).all()
    assert [(a.from_status, a.to_status, a.actor) for a in audit] == [
        ("new", "forwarded", "user:1")
    ]


def test_recategorize_reroutes_and_becomes_a_training_example(
    session: Session, towns: dict[str, Department]
) -> None:
    routing = RoutingService()
    ticket = create_ticket(
        session, towns["GM0001.wegen"], description="het is hier 's nachts pikkedonker"
    )
    with pytest.raises(InvalidCorrection):
        recategorize_ticket(
            session,
            ticket_id=ticket.id,
            category="wegen.stoep",
            note=None,
            expected_version=1,
            actor="user:1",
            routing=routing,
            rules=RULES,
        )
    with pytest.raises(InvalidCorrection):
        recategorize_ticket(
            session,
            ticket_id=ticket.id,
            category="lampen",
            note=None,
            expected_version=1,
            actor="user:1",
            routing=routing,
            rules=RULES,
        )
    # Same department (roads also handle potholes): the ticket stays, the category changes.
    same = recategorize_ticket(
        session,
        ticket_id=ticket.id,
        category="wegen.wegdek",
        note="gat, geen tegel",
        expected_version=1,
        actor="user:1",
        routing=routing,
        rules=RULES,
    )
    assert (same.status, same.department_id) == (TicketStatus.NEW, towns["GM0001.wegen"].id)
    moved = recategorize_ticket(
        session,
        ticket_id=ticket.id,
        category="verlichting.lamp",
        note=None,
        expected_version=same.version,
        actor="user:2",
        routing=routing,
        rules=RULES,
    )
    assert (moved.status, moved.department_id) == (
        TicketStatus.FORWARDED,
        towns["GM0001.verlichting"].id,
    )
    assert moved.decision["recategorized"] == {
        "from": "wegen.wegdek",
        "to": "verlichting.lamp",
        "by": "user:2",
    }
    report = session.get(Report, ticket.report_id)
    assert report is not None
    assert (report.category_code, report.category_source) == (
        "verlichting.lamp",
        CategorySource.STAFF,
    )
    examples = session.scalars(select(TrainingExample).order_by(TrainingExample.id)).all()
    assert [(e.text, e.category_code, e.source) for e in examples] == [
        ("het is hier 's nachts pikkedonker", "wegen.wegdek", "correction"),
        ("het is hier 's nachts pikkedonker", "verlichting.lamp", "correction"),
    ]
    kinds = session.scalars(select(RoutingFeedback.kind).order_by(RoutingFeedback.id)).all()
    assert kinds == [FeedbackKind.RECATEGORIZE, FeedbackKind.RECATEGORIZE]


def test_a_finished_ticket_cannot_be_moved_by_recategorizing(
    session: Session, towns: dict[str, Department]
) -> None:
    ticket = create_ticket(session, towns["GM0001.wegen"], status=TicketStatus.RESOLVED)
    with pytest.raises(TransitionNotAllowed):
        recategorize_ticket(
            session,
            ticket_id=ticket.id,
            category="verlichting.lamp",
            note=None,
            expected_version=1,
            actor="user:1",
            routing=RoutingService(),
            rules=RULES,
        )
