"""Corrections of a routing decision by staff: forward to another department, or change the
category (routing runs again). Each is kept as feedback for GIS staff and the classifier."""

from __future__ import annotations

from geoalchemy2.shape import to_shape
from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import CATEGORY_CODES, FALLBACK_CATEGORY
from meldpunt.models import (
    CategorySource,
    Department,
    FeedbackKind,
    Report,
    RoutingFeedback,
    Ticket,
    TicketStatus,
    TrainingExample,
)
from meldpunt.models.base import utc_now
from meldpunt.routing.repository import get_department_by_code
from meldpunt.routing.service import RoutingService
from meldpunt.tickets import repository
from meldpunt.tickets.errors import InvalidCorrection, NoteRequired, UnknownDepartment
from meldpunt.tickets.schemas import TicketRules
from meldpunt.tickets.service import (
    check_version,
    get_ticket,
    move_ticket,
    record_change,
    report_of,
    save_ticket,
    with_note,
)
from meldpunt.tickets.service_levels import set_deadline

CORRECTION_SOURCE = "correction"


def forward_ticket(
    session: Session,
    *,
    ticket_id: int,
    department_code: str,
    reason: str,
    expected_version: int,
    actor: str,
    rules: TicketRules,
) -> Ticket:
    """Hand the ticket to another department, with the reason; the old zone may be wrong."""
    ticket = get_ticket(session, ticket_id)
    check_version(ticket, expected_version)
    target = get_department_by_code(session, department_code)
    if target is None:
        raise UnknownDepartment(f"no department {department_code!r}", field="department")
    if target.id == ticket.department_id:
        raise InvalidCorrection(
            f"ticket {ticket_id} is already with {department_code}", field="department"
        )
    report = report_of(session, ticket)
    source = _department(session, ticket.department_id)
    reason = reason.strip()
    if not reason:
        raise NoteRequired("forwarding a ticket needs a reason", to=TicketStatus.FORWARDED.value)
    # No autoflush: the ticket's changes must reach the database as one versioned UPDATE.
    with session.no_autoflush:
        _forward(session, ticket, report, source, target, reason, actor, rules)
    save_ticket(session, ticket)
    return ticket


def _forward(
    session: Session,
    ticket: Ticket,
    report: Report,
    source: Department,
    target: Department,
    reason: str,
    actor: str,
    rules: TicketRules,
) -> None:
    move_ticket(session, ticket, TicketStatus.FORWARDED, f"to {target.code}: {reason}", actor)
    _keep_feedback(
        session,
        ticket,
        FeedbackKind.FORWARD,
        actor,
        source,
        target,
        report.category_code,
        None,
        reason,
    )
    _hand_over(session, ticket, report, source, target, rules)
    ticket.decision = {**ticket.decision, "forwarded_from": source.code}


def recategorize_ticket(
    session: Session,
    *,
    ticket_id: int,
    category: str,
    note: str | None,
    expected_version: int,
    actor: str,
    routing: RoutingService,
    rules: TicketRules,
) -> Ticket:
    """Give the report another category; routing runs again and, when another department is
    responsible now, the ticket is forwarded there. The text becomes a training example."""
    if category not in CATEGORY_CODES:
        raise InvalidCorrection(f"unknown category {category!r}", field="category")
    ticket = get_ticket(session, ticket_id)
    check_version(ticket, expected_version)
    report = report_of(session, ticket)
    old_category = report.category_code or FALLBACK_CATEGORY
    if category == old_category:
        raise InvalidCorrection(
            f"ticket {ticket_id} already has category {category}", field="category"
        )
    assert report.location is not None  # a ticket exists only for a located report
    point = to_shape(report.location)
    decision = routing.resolve(session, lon=point.x, lat=point.y, category_code=category)
    source = _department(session, ticket.department_id)
    target = _department(session, decision.department.id)
    summary = with_note(f"category {old_category} → {category}", note)
    with session.no_autoflush:  # one versioned UPDATE of the ticket, at the end
        report.category_code, report.category_source = category, CategorySource.STAFF
        session.add(
            TrainingExample(
                text=report.description,
                category_code=category,
                source=CORRECTION_SOURCE,
                ticket_id=ticket.id,
                actor=actor,
            )
        )
        _keep_feedback(
            session,
            ticket,
            FeedbackKind.RECATEGORIZE,
            actor,
            source,
            target,
            old_category,
            category,
            note,
        )
        if target.id != source.id:
            move_ticket(
                session,
                ticket,
                TicketStatus.FORWARDED,
                f"{summary}; routed to {target.code}",
                actor,
            )
            _hand_over(session, ticket, report, source, target, rules)
        else:
            record_change(session, ticket, TicketStatus(ticket.status), summary, actor)
            set_deadline(session, ticket, category, report.created_at, rules.calendar)
        ticket.decision = {
            **decision.explanation,
            "classification": ticket.decision.get("classification"),
            "recategorized": {"from": old_category, "to": category, "by": actor},
        }
    save_ticket(session, ticket)
    return ticket


def _hand_over(
    session: Session,
    ticket: Ticket,
    report: Report,
    source: Department,
    target: Department,
    rules: TicketRules,
) -> None:
    """Move ticket and report to the target department; a new authority gets its own clock."""
    ticket.department_id = target.id
    report.department_id, report.authority_id = target.id, target.authority_id
    start = report.created_at if target.authority_id == source.authority_id else utc_now()
    set_deadline(session, ticket, report.category_code or FALLBACK_CATEGORY, start, rules.calendar)


def _keep_feedback(
    session: Session,
    ticket: Ticket,
    kind: FeedbackKind,
    actor: str,
    source: Department,
    target: Department,
    from_category: str | None,
    to_category: str | None,
    reason: str | None,
) -> None:
    session.add(
        RoutingFeedback(
            ticket_id=ticket.id,
            kind=kind,
            actor=actor,
            # Whose zones decided the first routing: they are the ones GIS staff must check.
            authority_id=source.authority_id,
            from_department_id=source.id,
            to_department_id=target.id,
            from_category=from_category,
            to_category=to_category,
            reason=(reason or "").strip() or None,
        )
    )


def _department(session: Session, department_id: int) -> Department:
    department = repository.get_department(session, department_id)
    assert department is not None  # the foreign key guarantees it
    return department
