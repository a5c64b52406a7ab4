"""Queries of the reports domain."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from meldpunt.models import Authority, Category, Department, Photo, Report, ReportStatus
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
    """The report's photos in upload order."""
    return list(
        session.scalars(select(Photo).where(Photo.report_id == report_id).order_by(Photo.position))
    )


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
