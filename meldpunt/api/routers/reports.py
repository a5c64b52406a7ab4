"""Resident reports: POST a new one (202), GET its public view."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile, status

from meldpunt.api.deps import StateDep, UnitOfWorkDep
from meldpunt.api.schemas import (
    AuthorityOut,
    CategoryRefOut,
    CodeName,
    LocalisedName,
    LocationOut,
    PhotoOut,
    PublicReportOut,
    RefusedPhotoOut,
    ReportAccepted,
)
from meldpunt.media.errors import PhotoTooLarge
from meldpunt.media.schemas import PhotoLimits
from meldpunt.reports.schemas import NewReport, PhotoUpload
from meldpunt.reports.service import get_public_report, submit_report

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

_CHUNK = 1024 * 1024


async def _read_limited(upload: UploadFile, max_bytes: int) -> bytes:
    """Read an upload, stopping as soon as it passes the byte limit."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise PhotoTooLarge(
                f"{upload.filename or 'the photo'!r} is larger than the limit of {max_bytes:,} "
                "bytes",
                filename=upload.filename,
                limit=max_bytes,
            )
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="create_report",
    responses={
        413: {"description": "Photo too large"},
        415: {"description": "Not an image"},
        422: {"description": "Invalid report"},
    },
)
async def create_report(
    state: StateDep,
    unit: UnitOfWorkDep,
    description: Annotated[
        str, Form(min_length=1, max_length=4000, description="What is wrong, in your own words")
    ],
    lat: Annotated[float | None, Form(ge=-90, le=90, description="WGS84 latitude")] = None,
    lon: Annotated[float | None, Form(ge=-180, le=180, description="WGS84 longitude")] = None,
    photo: Annotated[
        list[UploadFile] | None,
        File(description="Up to 5 photos (repeat the field): JPEG, PNG, WebP or HEIC"),
    ] = None,
    email: Annotated[
        str | None, Form(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    ] = None,
    category: Annotated[str | None, Form(description="The resident's own choice, if any")] = None,
) -> ReportAccepted:
    """Store a report and answer at once; classification and routing follow in the pipeline."""
    settings = state.settings
    uploads = [p for p in photo or [] if p.filename or p.size]
    photos = tuple(
        [PhotoUpload(p.filename, await _read_limited(p, settings.max_photo_bytes)) for p in uploads]
    )
    submitted = submit_report(
        unit.session,
        NewReport(
            description=description,
            lat=lat,
            lon=lon,
            photos=photos,
            email=email or None,
            category=category or None,
        ),
        media=state.media,
        limits=PhotoLimits(settings.max_photo_bytes, settings.max_photo_pixels),
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


@router.get("/{report_id}", operation_id="get_report")
def get_report(report_id: uuid.UUID, state: StateDep, unit: UnitOfWorkDep) -> PublicReportOut:
    """The public view of a report: status, category, who handles it, where, photo thumbnails."""
    report = get_public_report(unit.session, report_id)
    base = state.settings.public_base_url
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
                thumbnail_url=f"{base}/media/{p.thumbnail_key}" if p.thumbnail_key else None,
                url=f"{base}/media/{p.display_key}" if p.display_key else None,
            )
            for p in report.photos
        ],
        created_at=report.created_at,
        updated_at=report.updated_at,
    )
