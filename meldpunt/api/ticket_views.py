"""What staff see of a ticket: scoping to their departments and the JSON shapes of a ticket."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from geoalchemy2.shape import to_shape
from pydantic import BaseModel
from sqlalchemy.orm import Session

from meldpunt.accounts.errors import Forbidden
from meldpunt.accounts.schemas import Principal
from meldpunt.api.routers.media import media_url
from meldpunt.models import Photo, Report, Role, Ticket, TicketNote
from meldpunt.reports.repository import list_photos
from meldpunt.tickets import repository
from meldpunt.tickets.errors import TicketNotFound
from meldpunt.tickets.notes import list_notes
from meldpunt.tickets.service import ticket_history


class TicketSummary(BaseModel):
    """A line in a worker's queue."""

    id: int
    status: str
    version: int
    department_id: int
    category: str | None
    description: str
    lat: float | None
    lon: float | None
    created_at: datetime
    due_at: datetime | None
    overdue: bool
    duplicate_of: int | None


class HistoryEntry(BaseModel):
    """One audited change."""

    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    note: str | None


class StaffPhoto(BaseModel):
    """A photo as staff see it: derivatives plus the private original while it is kept."""

    position: int
    thumbnail_url: str | None
    url: str | None
    original_url: str | None


class NoteOut(BaseModel):
    """A staff note, with its "after" photos."""

    id: int
    at: datetime
    actor: str
    text: str
    photos: list[StaffPhoto]


class LinkedReport(BaseModel):
    """A later report of the same problem that joined this ticket ("+1")."""

    report_id: uuid.UUID
    description: str
    created_at: datetime
    photos: list[StaffPhoto]


class TicketDetail(TicketSummary):
    """A ticket with its report, photos, routing explanation, notes, "+1"s and history."""

    report_id: uuid.UUID
    location_note: str | None
    photos: list[StaffPhoto]
    decision: dict[str, Any]
    notes: list[NoteOut]
    linked_reports: list[LinkedReport]
    history: list[HistoryEntry]


def ticket_scope(principal: Principal) -> frozenset[int] | None:
    """The departments whose tickets the principal handles (None: all); Forbidden otherwise."""
    if principal.role == Role.ADMIN:
        return None
    if principal.role in (Role.FIELD_WORKER, Role.COORDINATOR):
        return principal.department_ids
    raise Forbidden(f"a {principal.role} does not handle tickets")


def visible_ticket(session: Session, principal: Principal, ticket_id: int) -> tuple[Ticket, Report]:
    """The ticket and its report if the principal may see it; another department's ticket
    looks exactly like a missing one."""
    found = repository.get_visible_ticket(session, ticket_id, ticket_scope(principal))
    if found is None:
        raise TicketNotFound(f"no ticket {ticket_id}", ticket_id=ticket_id)
    return found


def ticket_summary(ticket: Ticket, report: Report) -> dict[str, Any]:
    """The queue line's fields."""
    point = to_shape(report.location) if report.location is not None else None
    return {
        "id": ticket.id,
        "status": ticket.status,
        "version": ticket.version,
        "department_id": ticket.department_id,
        "category": report.category_code,
        "description": report.description,
        "lat": point.y if point else None,
        "lon": point.x if point else None,
        "created_at": ticket.created_at,
        "due_at": ticket.due_at,
        "overdue": repository.is_overdue(ticket),
        "duplicate_of": ticket.duplicate_of_id,
    }


def ticket_detail(session: Session, ticket: Ticket, report: Report, base: str) -> TicketDetail:
    """Everything staff need to work on the ticket."""

    def photos(rows: list[Photo]) -> list[StaffPhoto]:
        return [_staff_photo(ticket.id, p, base) for p in rows]

    return TicketDetail(
        **ticket_summary(ticket, report),
        report_id=report.id,
        location_note=report.location_note,
        photos=photos(list_photos(session, report.id)),
        decision=ticket.decision,
        notes=[note_out(ticket.id, n, ps, base) for n, ps in list_notes(session, ticket.id)],
        linked_reports=[
            LinkedReport(
                report_id=r.id,
                description=r.description,
                created_at=r.created_at,
                # Their originals belong to another report: not served through this ticket.
                photos=[
                    _staff_photo(ticket.id, p, base, original=False)
                    for p in list_photos(session, r.id)
                ],
            )
            for r in repository.linked_reports(session, ticket.id)
        ],
        history=[
            HistoryEntry(
                at=h.created_at,
                actor=h.actor,
                from_status=h.from_status,
                to_status=h.to_status,
                note=h.note,
            )
            for h in ticket_history(session, ticket.id)
        ],
    )


def note_out(ticket_id: int, note: TicketNote, photos: list[Photo], base: str) -> NoteOut:
    """A note as staff see it, with its photos."""
    return NoteOut(
        id=note.id,
        at=note.created_at,
        actor=note.actor,
        text=note.text,
        photos=[_staff_photo(ticket_id, p, base) for p in photos],
    )


def _staff_photo(ticket_id: int, photo: Photo, base: str, *, original: bool = True) -> StaffPhoto:
    return StaffPhoto(
        position=photo.position,
        thumbnail_url=media_url(base, photo.thumbnail_key),
        url=media_url(base, photo.display_key),
        original_url=f"{base}/api/v1/tickets/{ticket_id}/photos/{photo.position}/original"
        if original and photo.original_deleted_at is None
        else None,
    )
