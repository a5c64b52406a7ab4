"""Tickets for staff: the queue, one ticket with its history, moving it, the original photo."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from geoalchemy2.shape import to_shape
from pydantic import BaseModel, Field

from meldpunt.accounts.errors import Forbidden
from meldpunt.accounts.schemas import Principal
from meldpunt.api.deps import PrincipalDep, StateDep, UnitOfWorkDep
from meldpunt.api.routers.media import media_url
from meldpunt.models import Photo, Report, Role, Ticket, TicketStatus
from meldpunt.reports.repository import list_photos
from meldpunt.tickets import repository
from meldpunt.tickets.errors import TicketNotFound
from meldpunt.tickets.service import ticket_history, transition_ticket

router = APIRouter(prefix="/api/v1/tickets", tags=["tickets"])


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


class HistoryEntry(BaseModel):
    """One audited change."""

    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    note: str | None


class TicketDetail(TicketSummary):
    """A ticket with its report, photos, routing explanation and history."""

    report_id: uuid.UUID
    location_note: str | None
    photos: list[dict[str, Any]]
    decision: dict[str, Any]
    history: list[HistoryEntry]


class TransitionIn(BaseModel):
    """Move a ticket; `version` is the one the client last saw."""

    to: TicketStatus
    note: str | None = Field(None, max_length=4000)
    version: int = Field(ge=1)


def _scope(principal: Principal) -> frozenset[int] | None:
    if principal.role == Role.ADMIN:
        return None
    if principal.role in (Role.FIELD_WORKER, Role.COORDINATOR):
        return principal.department_ids
    raise Forbidden(f"a {principal.role} does not handle tickets")


def _summary(ticket: Ticket, report: Report) -> dict[str, Any]:
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
    }


def _visible(unit: UnitOfWorkDep, principal: Principal, ticket_id: int) -> tuple[Ticket, Report]:
    found = repository.get_visible_ticket(unit.session, ticket_id, _scope(principal))
    if found is None:  # another department's ticket looks exactly like a missing one
        raise TicketNotFound(f"no ticket {ticket_id}", ticket_id=ticket_id)
    return found


@router.get("", operation_id="list_tickets")
def list_tickets(
    principal: PrincipalDep,
    unit: UnitOfWorkDep,
    status: Annotated[list[TicketStatus] | None, Query()] = None,
    category: str | None = None,
    near: Annotated[
        str | None, Query(pattern=r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$", description="lat,lon")
    ] = None,
    sort: Annotated[str, Query(pattern="^(distance|created)$")] = "created",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[TicketSummary]:
    """The asker's tickets: nearest first (`sort=distance&near=lat,lon`) or newest first."""
    point = tuple(float(v) for v in near.split(",")) if near else None
    rows = repository.list_tickets(
        unit.session,
        department_ids=_scope(principal),
        statuses=[s.value for s in status or []],
        category=category,
        near=point if point and len(point) == 2 else None,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return [TicketSummary(**_summary(t, r)) for t, r in rows]


def _detail(unit: UnitOfWorkDep, ticket: Ticket, report: Report, base: str) -> TicketDetail:
    photos = [
        {
            "position": p.position,
            "thumbnail_url": media_url(base, p.thumbnail_key),
            "url": media_url(base, p.display_key),
            "original_url": None
            if p.original_deleted_at
            else f"{base}/api/v1/tickets/{ticket.id}/photos/{p.position}/original",
        }
        for p in list_photos(unit.session, report.id)
    ]
    history = [
        HistoryEntry(
            at=h.created_at,
            actor=h.actor,
            from_status=h.from_status,
            to_status=h.to_status,
            note=h.note,
        )
        for h in ticket_history(unit.session, ticket.id)
    ]
    return TicketDetail(
        **_summary(ticket, report),
        report_id=report.id,
        location_note=report.location_note,
        photos=photos,
        decision=ticket.decision,
        history=history,
    )


@router.get("/{ticket_id}", operation_id="get_ticket")
def get_ticket(
    ticket_id: int, principal: PrincipalDep, state: StateDep, unit: UnitOfWorkDep
) -> TicketDetail:
    """One ticket: report, photos (original too, for staff), routing explanation, history."""
    ticket, report = _visible(unit, principal, ticket_id)
    return _detail(unit, ticket, report, state.settings.public_base_url)


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
    _visible(unit, principal, ticket_id)
    transition_ticket(
        unit.session,
        ticket_id=ticket_id,
        to=body.to,
        note=body.note,
        expected_version=body.version,
        actor=f"user:{principal.user_id}",
    )
    ticket, report = _visible(unit, principal, ticket_id)
    return _detail(unit, ticket, report, state.settings.public_base_url)


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
    """The original photo, for staff of the responsible department only; never cached."""
    _, report = _visible(unit, principal, ticket_id)
    photo: Photo | None = next(
        (p for p in list_photos(unit.session, report.id) if p.position == position), None
    )
    if photo is None or photo.original_deleted_at is not None:
        raise TicketNotFound(f"ticket {ticket_id} has no original photo {position}")
    return Response(
        state.media.private.get(photo.original_key),
        media_type=photo.content_type,
        headers={"Cache-Control": "private, no-store"},
    )
