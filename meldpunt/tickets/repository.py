"""Queries for tickets, always within what the asker may see."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from meldpunt.models import Report, Ticket


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
    if sort == "distance" and near is not None:
        lat, lon = near
        # Equirectangular distance: longitude shrunk by cos(latitude), so the order is the
        # order in metres at city scale, and the same SQL runs on SpatiaLite and PostGIS.
        dx = (func.ST_X(Report.location) - lon) * math.cos(math.radians(lat))
        dy = func.ST_Y(Report.location) - lat
        query = query.order_by(dx * dx + dy * dy, Ticket.id)
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
