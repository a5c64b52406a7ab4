"""Tickets for staff: the queue, one ticket with its history, moving it, the original photo."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from meldpunt.api.deps import PrincipalDep, StateDep, UnitOfWorkDep
from meldpunt.api.ticket_views import (
    TicketDetail,
    TicketSummary,
    ticket_detail,
    ticket_scope,
    ticket_summary,
    visible_ticket,
)
from meldpunt.models import TicketStatus
from meldpunt.reports.repository import get_photo
from meldpunt.tickets import repository
from meldpunt.tickets.errors import TicketNotFound
from meldpunt.tickets.service import transition_ticket

router = APIRouter(prefix="/api/v1/tickets", tags=["tickets"])


class TransitionIn(BaseModel):
    """Move a ticket; `version` is the one the client last saw."""

    to: TicketStatus
    note: str | None = Field(None, max_length=4000)
    version: int = Field(ge=1)


@router.get("", operation_id="list_tickets")
def list_tickets(
    principal: PrincipalDep,
    unit: UnitOfWorkDep,
    status: Annotated[list[TicketStatus] | None, Query()] = None,
    category: str | None = None,
    overdue: Annotated[bool | None, Query(description="Only (or no) overdue tickets")] = None,
    near: Annotated[
        str | None, Query(pattern=r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$", description="lat,lon")
    ] = None,
    sort: Annotated[str, Query(pattern="^(distance|deadline|created)$")] = "created",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[TicketSummary]:
    """The asker's tickets: nearest first (`sort=distance&near=lat,lon`), soonest deadline
    first (`sort=deadline`) or newest first; ties broken by id for stable pages."""
    point = tuple(float(v) for v in near.split(",")) if near else None
    rows = repository.list_tickets(
        unit.session,
        department_ids=ticket_scope(principal),
        statuses=[s.value for s in status or []],
        category=category,
        overdue=overdue,
        near=point if point and len(point) == 2 else None,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return [TicketSummary(**ticket_summary(t, r)) for t, r in rows]


@router.get("/{ticket_id}", operation_id="get_ticket")
def get_ticket(
    ticket_id: int, principal: PrincipalDep, state: StateDep, unit: UnitOfWorkDep
) -> TicketDetail:
    """One ticket: report, photos (original too, for staff), routing explanation, notes,
    "+1" reports, history."""
    ticket, report = visible_ticket(unit.session, principal, ticket_id)
    return ticket_detail(unit.session, ticket, report, state.settings.public_base_url)


@router.post(
    "/{ticket_id}/transitions",
    operation_id="transition_ticket",
    responses={409: {"description": "Not allowed now, or changed meanwhile"}},
)
def move_ticket(
    ticket_id: int,
    body: TransitionIn,
    principal: PrincipalDep,
    state: StateDep,
    unit: UnitOfWorkDep,
) -> TicketDetail:
    """Move the ticket (new → accepted → in_progress → resolved, …) with a note."""
    visible_ticket(unit.session, principal, ticket_id)
    ticket = transition_ticket(
        unit.session,
        ticket_id=ticket_id,
        to=body.to,
        note=body.note,
        expected_version=body.version,
        actor=f"user:{principal.user_id}",
    )
    ticket, report = visible_ticket(unit.session, principal, ticket.id)
    return ticket_detail(unit.session, ticket, report, state.settings.public_base_url)


@router.get(
    "/{ticket_id}/photos/{position}/original",
    operation_id="get_original_photo",
    response_class=Response,
)
def get_original_photo(
    ticket_id: int,
    position: int,
    principal: PrincipalDep,
    state: StateDep,
    unit: UnitOfWorkDep,
) -> Response:
    """An original photo (the resident's or an "after" photo), for staff of the responsible
    department only; never cached."""
    _, report = visible_ticket(unit.session, principal, ticket_id)
    photo = get_photo(unit.session, report.id, position)
    if photo is None or photo.original_deleted_at is not None:
        raise TicketNotFound(f"ticket {ticket_id} has no original photo {position}")
    return Response(
        state.media.private.get(photo.original_key),
        media_type=photo.content_type,
        headers={"Cache-Control": "private, no-store"},
    )
