"""Report intake and the public view of a report. Services flush; the caller commits."""

from __future__ import annotations

import hashlib
import math
import secrets
import uuid

from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import Point
from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import CATEGORY_CODES
from meldpunt.media.schemas import PhotoLimits
from meldpunt.media.service import inspect_photo
from meldpunt.media.storage import MediaStorage
from meldpunt.models import LocationSource, Photo, Report, ReportStatus, StatusChange
from meldpunt.reports import repository
from meldpunt.reports.errors import InvalidReport, ReportNotFound
from meldpunt.reports.schemas import (
    CategoryName,
    NamedRef,
    NewReport,
    PublicPhoto,
    PublicReport,
    SubmittedReport,
)
from meldpunt.routing.service import RoutingService

MAX_PHOTOS_PER_REPORT = 5


def hash_tracking_token(token: str) -> str:
    """The stored form of a tracking token (sha256; the token itself has 256 random bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _validated_location(lat: float | None, lon: float | None) -> tuple[float, float]:
    if lat is None or lon is None:
        missing = "lat" if lat is None else "lon"
        raise InvalidReport(
            f"'{missing}' is missing: a report needs both lat and lon (WGS84 decimal degrees)",
            field=missing,
        )
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise InvalidReport(f"lat={lat} is not a latitude between -90 and 90", field="lat")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise InvalidReport(f"lon={lon} is not a longitude between -180 and 180", field="lon")
    return lat, lon


def submit_report(
    session: Session,
    new: NewReport,
    *,
    media: MediaStorage,
    limits: PhotoLimits,
    routing: RoutingService,
) -> SubmittedReport:
    """Store a resident's report and its original photos; processing happens in the pipeline."""
    description = new.description.strip()
    if not description:
        raise InvalidReport(
            "the description is empty: say in a few words what is wrong", field="description"
        )
    lat, lon = _validated_location(new.lat, new.lon)
    # Tell the resident now, not after the fact, when nobody serves this spot.
    routing.check_coverage(session, lon=lon, lat=lat)
    if new.category is not None and new.category not in CATEGORY_CODES:
        raise InvalidReport(f"unknown category {new.category!r}", field="category")
    if len(new.photos) > MAX_PHOTOS_PER_REPORT:
        raise InvalidReport(
            f"{len(new.photos)} photos sent; at most {MAX_PHOTOS_PER_REPORT} per report",
            field="photo",
        )
    # Check every photo before storing anything, so a refused photo leaves no orphan blobs.
    inspected = [inspect_photo(p.data, p.filename, limits) for p in new.photos]

    token = secrets.token_urlsafe(32)
    report = Report(
        id=uuid.uuid4(),
        description=description,
        location=from_shape(Point(lon, lat), srid=4326),
        location_source=LocationSource.DEVICE,
        status=ReportStatus.RECEIVED,
        requested_category=new.category,
        contact_email=new.email if new.email and new.contact_consent else None,
        contact_consent=bool(new.email and new.contact_consent),
        tracking_token_hash=hash_tracking_token(token),
        processing_attempts=0,
    )
    session.add(report)
    session.flush()
    for position, (upload, info) in enumerate(zip(new.photos, inspected, strict=True)):
        session.add(
            Photo(
                report_id=report.id,
                position=position,
                filename=(upload.filename or "")[:255] or None,
                content_type=info.content_type,
                original_key=media.private.put(upload.data, ""),
                sha256=info.sha256,
                size_bytes=info.size_bytes,
                width=info.width,
                height=info.height,
                taken_at=info.taken_at,
            )
        )
    session.add(
        StatusChange(
            report_id=report.id, actor="resident", from_status=None, to_status=report.status
        )
    )
    session.flush()
    return SubmittedReport(id=report.id, tracking_token=token, status=report.status)


def get_public_report(session: Session, report_id: uuid.UUID) -> PublicReport:
    """The public view of a report: never contact data, never original photos."""
    report = repository.get_report(session, report_id)
    if report is None:
        raise ReportNotFound(f"no report with id {report_id}", report_id=str(report_id))
    category = repository.get_category(session, report.category_code)
    authority = repository.get_authority(session, report.authority_id)
    department = repository.get_department(session, report.department_id)
    point = to_shape(report.location) if report.location is not None else None
    return PublicReport(
        id=report.id,
        status=report.status,
        description=report.description,
        lat=point.y if point is not None else None,
        lon=point.x if point is not None else None,
        location_source=report.location_source,
        category=(
            CategoryName(category.code, category.name_nl, category.name_en) if category else None
        ),
        category_confidence=report.category_confidence,
        authority=NamedRef(authority.code, authority.name) if authority else None,
        authority_kind=authority.kind if authority else None,
        department=NamedRef(department.code, department.name) if department else None,
        photos=tuple(
            PublicPhoto(p.position, p.thumbnail_key)
            for p in repository.list_photos(session, report.id)
        ),
        created_at=report.created_at,
        updated_at=report.updated_at,
    )
