"""Duplicates: a new report joins an open ticket for the same problem ("+1"), and staff can
mark or unmark duplicates by hand. Distances are geodesic metres on every backend."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from meldpunt.core.geo import box_around, distance_m
from meldpunt.models import Report, ReportStatus, StatusChange, Ticket, TicketStatus
from meldpunt.tickets import repository
from meldpunt.tickets.errors import InvalidDuplicate, ReportNotLinked
from meldpunt.tickets.schemas import DuplicateMatch, DuplicateRules, TicketRules
from meldpunt.tickets.service import (
    check_version,
    get_ticket,
    move_ticket,
    open_ticket,
    record_change,
    report_of,
    save_ticket,
    with_note,
)


def find_open_duplicate(
    session: Session,
    *,
    lat: float,
    lon: float,
    category: str,
    received_at: datetime,
    phashes: list[str],
    rules: DuplicateRules,
    exclude_report_id: uuid.UUID | None = None,
) -> DuplicateMatch | None:
    """The open ticket of the same category nearest to the point, within the rules; the one
    with a similar photo wins over a nearer one without."""
    candidates = repository.open_tickets_in_box(
        session,
        category=category,
        box=box_around(lat, lon, rules.photo_radius_m),
        created_from=received_at - timedelta(days=rules.period_days),
        created_until=received_at,
        exclude_report_id=exclude_report_id,
    )
    matches = []
    for ticket_id, report_id, their_lat, their_lon in candidates:
        metres = distance_m(lat, lon, their_lat, their_lon)
        if metres > rules.photo_radius_m:
            continue
        similar = _has_similar_photo(session, report_id, phashes, rules.max_photo_distance)
        if metres <= rules.radius_m or similar:
            matches.append(DuplicateMatch(ticket_id, metres, similar))
    if not matches:
        return None
    return min(matches, key=lambda m: (not m.similar_photo, m.distance_m, m.ticket_id))


def _has_similar_photo(
    session: Session, report_id: uuid.UUID, phashes: list[str], max_distance: int
) -> bool:
    if not phashes:
        return False
    theirs = repository.resident_photo_hashes(session, report_id)
    return any(
        photo_distance(mine, their) <= max_distance for their in theirs if their for mine in phashes
    )


def photo_distance(first: str, second: str) -> int:
    """Bits that differ between two hex perceptual hashes."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


def link_report(session: Session, report: Report, match: DuplicateMatch, actor: str) -> Ticket:
    """Add the report to the ticket as a "+1" instead of opening a second ticket."""
    ticket = get_ticket(session, match.ticket_id)
    owner = report_of(session, ticket)
    report.linked_ticket_id = ticket.id
    report.department_id = ticket.department_id
    report.authority_id = owner.authority_id
    session.add(
        StatusChange(
            report_id=report.id,
            actor=actor,
            from_status=report.status,
            to_status=ReportStatus.LINKED,
            note=f"joined ticket {ticket.id}: {match.describe()}",
        )
    )
    report.status = ReportStatus.LINKED
    record_change(
        session,
        ticket,
        TicketStatus(ticket.status),
        f"+1 from report {report.id}: {match.describe()}",
        actor,
    )
    save_ticket(session, ticket)
    return ticket


def mark_duplicate(
    session: Session,
    *,
    ticket_id: int,
    of_ticket_id: int,
    note: str | None,
    expected_version: int,
    actor: str,
) -> Ticket:
    """Mark a ticket as a duplicate of another (open or not); its "+1"s move along."""
    ticket = get_ticket(session, ticket_id)
    check_version(ticket, expected_version)
    original = get_ticket(session, of_ticket_id)
    while original.duplicate_of_id is not None:  # point at the ticket that is worked on
        original = get_ticket(session, original.duplicate_of_id)
    if original.id == ticket.id:
        raise InvalidDuplicate(
            f"ticket {ticket_id} cannot be a duplicate of itself", field="of_ticket_id"
        )
    reason = f"duplicate of ticket {original.id}" + (
        f": {note.strip()}" if note and note.strip() else ""
    )
    move_ticket(session, ticket, TicketStatus.DUPLICATE, reason, actor)
    ticket.duplicate_of_id = original.id
    save_ticket(session, ticket)
    return ticket


def unmark_duplicate(
    session: Session, *, ticket_id: int, note: str | None, expected_version: int, actor: str
) -> Ticket:
    """Undo a duplicate mark: the ticket is reopened as a problem of its own."""
    ticket = get_ticket(session, ticket_id)
    check_version(ticket, expected_version)
    if ticket.status != TicketStatus.DUPLICATE:
        raise InvalidDuplicate(f"ticket {ticket_id} is not marked as a duplicate", field="ticket")
    reason = with_note(f"not a duplicate of ticket {ticket.duplicate_of_id}", note)
    move_ticket(session, ticket, TicketStatus.REOPENED, reason, actor)
    ticket.duplicate_of_id = None
    save_ticket(session, ticket)
    return ticket


def unlink_report(
    session: Session, *, ticket_id: int, report_id: uuid.UUID, rules: TicketRules, actor: str
) -> Ticket:
    """A "+1" that is a different problem after all gets a ticket of its own (same department)."""
    ticket = get_ticket(session, ticket_id)
    report = repository.get_report(session, report_id)
    if report is None or report.linked_ticket_id != ticket.id:
        raise ReportNotLinked(
            f"report {report_id} is not a +1 of ticket {ticket_id}", report_id=str(report_id)
        )
    report.linked_ticket_id = None
    report.status = ReportStatus.ROUTED
    record_change(
        session, ticket, TicketStatus(ticket.status), f"report {report.id} unlinked", actor
    )
    save_ticket(session, ticket)
    return open_ticket(
        session,
        report,
        department_id=ticket.department_id,
        decision={**ticket.decision, "unlinked_from_ticket": ticket.id},
        calendar=rules.calendar,
        actor=actor,
        note=f"unlinked from ticket {ticket.id}: a problem of its own",
    )
