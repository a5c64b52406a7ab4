"""Queries for tickets, always within what the asker may see."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import Session

from meldpunt.models import Department, Report, RoutingFeedback, Ticket
from meldpunt.models.base import utc_now
from meldpunt.tickets.service_levels import OPEN_STATUSES


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
