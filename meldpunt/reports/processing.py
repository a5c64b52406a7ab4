"""The pipeline's work on one report: photos → category → routing → ticket. Safe to repeat."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geoalchemy2.shape import to_shape
from sqlalchemy.orm import Session

from meldpunt.core.errors import MeldpuntError
from meldpunt.core.taxonomy import FALLBACK_CATEGORY
from meldpunt.media.schemas import PhotoLimits
from meldpunt.media.service import make_derivatives
from meldpunt.media.storage import MediaStorage
from meldpunt.models import CategorySource, Report, ReportStatus, StatusChange, Ticket, TicketStatus
from meldpunt.models.base import utc_now
from meldpunt.reports import repository
from meldpunt.reports.errors import ReportNotFound
from meldpunt.routing.classifier import CategoryGuess
from meldpunt.routing.errors import OutsideCoverage
from meldpunt.routing.service import RoutingService

logger = logging.getLogger(__name__)

PIPELINE_ACTOR = "system:pipeline"


@dataclass(frozen=True, slots=True)
class ProcessingContext:
    """What processing needs besides the session; built once per process."""

    routing: RoutingService
    classify: Callable[[str], list[CategoryGuess]]
    media: MediaStorage
    limits: PhotoLimits
    thumbnail_px: int
    confidence_threshold: float


def process_report(session: Session, report_id: uuid.UUID, context: ProcessingContext) -> str:
    """Run every stage that has not run yet for this report; returns the report's status."""
    report = repository.get_report(session, report_id, for_update=True)
    if report is None:
        raise ReportNotFound(f"no report with id {report_id}", report_id=str(report_id))
    if report.status != ReportStatus.RECEIVED:
        return report.status  # done by an earlier run: processing twice changes nothing
    report.processing_attempts += 1
    _make_derivatives(session, report, context)
    classification = _choose_category(report, context)
    if report.location is None:
        _finish(session, report, ReportStatus.FAILED, "the report has no location")
        return report.status
    point = to_shape(report.location)
    try:
        decision = context.routing.resolve(
            session, lon=point.x, lat=point.y, category_code=report.category_code
        )
    except OutsideCoverage as exc:
        _finish(session, report, ReportStatus.OUTSIDE_COVERAGE, exc.detail)
        return report.status
    except MeldpuntError as exc:
        _finish(session, report, ReportStatus.FAILED, exc.detail)
        return report.status
    report.authority_id = decision.authority.id
    report.department_id = decision.department.id
    ticket = Ticket(
        report_id=report.id,
        department_id=decision.department.id,
        status=TicketStatus.NEW,
        decision={**decision.explanation, "classification": classification},
    )
    session.add(ticket)
    session.flush()
    session.add(
        StatusChange(
            report_id=report.id,
            ticket_id=ticket.id,
            actor=PIPELINE_ACTOR,
            from_status=None,
            to_status=ticket.status,
            note=f"routed to {decision.department.code}: {decision.explanation['reason']}",
        )
    )
    _finish(session, report, ReportStatus.ROUTED, None)
    return report.status


def _make_derivatives(session: Session, report: Report, context: ProcessingContext) -> None:
    for photo in repository.list_photos(session, report.id):
        if photo.thumbnail_key is not None:
            continue
        try:
            original = context.media.private.get(photo.original_key)
            derived = make_derivatives(original, context.limits, thumbnail_px=context.thumbnail_px)
        except (KeyError, MeldpuntError, OSError, ValueError) as exc:
            # A photo problem must not stop the report from reaching a department.
            logger.warning("no derivatives for photo %s of report %s: %s", photo.id, report.id, exc)
            continue
        photo.display_key = context.media.public.put(derived.display, ".jpg")
        photo.thumbnail_key = context.media.public.put(derived.thumbnail, ".webp")
        photo.phash = derived.phash
    session.flush()


def _choose_category(report: Report, context: ProcessingContext) -> dict[str, Any]:
    """Set the category: confident classifier, else the resident's choice, else overig."""
    guesses = context.classify(report.description)
    best = guesses[0] if guesses else None
    if best is not None and best.probability >= context.confidence_threshold:
        report.category_code, report.category_source = best.category, CategorySource.CLASSIFIER
    elif report.requested_category:
        report.category_code, report.category_source = (
            report.requested_category,
            CategorySource.RESIDENT,
        )
    else:
        report.category_code, report.category_source = FALLBACK_CATEGORY, CategorySource.FALLBACK
    report.category_confidence = best.probability if best is not None else None
    return {
        "source": report.category_source,
        "threshold": context.confidence_threshold,
        "top": [{"category": g.category, "probability": round(g.probability, 4)} for g in guesses],
    }


def _finish(session: Session, report: Report, status: ReportStatus, error: str | None) -> None:
    session.add(
        StatusChange(
            report_id=report.id,
            actor=PIPELINE_ACTOR,
            from_status=report.status,
            to_status=status,
            note=error,
        )
    )
    report.status = status
    report.processing_error = error
    report.processed_at = utc_now()
    session.flush()


def mark_failed(session: Session, report_id: uuid.UUID, error: str) -> None:
    """Give up on a report after repeated failures, so staff see it instead of it hanging."""
    report = repository.get_report(session, report_id, for_update=True)
    if report is not None and report.status == ReportStatus.RECEIVED:
        _finish(session, report, ReportStatus.FAILED, error)
