"""Moving tickets through their lifecycle, with an audit row for every change. Flushes only."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from meldpunt.core.taxonomy import FALLBACK_CATEGORY
from meldpunt.models import Report, StatusChange, Ticket, TicketStatus
from meldpunt.models.base import utc_now
from meldpunt.tickets import repository
from meldpunt.tickets.errors import NoteRequired, StaleTicket, TicketNotFound, TransitionNotAllowed
from meldpunt.tickets.service_levels import WorkingCalendar, deadline_for
from meldpunt.tickets.transitions import ALLOWED, NOTE_REQUIRED, can_move


def get_ticket(session: Session, ticket_id: int) -> Ticket:
    """The ticket, or TicketNotFound."""
    ticket = repository.get_ticket(session, ticket_id)
    if ticket is None:
        raise TicketNotFound(f"no ticket {ticket_id}", ticket_id=ticket_id)
    return ticket


def transition_ticket(
    session: Session,
    *,
    ticket_id: int,
    to: TicketStatus,
    note: str | None,
    expected_version: int,
    actor: str,
) -> Ticket:
    """Move a ticket to `to` if the table allows it and nobody changed it since
    `expected_version`; records who, when, from, to and the note."""
    ticket = get_ticket(session, ticket_id)
    check_version(ticket, expected_version)
    move_ticket(session, ticket, to, note, actor)
    save_ticket(session, ticket)
    return ticket


def check_version(ticket: Ticket, expected_version: int) -> None:
    """StaleTicket when the ticket moved on since the client read `expected_version`."""
    if ticket.version != expected_version:
        raise StaleTicket(
            f"ticket {ticket.id} is at version {ticket.version} ({ticket.status}), not "
            f"{expected_version}: reload it and try again",
            current_status=ticket.status,
            current_version=ticket.version,
        )


def move_ticket(
    session: Session, ticket: Ticket, to: TicketStatus, note: str | None, actor: str
) -> None:
    """Change the status as the transition table allows, with its audit row; no flush."""
    current = TicketStatus(ticket.status)
    if not can_move(current, to):
        allowed = sorted(s.value for s in ALLOWED[current])
        raise TransitionNotAllowed(
            f"a ticket that is {current} cannot become {to}; allowed: {', '.join(allowed)}",
            current_status=current.value,
            allowed=allowed,
        )
    note = (note or "").strip() or None
    if to in NOTE_REQUIRED and note is None:
        raise NoteRequired(f"moving a ticket to {to} needs a note", to=to.value)
    record_change(session, ticket, to, note, actor)
    ticket.status = to


def record_change(
    session: Session, ticket: Ticket, to: TicketStatus, note: str | None, actor: str
) -> None:
    """Add the audit row for a change of the ticket (its status may stay the same)."""
    session.add(
        StatusChange(
            report_id=ticket.report_id,
            ticket_id=ticket.id,
            actor=actor,
            from_status=ticket.status,
            to_status=to,
            note=note,
        )
    )


def save_ticket(session: Session, ticket: Ticket) -> None:
    """Flush the ticket's changes, failing with StaleTicket if someone else won the race."""
    ticket_id = ticket.id  # read now: after a failed flush the session cannot load it
    ticket.updated_at = utc_now()  # always an UPDATE, so the version moves even when the
    # status stays the same (forwarded again to yet another department)
    try:
        # The UPDATE checks the version it read (SQLAlchemy version_id_col): a concurrent
        # change that won the race makes this flush fail instead of overwriting it.
        session.flush()
    except StaleDataError:
        raise StaleTicket(
            f"ticket {ticket_id} was changed by someone else just now: reload it and try again",
            ticket_id=ticket_id,
        ) from None


def open_ticket(
    session: Session,
    report: Report,
    *,
    department_id: int,
    decision: dict[str, Any],
    calendar: WorkingCalendar,
    actor: str,
    note: str,
) -> Ticket:
    """A new ticket for the report at the department, with its deadline and first audit row."""
    category = report.category_code or FALLBACK_CATEGORY
    ticket = Ticket(
        report_id=report.id,
        department_id=department_id,
        status=TicketStatus.NEW,
        decision=decision,
        # Known before the INSERT, so a new ticket starts at version 1.
        due_at=deadline_for(session, department_id, category, report.created_at, calendar),
    )
    session.add(ticket)
    session.flush()
    session.add(
        StatusChange(
            report_id=report.id,
            ticket_id=ticket.id,
            actor=actor,
            from_status=None,
            to_status=ticket.status,
            note=note,
        )
    )
    session.flush()
    return ticket


def with_note(reason: str, note: str | None) -> str:
    """An audit line: the system's reason, then the person's own note when there is one."""
    return f"{reason}: {note.strip()}" if note and note.strip() else reason


def report_of(session: Session, ticket: Ticket) -> Report:
    """The report the ticket was opened for."""
    report = repository.get_report(session, ticket.report_id)
    assert report is not None  # the foreign key guarantees it
    return report


def ticket_history(session: Session, ticket_id: int) -> list[StatusChange]:
    """Every change of the ticket, oldest first."""
    return repository.status_changes_of_ticket(session, ticket_id)
