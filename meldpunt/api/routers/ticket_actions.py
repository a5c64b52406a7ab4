"""Staff work on a ticket besides status moves: notes with "after" photos, forwarding,
recategorizing, and marking or undoing duplicates."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from meldpunt.api.deps import PrincipalDep, StateDep, UnitOfWorkDep
from meldpunt.api.ticket_views import (
    NoteOut,
    TicketDetail,
    note_out,
    ticket_detail,
    visible_ticket,
)
from meldpunt.api.uploads import NoteFields, form_schema, read_form
from meldpunt.tickets import repository
from meldpunt.tickets.corrections import forward_ticket, recategorize_ticket
from meldpunt.tickets.duplicates import mark_duplicate, unlink_report, unmark_duplicate
from meldpunt.tickets.notes import add_note, list_note_photos

router = APIRouter(prefix="/api/v1/tickets", tags=["tickets"])

_CHANGED: dict[int | str, dict[str, Any]] = {
    409: {"description": "Not allowed now, or changed meanwhile"}
}


class ForwardIn(BaseModel):
    """Hand the ticket to another department."""

    department: str = Field(min_length=1, max_length=64, description="Department code")
    reason: str = Field(min_length=1, max_length=4000)
    version: int = Field(ge=1)


class RecategorizeIn(BaseModel):
    """Give the report another category; routing runs again."""

    category: str = Field(min_length=1, max_length=64)
    note: str | None = Field(None, max_length=4000)
    version: int = Field(ge=1)


class DuplicateIn(BaseModel):
    """Mark the ticket as a duplicate of another ticket."""

    of_ticket_id: int = Field(ge=1)
    note: str | None = Field(None, max_length=4000)
    version: int = Field(ge=1)


class UnmarkDuplicateIn(BaseModel):
    """Undo a duplicate mark."""

    note: str | None = Field(None, max_length=4000)
    version: int = Field(ge=1)


def _actor(principal: PrincipalDep) -> str:
    return f"user:{principal.user_id}"


def _answer(
    unit: UnitOfWorkDep, principal: PrincipalDep, state: StateDep, ticket_id: int
) -> TicketDetail:
    ticket, report = visible_ticket(unit.session, principal, ticket_id)
    return ticket_detail(unit.session, ticket, report, state.settings.public_base_url)


@router.post(
    "/{ticket_id}/notes",
    status_code=status.HTTP_201_CREATED,
    operation_id="add_ticket_note",
    openapi_extra={"requestBody": form_schema(NoteFields)},
    responses={413: {"description": "Photo too large"}, 415: {"description": "Not an image"}},
)
async def add_ticket_note(
    ticket_id: int, request: Request, principal: PrincipalDep, state: StateDep, unit: UnitOfWorkDep
) -> NoteOut:
    """Add a note, optionally with "after" photos (multipart fields `text`, `photo`); the
    photos' display images and thumbnails follow from the pipeline."""
    visible_ticket(unit.session, principal, ticket_id)
    fields, photos = await read_form(request, NoteFields, state.limits)
    note = add_note(
        unit.session,
        ticket_id=ticket_id,
        text=fields.text,
        photos=photos,
        media=state.media,
        limits=state.limits,
        actor=_actor(principal),
    )
    if photos:
        unit.notes_to_derive.append(note.id)
    photos_of_note = list_note_photos(unit.session, [note.id])
    return note_out(ticket_id, note, photos_of_note, state.settings.public_base_url)


@router.post("/{ticket_id}/forward", operation_id="forward_ticket", responses=_CHANGED)
def forward(
    ticket_id: int, body: ForwardIn, principal: PrincipalDep, state: StateDep, unit: UnitOfWorkDep
) -> TicketDetail:
    """Hand the ticket to another department with a reason (kept as feedback for GIS staff).
    The answer shows the ticket as handed over; after that only the new department sees it."""
    visible_ticket(unit.session, principal, ticket_id)
    ticket = forward_ticket(
        unit.session,
        ticket_id=ticket_id,
        department_code=body.department,
        reason=body.reason,
        expected_version=body.version,
        actor=_actor(principal),
        rules=state.tickets,
    )
    return _as_handed_over(unit, state, ticket.id)


@router.post("/{ticket_id}/recategorize", operation_id="recategorize_ticket", responses=_CHANGED)
def recategorize(
    ticket_id: int,
    body: RecategorizeIn,
    principal: PrincipalDep,
    state: StateDep,
    unit: UnitOfWorkDep,
) -> TicketDetail:
    """Change the category; routing runs again and, if another department is responsible
    now, the ticket is forwarded there. Kept as training data for the classifier."""
    visible_ticket(unit.session, principal, ticket_id)
    ticket = recategorize_ticket(
        unit.session,
        ticket_id=ticket_id,
        category=body.category,
        note=body.note,
        expected_version=body.version,
        actor=_actor(principal),
        routing=state.routing,
        rules=state.tickets,
    )
    return _as_handed_over(unit, state, ticket.id)


@router.post("/{ticket_id}/duplicate", operation_id="mark_duplicate", responses=_CHANGED)
def mark_as_duplicate(
    ticket_id: int, body: DuplicateIn, principal: PrincipalDep, state: StateDep, unit: UnitOfWorkDep
) -> TicketDetail:
    """Mark the ticket as a duplicate of another ticket the asker can see."""
    visible_ticket(unit.session, principal, ticket_id)
    visible_ticket(unit.session, principal, body.of_ticket_id)
    mark_duplicate(
        unit.session,
        ticket_id=ticket_id,
        of_ticket_id=body.of_ticket_id,
        note=body.note,
        expected_version=body.version,
        actor=_actor(principal),
    )
    return _answer(unit, principal, state, ticket_id)


@router.delete("/{ticket_id}/duplicate", operation_id="unmark_duplicate", responses=_CHANGED)
def unmark_as_duplicate(
    ticket_id: int,
    body: UnmarkDuplicateIn,
    principal: PrincipalDep,
    state: StateDep,
    unit: UnitOfWorkDep,
) -> TicketDetail:
    """Undo a duplicate mark: the ticket is reopened as a problem of its own."""
    visible_ticket(unit.session, principal, ticket_id)
    unmark_duplicate(
        unit.session,
        ticket_id=ticket_id,
        note=body.note,
        expected_version=body.version,
        actor=_actor(principal),
    )
    return _answer(unit, principal, state, ticket_id)


@router.delete(
    "/{ticket_id}/linked-reports/{report_id}",
    operation_id="unlink_report",
    status_code=status.HTTP_201_CREATED,
)
def unlink(
    ticket_id: int,
    report_id: uuid.UUID,
    principal: PrincipalDep,
    state: StateDep,
    unit: UnitOfWorkDep,
) -> TicketDetail:
    """A "+1" report that is a different problem after all: it gets a ticket of its own,
    which is the answer."""
    visible_ticket(unit.session, principal, ticket_id)
    new_ticket = unlink_report(
        unit.session,
        ticket_id=ticket_id,
        report_id=report_id,
        rules=state.tickets,
        actor=_actor(principal),
    )
    return _answer(unit, principal, state, new_ticket.id)


def _as_handed_over(unit: UnitOfWorkDep, state: StateDep, ticket_id: int) -> TicketDetail:
    # The asker just acted on the ticket, so showing the result is fine even when it now
    # belongs to a department the asker cannot see.
    found = repository.get_visible_ticket(unit.session, ticket_id, None)
    assert found is not None  # it was just changed in this transaction
    return ticket_detail(unit.session, *found, state.settings.public_base_url)
