"""Resident reports: POST a new one (202), GET its public view."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from meldpunt.api.deps import StateDep, UnitOfWorkDep
from meldpunt.api.routers.media import media_url
from meldpunt.api.schemas import (
    AuthorityOut,
    CategoryRefOut,
    CodeName,
    LocalisedName,
    LocationOut,
    NearbyReportOut,
    PhotoOut,
    PublicReportOut,
    RefusedPhotoOut,
    ReportAccepted,
)
from meldpunt.api.uploads import ReportFields, form_schema, read_form
from meldpunt.reports.schemas import NewReport, PublicReport
from meldpunt.reports.service import get_public_report, nearby_reports, submit_report

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="create_report",
    openapi_extra={"requestBody": form_schema(ReportFields)},
    responses={
        413: {"description": "Photo too large"},
        415: {"description": "Not an image"},
        422: {"description": "Invalid report"},
    },
)
async def create_report(request: Request, state: StateDep, unit: UnitOfWorkDep) -> ReportAccepted:
    """Store a report and answer at once; classification and routing follow in the pipeline.

    Multipart fields: `description` (required), `lat`, `lon` (both, or neither when a photo
    carries its GPS position), `photo` (up to 5), `email`, `category`.
    """
    fields, photos = await read_form(request, ReportFields, state.limits)
    submitted = submit_report(
        unit.session,
        NewReport(
            description=fields.description,
            lat=fields.lat,
            lon=fields.lon,
            photos=photos,
            email=fields.email,
            category=fields.category,
        ),
        media=state.media,
        limits=state.limits,
        routing=state.routing,
    )
    unit.reports_to_process.append(submitted.id)
    return ReportAccepted(
        id=submitted.id,
        tracking_token=submitted.tracking_token,
        status=submitted.status,
        location_source=submitted.location_source,
        photos_refused=[RefusedPhotoOut(**r.as_dict()) for r in submitted.refused_photos],
    )


@router.get("/nearby", operation_id="list_nearby_reports")
def list_nearby_reports(
    state: StateDep,
    unit: UnitOfWorkDep,
    lat: Annotated[float, Query(ge=-90, le=90, description="WGS84 latitude")],
    lon: Annotated[float, Query(ge=-180, le=180, description="WGS84 longitude")],
    radius: Annotated[float, Query(gt=0, description="Metres (at most 500 by default)")] = 50,
) -> list[NearbyReportOut]:
    """Reports being handled (or just fixed) within `radius` metres, nearest first, so a
    resident sees an existing report before sending the same problem again."""
    base = state.settings.public_base_url
    return [
        NearbyReportOut(
            id=r.id,
            description=r.description,
            location=LocationOut(lat=r.lat, lon=r.lon, source=None),
            distance_m=r.distance_m,
            category=CategoryRefOut(
                code=r.category.code,
                name=LocalisedName(nl=r.category.nl, en=r.category.en),
                confidence=None,
            )
            if r.category
            else None,
            progress=r.progress,
            thumbnail_url=media_url(base, r.thumbnail_key),
            supporters=r.supporters,
            created_at=r.created_at,
        )
        for r in nearby_reports(
            unit.session,
            lat=lat,
            lon=lon,
            radius_m=radius,
            max_radius_m=state.settings.nearby_max_radius_m,
        )
    ]


@router.get("/{report_id}", operation_id="get_report")
def get_report(report_id: uuid.UUID, state: StateDep, unit: UnitOfWorkDep) -> PublicReportOut:
    """The public view of a report: status, category, who handles it, where, photo thumbnails."""
    return public_report_out(
        get_public_report(unit.session, report_id), state.settings.public_base_url
    )


def public_report_out(report: PublicReport, base: str) -> PublicReportOut:
    """The API shape of a report's public view."""
    return PublicReportOut(
        id=report.id,
        status=report.status,
        description=report.description,
        location=(
            LocationOut(lat=report.lat, lon=report.lon, source=report.location_source)
            if report.lat is not None and report.lon is not None
            else None
        ),
        category=(
            CategoryRefOut(
                code=report.category.code,
                name=LocalisedName(nl=report.category.nl, en=report.category.en),
                confidence=report.category_confidence,
            )
            if report.category
            else None
        ),
        authority=(
            AuthorityOut(
                code=report.authority.code,
                name=report.authority.name,
                kind=report.authority_kind or "",
            )
            if report.authority
            else None
        ),
        department=(
            CodeName(code=report.department.code, name=report.department.name)
            if report.department
            else None
        ),
        photos=[
            PhotoOut(
                position=p.position,
                thumbnail_url=media_url(base, p.thumbnail_key),
                url=media_url(base, p.display_key),
            )
            for p in report.photos
        ],
        created_at=report.created_at,
        updated_at=report.updated_at,
        progress=report.progress,
        joined_report_id=report.joined_report_id,
        supporters=report.supporters,
    )
