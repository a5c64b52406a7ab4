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
from meldpunt.media.photos import derive_missing
from meldpunt.media.schemas import PhotoLimits
from meldpunt.media.storage import MediaStorage
from meldpunt.models import CategorySource, Report, ReportStatus, StatusChange
from meldpunt.models.base import utc_now
from meldpunt.reports import repository
from meldpunt.reports.errors import ReportNotFound
from meldpunt.routing.classifier import CategoryGuess
from meldpunt.routing.errors import OutsideCoverage
from meldpunt.routing.service import RoutingService
from meldpunt.tickets.duplicates import find_open_duplicate, link_report
from meldpunt.tickets.schemas import TicketRules
from meldpunt.tickets.service import open_ticket

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
    tickets: TicketRules


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
    if _link_to_open_ticket(session, report, context):
        return report.status
    report.authority_id = decision.authority.id
    report.department_id = decision.department.id
    _finish(session, report, ReportStatus.ROUTED, None)  # first, so the timeline reads in order
    open_ticket(
        session,
        report,
        department_id=decision.department.id,
        decision={**decision.explanation, "classification": classification},
        calendar=context.tickets.calendar,
        actor=PIPELINE_ACTOR,
        note=f"routed to {decision.department.code}: {decision.explanation['reason']}",
    )
    return report.status


def _make_derivatives(session: Session, report: Report, context: ProcessingContext) -> None:
    photos = repository.list_photos(session, report.id)
    derive_missing(photos, context.media, context.limits, thumbnail_px=context.thumbnail_px)
    session.flush()


def _link_to_open_ticket(session: Session, report: Report, context: ProcessingContext) -> bool:
    """A "+1": the same problem already has an open ticket nearby, so no second ticket."""
    assert report.location is not None
    assert report.category_code is not None
    point = to_shape(report.location)
    match = find_open_duplicate(
        session,
        lat=point.y,
        lon=point.x,
        category=report.category_code,
        received_at=report.created_at,
        phashes=[p.phash for p in repository.list_photos(session, report.id) if p.phash],
        rules=context.tickets.duplicates,
        exclude_report_id=report.id,
    )
    if match is None:
        return False
    link_report(session, report, match, PIPELINE_ACTOR)
    report.processing_error = None
    report.processed_at = utc_now()
    session.flush()
    return True


def _choose_category(report: Report, context: ProcessingContext) -> dict[str, Any]:
    """Set the category: confident classifier, else the resident's choice, else overig."""
    # No guesses when the description has no words (only emoji, blanks): then the resident's
    # choice or overig.overig, which the kcc desk triages.
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
