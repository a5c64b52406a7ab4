"""Celery tasks in-process: the sweeper re-sends stuck reports, failures end visibly."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import update

from meldpunt.core.settings import Settings
from meldpunt.models import Report, ReportStatus
from meldpunt.models.base import utc_now
from meldpunt.models.database import Database
from meldpunt.pipeline.celery_app import configure_celery
from meldpunt.pipeline.context import WorkerContext, clear_worker_context, use_worker_context
from meldpunt.pipeline.tasks import process_report_task, sweep_stuck_reports_task
from meldpunt.reports.schemas import NewReport
from meldpunt.reports.service import submit_report
from meldpunt.routing.classifier import CategoryGuess


@pytest.fixture
def context(settings: Settings, database: Database, demo: None) -> Iterator[WorkerContext]:
    configure_celery(settings)
    context = WorkerContext.from_settings(settings, database=database)
    context.processing = dataclasses.replace(
        context.processing, classify=lambda _: [CategoryGuess("wegen.wegdek", 0.9)]
    )
    use_worker_context(context)
    yield context
    clear_worker_context()


def submit_old_report(context: WorkerContext, age: timedelta) -> str:
    processing = context.processing
    with context.database.session() as session:
        submitted = submit_report(
            session,
            NewReport(description="gat in de weg", lat=52.0132, lon=4.9739),
            media=processing.media,
            limits=processing.limits,
            routing=processing.routing,
        )
        session.execute(
            update(Report).where(Report.id == submitted.id).values(created_at=utc_now() - age)
        )
    return str(submitted.id)


def status_of(context: WorkerContext, report_id: str) -> Report:
    with context.database.session() as session:
        report = session.get(Report, uuid.UUID(report_id))
        assert report is not None
        return report


def test_sweeper_resends_only_reports_waiting_too_long(context: WorkerContext) -> None:
    stuck = submit_old_report(context, timedelta(hours=1))
    fresh = submit_old_report(context, timedelta(seconds=0))
    assert sweep_stuck_reports_task.apply().get() == 1
    assert status_of(context, stuck).status == ReportStatus.ROUTED
    assert status_of(context, fresh).status == ReportStatus.RECEIVED
    assert sweep_stuck_reports_task.apply().get() == 0


def test_repeated_failure_marks_the_report_failed(context: WorkerContext) -> None:
    def broken(_: str) -> list[CategoryGuess]:
        raise RuntimeError("model file unreadable")

    context.processing = dataclasses.replace(context.processing, classify=broken)
    report_id = submit_old_report(context, timedelta(0))
    assert process_report_task.apply(args=(report_id,)).get() == "failed"
    report = status_of(context, report_id)
    assert report.status == ReportStatus.FAILED
    assert report.processing_error == "RuntimeError: model file unreadable"
