"""Celery tasks. They take ids, open their own session and commit; the domains do the work."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from celery import Task
from celery.signals import worker_process_init

from meldpunt.media.photos import derive_missing
from meldpunt.pipeline.celery_app import celery_app
from meldpunt.pipeline.context import worker_context
from meldpunt.reports import repository
from meldpunt.reports.errors import ReportNotFound
from meldpunt.reports.processing import mark_failed, process_report
from meldpunt.reports.service import purge_expired_originals
from meldpunt.routing.service import classifier_service
from meldpunt.tickets.notes import list_note_photos, list_notes_waiting_for_derivatives

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


@worker_process_init.connect
def _warm_up(**_: Any) -> None:
    # Each worker process loads its classifier (or trains the first one) before taking the
    # first task.
    classifier_service(worker_context().settings.effective_classifier_dir).model()


@celery_app.task(bind=True, name="meldpunt.process_report", max_retries=MAX_RETRIES)
def process_report_task(self: Task[Any, Any], report_id: str) -> str:
    """Photos, category, routing and ticket for one report; idempotent."""
    context = worker_context()
    try:
        with context.database.session() as session:
            return process_report(session, uuid.UUID(report_id), context.processing)
    except ReportNotFound:
        logger.error("report %s does not exist; nothing to process", report_id)
        return "missing"
    except Exception as exc:
        if self.request.called_directly or self.request.retries >= MAX_RETRIES:
            logger.exception("processing report %s failed", report_id)
            with context.database.session() as session:
                mark_failed(session, uuid.UUID(report_id), f"{type(exc).__name__}: {exc}")
            return "failed"
        raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1)) from exc


@celery_app.task(name="meldpunt.sweep_stuck_reports")
def sweep_stuck_reports_task() -> int:
    """Send again every report (and note photo) that has waited too long for the pipeline."""
    context = worker_context()
    with context.database.session() as session:
        stuck = repository.list_unprocessed_report_ids(
            session, older_than_s=context.settings.stuck_after_s
        )
        notes = list_notes_waiting_for_derivatives(
            session, older_than_s=context.settings.stuck_after_s
        )
    for report_id in stuck:
        process_report_task.delay(str(report_id))
    for note_id in notes:
        derive_note_photos_task.delay(note_id)
    if stuck or notes:
        logger.warning("re-sent %d stuck report(s) and %d note(s)", len(stuck), len(notes))
    return len(stuck) + len(notes)


@celery_app.task(name="meldpunt.purge_expired_originals")
def purge_expired_originals_task() -> int:
    """Delete original photos past the retention period (schedule it daily, e.g. celery beat)."""
    context = worker_context()
    with context.database.session() as session:
        purged = purge_expired_originals(
            session,
            media=context.processing.media,
            retention_days=context.settings.original_retention_days,
        )
    if purged:
        logger.info("deleted %d original photo(s) past retention", purged)
    return purged


@celery_app.task(bind=True, name="meldpunt.derive_note_photos", max_retries=MAX_RETRIES)
def derive_note_photos_task(self: Task[Any, Any], note_id: int) -> int:
    """Display images, thumbnails and hashes for the "after" photos of one ticket note."""
    context = worker_context()
    processing = context.processing
    try:
        with context.database.session() as session:
            photos = list_note_photos(session, [note_id])
            return derive_missing(
                photos, processing.media, processing.limits, thumbnail_px=processing.thumbnail_px
            )
    except Exception as exc:
        if self.request.called_directly or self.request.retries >= MAX_RETRIES:
            logger.exception("derivatives for note %s failed", note_id)
            return 0
        raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1)) from exc
