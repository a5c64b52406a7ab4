"""Queries of the reports domain."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from meldpunt.core.geo import BoundingBox
from meldpunt.models import Authority, Category, Department, Photo, Report, ReportStatus, Ticket
from meldpunt.models.base import utc_now


def get_report(
    session: Session, report_id: uuid.UUID, *, for_update: bool = False
) -> Report | None:
    """The report, optionally locked for the rest of the transaction (PostgreSQL)."""
    query = select(Report).where(Report.id == report_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def list_photos(session: Session, report_id: uuid.UUID) -> list[Photo]:
    """The resident's photos of the report in upload order (not the staff's "after" photos)."""
    return list(
        session.scalars(
            select(Photo)
            .where(Photo.report_id == report_id, Photo.note_id.is_(None))
            .order_by(Photo.position)
        )
    )


def first_thumbnails(session: Session, report_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
    """The thumbnail (if made yet) of each report's first resident photo, in one query."""
    if not report_ids:
        return {}
    rows = session.execute(
        select(Photo.report_id, Photo.thumbnail_key)
        .where(
            Photo.report_id.in_(report_ids),
            Photo.note_id.is_(None),
        )
        .order_by(Photo.report_id, Photo.position.desc())
    )
    # Ordered by position descending, so the first photo is written last and wins.
    return {row[0]: row[1] for row in rows}


def get_photo(session: Session, report_id: uuid.UUID, position: int) -> Photo | None:
    """The report's photo at a position: the resident's or a staff "after" photo."""
    return session.scalar(
        select(Photo).where(Photo.report_id == report_id, Photo.position == position)
    )


def list_categories(session: Session) -> list[Category]:
    """Every category."""
    return list(session.scalars(select(Category)))


def get_category(session: Session, code: str | None) -> Category | None:
    """A category by code."""
    return session.get(Category, code) if code else None


def get_authority(session: Session, authority_id: int | None) -> Authority | None:
    """An authority by id."""
    return session.get(Authority, authority_id) if authority_id is not None else None


def get_department(session: Session, department_id: int | None) -> Department | None:
    """A department by id."""
    return session.get(Department, department_id) if department_id is not None else None


def list_unprocessed_report_ids(session: Session, *, older_than_s: int) -> list[uuid.UUID]:
    """Reports still waiting for the pipeline after `older_than_s` seconds (for the sweeper)."""
    cutoff = utc_now() - timedelta(seconds=older_than_s)
    return list(
        session.scalars(
            select(Report.id)
            .where(Report.status == ReportStatus.RECEIVED, Report.created_at < cutoff)
            .order_by(Report.created_at)
        )
    )


def list_expired_originals(session: Session, *, older_than_days: int) -> list[Photo]:
    """Photos whose original is past the retention period and not yet deleted."""
    cutoff = utc_now() - timedelta(days=older_than_days)
    return list(
        session.scalars(
            select(Photo).where(Photo.created_at < cutoff, Photo.original_deleted_at.is_(None))
        )
    )


def original_still_needed(session: Session, original_key: str, *, except_ids: set[int]) -> bool:
    """True when another photo within its retention shares these bytes (same content key)."""
    return (
        session.scalar(
            select(Photo.id)
            .where(
                Photo.original_key == original_key,
                Photo.original_deleted_at.is_(None),
                Photo.id.not_in(except_ids),
            )
            .limit(1)
        )
        is not None
    )


def reports_with_tickets_in_box(
    session: Session, box: BoundingBox, ticket_statuses: frozenset[str]
) -> list[tuple[Report, Ticket, float, float]]:
    """Reports owning a ticket in one of the states, inside the box: (report, ticket, lat, lon)."""
    x, y = func.ST_X(Report.location), func.ST_Y(Report.location)
    rows: Any = session.execute(
        select(Report, Ticket, y, x)
        .join(Ticket, Ticket.report_id == Report.id)
        .where(
            Ticket.status.in_(ticket_statuses),
            y.between(box.min_lat, box.max_lat),
            x.between(box.min_lon, box.max_lon),
        )
    )
    return [(r[0], r[1], float(r[2]), float(r[3])) for r in rows]


def supporter_counts(session: Session, ticket_ids: list[int]) -> dict[int, int]:
    """How many "+1" reports joined each ticket."""
    if not ticket_ids:
        return {}
    rows = session.execute(
        select(Report.linked_ticket_id, func.count())
        .where(Report.linked_ticket_id.in_(ticket_ids))
        .group_by(Report.linked_ticket_id)
    )
    return {int(ticket_id): int(count) for ticket_id, count in rows if ticket_id is not None}


def ticket_of(session: Session, report: Report) -> Ticket | None:
    """The ticket handling the report: its own, or the one it joined as a "+1"."""
    if report.linked_ticket_id is not None:
        return session.get(Ticket, report.linked_ticket_id)
    return session.scalar(select(Ticket).where(Ticket.report_id == report.id))
