"""Moving tickets through their lifecycle, with an audit row for every change. Flushes only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from meldpunt.models import StatusChange, Ticket, TicketStatus
from meldpunt.models.base import utc_now
from meldpunt.tickets.errors import NoteRequired, StaleTicket, TicketNotFound, TransitionNotAllowed
from meldpunt.tickets.transitions import ALLOWED, NOTE_REQUIRED, can_move


def get_ticket(session: Session, ticket_id: int) -> Ticket:
    """The ticket, or TicketNotFound."""
    ticket = session.get(Ticket, ticket_id)
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
    current = TicketStatus(ticket.status)
    if ticket.version != expected_version:
        raise StaleTicket(
            f"ticket {ticket_id} is at version {ticket.version} ({current}), not "
            f"{expected_version}: reload it and try again",
            current_status=current.value,
            current_version=ticket.version,
        )
    if not can_move(current, to):
        allowed = ", ".join(sorted(s.value for s in ALLOWED[current]))
        raise TransitionNotAllowed(
            f"a ticket that is {current} cannot become {to}; allowed: {allowed}",
            current_status=current.value,
            allowed=sorted(s.value for s in ALLOWED[current]),
        )
    note = (note or "").strip() or None
    if to in NOTE_REQUIRED and note is None:
        raise NoteRequired(f"moving a ticket to {to} needs a note", to=to.value)
    session.add(
        StatusChange(
            report_id=ticket.report_id,
            ticket_id=ticket.id,
            actor=actor,
            from_status=current,
            to_status=to,
            note=note,
        )
    )
    ticket.status = to
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
    return ticket


def ticket_history(session: Session, ticket_id: int) -> list[StatusChange]:
    """Every change of the ticket, oldest first."""
    return list(
        session.scalars(
            select(StatusChange)
            .where(StatusChange.ticket_id == ticket_id)
            .order_by(StatusChange.created_at, StatusChange.id)
        )
    )
