"""What a resident can do with the tracking token of their report: no account needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from meldpunt.models import Report, StatusChange, Ticket, TicketStatus
from meldpunt.reports import repository
from meldpunt.reports.errors import ReportNotFound
from meldpunt.reports.service import hash_tracking_token
from meldpunt.tickets.errors import NoteRequired, TransitionNotAllowed
from meldpunt.tickets.service import move_ticket, save_ticket

RESIDENT_ACTOR = "resident"
# Notes a resident should read: why it was rejected, what was done, why it was reopened.
# Other notes (forwarding between departments, internal remarks) stay with staff.
_PUBLIC_NOTES = frozenset(
    {TicketStatus.RESOLVED, TicketStatus.REJECTED, TicketStatus.DUPLICATE, TicketStatus.REOPENED}
)
REOPENABLE = frozenset({TicketStatus.RESOLVED, TicketStatus.CLOSED})


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One step of a report's progress as the resident sees it."""

    at: datetime
    status: str
    note: str | None


def report_for_token(session: Session, token: str) -> Report:
    """The report this tracking token belongs to; an unknown token looks like no report."""
    report = session.scalar(
        select(Report).where(Report.tracking_token_hash == hash_tracking_token(token.strip()))
    )
    if report is None:
        raise ReportNotFound("no report with this tracking token")
    return report


def resident_timeline(session: Session, report: Report) -> list[TimelineEntry]:
    """The report's own steps and those of the ticket handling it, oldest first."""
    ticket = repository.ticket_of(session, report)
    where = StatusChange.report_id == report.id
    if ticket is not None:
        where = or_(where, StatusChange.ticket_id == ticket.id)
    changes = session.scalars(
        select(StatusChange).where(where).order_by(StatusChange.created_at, StatusChange.id)
    )
    return [
        TimelineEntry(
            change.created_at,
            change.to_status,
            change.note if change.to_status in _PUBLIC_NOTES else None,
        )
        for change in changes
        # Lines where the status stayed the same ("+1" joined, category changed) are staff's.
        if change.from_status != change.to_status
    ]


def reopen_by_resident(session: Session, report: Report, note: str) -> Ticket:
    """The resident says the problem is back or was never fixed: the ticket is reopened."""
    ticket = repository.ticket_of(session, report)
    if ticket is None or ticket.status not in REOPENABLE:
        status = ticket.status if ticket is not None else report.status
        raise TransitionNotAllowed(
            f"only a resolved report can be reopened; this one is {status}",
            current_status=status,
        )
    if not note.strip():
        raise NoteRequired("say what is still wrong", to=TicketStatus.REOPENED.value)
    move_ticket(session, ticket, TicketStatus.REOPENED, note.strip(), RESIDENT_ACTOR)
    save_ticket(session, ticket)
    return ticket
