"""Queries for tickets, always within what the asker may see."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import Session

from meldpunt.core.geo import BoundingBox
from meldpunt.models import (
    Department,
    Photo,
    Report,
    RoutingFeedback,
    ServiceLevel,
    StatusChange,
    Ticket,
    TicketNote,
)
from meldpunt.models.base import utc_now
from meldpunt.tickets.transitions import OPEN_STATUSES


def visible_tickets(department_ids: frozenset[int] | None) -> Any:  # Select of (Ticket, Report)
    """Tickets with their report; `None` means every department (admins)."""
    query = select(Ticket, Report).join(Report, Report.id == Ticket.report_id)
    if department_ids is not None:
        query = query.where(Ticket.department_id.in_(department_ids))
    return query


def list_tickets(
    session: Session,
    *,
    department_ids: frozenset[int] | None,
    statuses: Sequence[str],
    category: str | None,
    overdue: bool | None,
    near: tuple[float, float] | None,
    sort: str,
    limit: int,
    offset: int,
) -> list[tuple[Ticket, Report]]:
    """A page of tickets; ties broken by id so pages never overlap or skip."""
    query = visible_tickets(department_ids)
    if statuses:
        query = query.where(Ticket.status.in_(statuses))
    if category:
        query = query.where(Report.category_code == category)
    if overdue is not None:
        late = and_(Ticket.status.in_(OPEN_STATUSES), Ticket.due_at < utc_now())
        query = query.where(late if overdue else not_(late) | Ticket.due_at.is_(None))
    if sort == "distance" and near is not None:
        lat, lon = near
        # Equirectangular distance: longitude shrunk by cos(latitude), so the order is the
        # order in metres at city scale, and the same SQL runs on SpatiaLite and PostGIS.
        dx = (func.ST_X(Report.location) - lon) * math.cos(math.radians(lat))
        dy = func.ST_Y(Report.location) - lat
        query = query.order_by(dx * dx + dy * dy, Ticket.id)
    elif sort == "deadline":  # soonest (or longest overdue) first; no deadline last
        query = query.order_by(Ticket.due_at.is_(None), Ticket.due_at, Ticket.id)
    else:
        query = query.order_by(Ticket.created_at.desc(), Ticket.id.desc())
    rows: list[Any] = list(session.execute(query.limit(limit).offset(offset)))
    return [(row[0], row[1]) for row in rows]


def get_visible_ticket(
    session: Session, ticket_id: int, department_ids: frozenset[int] | None
) -> tuple[Ticket, Report] | None:
    """The ticket and its report, or None when it does not exist or is not the asker's."""
    row: Any = session.execute(
        visible_tickets(department_ids).where(Ticket.id == ticket_id)
    ).first()
    return (row[0], row[1]) if row else None


def is_overdue(ticket: Ticket) -> bool:
    """Past its deadline with work still to do."""
    return (
        ticket.due_at is not None and ticket.status in OPEN_STATUSES and ticket.due_at < utc_now()
    )


def linked_reports(session: Session, ticket_id: int) -> list[Report]:
    """The "+1" reports that joined the ticket, oldest first."""
    return list(
        session.scalars(
            select(Report)
            .where(Report.linked_ticket_id == ticket_id)
            .order_by(Report.created_at, Report.id)
        )
    )


def list_feedback(
    session: Session, *, authority_id: int | None, kind: str | None, limit: int, offset: int
) -> list[tuple[RoutingFeedback, Report]]:
    """Corrections of routing decisions, newest first; `authority_id` None means all."""
    query = (
        select(RoutingFeedback, Report)
        .join(Ticket, Ticket.id == RoutingFeedback.ticket_id)
        .join(Report, Report.id == Ticket.report_id)
    )
    if authority_id is not None:
        query = query.where(RoutingFeedback.authority_id == authority_id)
    if kind:
        query = query.where(RoutingFeedback.kind == kind)
    query = query.order_by(RoutingFeedback.created_at.desc(), RoutingFeedback.id.desc())
    rows: Any = session.execute(query.limit(limit).offset(offset))
    return [(row[0], row[1]) for row in rows]


def department_codes(session: Session, ids: set[int]) -> dict[int, str]:
    """Department codes by id."""
    if not ids:
        return {}
    rows = session.execute(select(Department.id, Department.code).where(Department.id.in_(ids)))
    return {int(i): str(c) for i, c in rows}


