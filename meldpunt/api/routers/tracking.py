"""Residents follow (and reopen) their own report with its tracking token: no account."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field

from meldpunt.api.deps import StateDep, UnitOfWorkDep
from meldpunt.api.routers.reports import public_report_out
from meldpunt.api.schemas import PublicReportOut
from meldpunt.reports.service import get_public_report
from meldpunt.reports.tracking import reopen_by_resident, report_for_token, resident_timeline

router = APIRouter(prefix="/api/v1/reports/tracked", tags=["reports"])

TrackingToken = Annotated[
    str,
    Header(
        alias="X-Tracking-Token",
        min_length=16,
        max_length=128,
        description="The tracking token the report's submission answered",
    ),
]


class TimelineEntryOut(BaseModel):
    """One step of the report's progress."""

    at: datetime
    status: str
    note: str | None


class TrackedReportOut(PublicReportOut):
    """The resident's own view: the public view, their contact address and the timeline."""

    email: str | None
    timeline: list[TimelineEntryOut]


class ReopenIn(BaseModel):
    """Why the problem is not solved."""

    note: str = Field(min_length=1, max_length=4000)


def _tracked(unit: UnitOfWorkDep, state: StateDep, token: str) -> TrackedReportOut:
    report = report_for_token(unit.session, token)
    public = public_report_out(
        get_public_report(unit.session, report.id), state.settings.public_base_url
    )
    return TrackedReportOut(
        **public.model_dump(),
        email=report.contact_email,
        timeline=[
            TimelineEntryOut(at=e.at, status=e.status, note=e.note)
            for e in resident_timeline(unit.session, report)
        ],
    )


@router.get("", operation_id="get_tracked_report")
def get_tracked_report(
    token: TrackingToken, state: StateDep, unit: UnitOfWorkDep
) -> TrackedReportOut:
    """The resident's report with its timeline, found by the tracking token (a header, so
    it stays out of URLs and logs)."""
    return _tracked(unit, state, token)


@router.post(
    "/reopen",
    operation_id="reopen_tracked_report",
    responses={409: {"description": "Not resolved, so nothing to reopen"}},
)
def reopen_tracked_report(
    body: ReopenIn, token: TrackingToken, state: StateDep, unit: UnitOfWorkDep
) -> TrackedReportOut:
    """The problem is back or was never fixed: the ticket is reopened with the note."""
    reopen_by_resident(unit.session, report_for_token(unit.session, token), body.note)
    return _tracked(unit, state, token)