def get_ticket(session: Session, ticket_id: int) -> Ticket | None:
    """A ticket by id."""
    return session.get(Ticket, ticket_id)


def get_report(session: Session, report_id: uuid.UUID) -> Report | None:
    """A report by id."""
    return session.get(Report, report_id)


def get_department(session: Session, department_id: int) -> Department | None:
    """A department by id."""
    return session.get(Department, department_id)


def status_changes_of_ticket(session: Session, ticket_id: int) -> list[StatusChange]:
    """Every audit row of the ticket, oldest first."""
    return list(
        session.scalars(
            select(StatusChange)
            .where(StatusChange.ticket_id == ticket_id)
            .order_by(StatusChange.created_at, StatusChange.id)
        )
    )


def notes_of_ticket(session: Session, ticket_id: int) -> list[TicketNote]:
    """The ticket's notes, oldest first."""
    return list(
        session.scalars(
            select(TicketNote)
            .where(TicketNote.ticket_id == ticket_id)
            .order_by(TicketNote.created_at, TicketNote.id)
        )
    )


def photos_of_notes(session: Session, note_ids: list[int]) -> list[Photo]:
    """Photos of these notes, in position order."""
    if not note_ids:
        return []
    return list(
        session.scalars(select(Photo).where(Photo.note_id.in_(note_ids)).order_by(Photo.position))
    )


def last_photo_position(session: Session, report_id: uuid.UUID) -> int | None:
    """The highest photo position of the report (resident's and staff's), None without photos."""
    return session.scalar(select(func.max(Photo.position)).where(Photo.report_id == report_id))


def notes_with_photos_missing_derivatives(session: Session, created_before: datetime) -> list[int]:
    """Notes with a photo stored before `created_before` that still has no derivatives."""
    return list(
        session.scalars(
            select(Photo.note_id)
            .where(
                Photo.note_id.is_not(None),
                Photo.thumbnail_key.is_(None),
                Photo.created_at < created_before,
            )
            .distinct()
        )
    )


def get_service_level(
    session: Session, authority_id: int, category_code: str
) -> ServiceLevel | None:
    """The authority's own service level row for the category, if any."""
    return session.scalar(
        select(ServiceLevel).where(
            ServiceLevel.authority_id == authority_id,
            ServiceLevel.category_code == category_code,
        )
    )


def own_service_levels(session: Session, authority_id: int) -> dict[str, int]:
    """Working days by category code, for the categories the authority set itself."""
    rows = session.execute(
        select(ServiceLevel.category_code, ServiceLevel.working_days).where(
            ServiceLevel.authority_id == authority_id
        )
    )
    return {str(code): int(days) for code, days in rows}


def authority_ids_of_departments(session: Session, department_ids: frozenset[int]) -> set[int]:
    """The ids of the authorities these departments belong to."""
    if not department_ids:
        return set()
    return set(
        session.scalars(select(Department.authority_id).where(Department.id.in_(department_ids)))
    )


def open_tickets_in_box(
    session: Session,
    *,
    category: str,
    box: BoundingBox,
    created_from: datetime,
    created_until: datetime,
    exclude_report_id: uuid.UUID | None = None,
) -> list[tuple[int, uuid.UUID, float, float]]:
    """Open tickets of the category whose report (made in the period) lies in the box, as
    (ticket id, report id, lat, lon); unordered."""
    x, y = func.ST_X(Report.location), func.ST_Y(Report.location)
    query = (
        select(Ticket.id, Report.id, y, x)
        .join(Report, Report.id == Ticket.report_id)
        .where(
            Ticket.status.in_(OPEN_STATUSES),
            Report.category_code == category,
            Report.created_at >= created_from,
            Report.created_at <= created_until,
            y.between(box.min_lat, box.max_lat),
            x.between(box.min_lon, box.max_lon),
        )
    )
    if exclude_report_id is not None:
        query = query.where(Report.id != exclude_report_id)
    return [(t, r, lat, lon) for t, r, lat, lon in session.execute(query)]


def resident_photo_hashes(session: Session, report_id: uuid.UUID) -> list[str | None]:
    """Perceptual hashes of the resident's photos of the report (staff photos left out)."""
    return list(
        session.scalars(
            select(Photo.phash).where(
                Photo.report_id == report_id, Photo.note_id.is_(None), Photo.phash.is_not(None)
            )
        )
    )
