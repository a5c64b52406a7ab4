"""Report intake and the public view of a report. Services flush; the caller commits."""

from __future__ import annotations

import hashlib
import math
import secrets
import uuid
from typing import Any

from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import Point
from sqlalchemy.orm import Session

from meldpunt.core.geo import box_around, distance_m
from meldpunt.core.taxonomy import CATEGORY_CODES
from meldpunt.media.errors import PhotoRejected
from meldpunt.media.photos import store_photo
from meldpunt.media.schemas import InspectedPhoto, PhotoLimits, PhotoUpload
from meldpunt.media.service import inspect_photo
from meldpunt.media.storage import MediaStorage
from meldpunt.models import LocationSource, Report, ReportStatus, StatusChange, TicketStatus
from meldpunt.models.base import utc_now
from meldpunt.reports import repository
from meldpunt.reports.errors import InvalidReport, PhotosRejected, ReportNotFound
from meldpunt.reports.schemas import (
    CategoryName,
    NamedRef,
    NearbyReport,
    NewReport,
    PublicPhoto,
    PublicReport,
    RefusedPhoto,
    SubmittedReport,
)
from meldpunt.routing.service import RoutingService
from meldpunt.tickets.transitions import OPEN_STATUSES


def hash_tracking_token(token: str) -> str:
    """The stored form of a tracking token (sha256; the token itself has 256 random bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


PHOTO_LOCATION_TOLERANCE_M = 250.0


def _check_coordinate(value: float, name: str, limit: float) -> float:
    if not (math.isfinite(value) and -limit <= value <= limit):
        kind = "latitude" if name == "lat" else "longitude"
        raise InvalidReport(
            f"{name}={value} is not a {kind} between -{limit:g} and {limit:g}", field=name
        )
    return value


def _choose_location(
    new: NewReport, photo_position: tuple[float, float] | None
) -> tuple[float, float, LocationSource, str | None]:
    """(lat, lon, source, note for staff): the device's position, else the photo's."""
    if new.lat is None and new.lon is None:
        if photo_position is None:
            raise InvalidReport(
                "no location: send lat and lon, or a photo that has its GPS position",
                field="lat",
            )
        return (*photo_position, LocationSource.EXIF, None)
    if new.lat is None or new.lon is None:
        missing = "lat" if new.lat is None else "lon"
        raise InvalidReport(
            f"'{missing}' is missing: a report needs both lat and lon (WGS84 decimal degrees)",
            field=missing,
        )
    lat = _check_coordinate(new.lat, "lat", 90)
    lon = _check_coordinate(new.lon, "lon", 180)
    note = None
    if photo_position is not None:
        metres = distance_m(lat, lon, photo_position[0], photo_position[1])
        if metres > PHOTO_LOCATION_TOLERANCE_M:
            note = (
                f"the photo was taken {metres:,.0f} m from the reported location "
                f"(photo GPS {photo_position[0]:.6f}, {photo_position[1]:.6f})"
            )
    return lat, lon, LocationSource.DEVICE, note


def _inspect_photos(
    photos: tuple[PhotoUpload, ...], limits: PhotoLimits
) -> tuple[list[tuple[int, PhotoUpload, InspectedPhoto]], list[RefusedPhoto]]:
    """Check every photo; a refused one is listed, the others go on. All refused: an error."""
    if len(photos) > limits.max_photos:
        raise InvalidReport(
            f"{len(photos)} photos sent; at most {limits.max_photos} per report",
            field="photo",
            limit=limits.max_photos,
        )
    accepted, refused, errors = [], [], []
    for position, upload in enumerate(photos):
        try:
            accepted.append((position, upload, inspect_photo(upload.data, upload.filename, limits)))
        except PhotoRejected as exc:
            errors.append(exc)
            refused.append(RefusedPhoto(position, upload.filename, exc.code, exc.detail))
    if photos and not accepted:
        if len(errors) == 1:
            raise errors[0]
        raise PhotosRejected(
            "none of the photos could be used: " + "; ".join(r.detail for r in refused),
            refused=[r.as_dict() for r in refused],
        )
    return accepted, refused


def submit_report(
    session: Session,
    new: NewReport,
    *,
    media: MediaStorage,
    limits: PhotoLimits,
    routing: RoutingService,
) -> SubmittedReport:
    """Store a resident's report and its usable photos; processing happens in the pipeline."""
    description = new.description.strip()
    if not description:
        raise InvalidReport(
            "the description is empty: say in a few words what is wrong", field="description"
        )
    if new.category is not None and new.category not in CATEGORY_CODES:
        raise InvalidReport(f"unknown category {new.category!r}", field="category")
    # Check every photo before storing anything, so a refused report leaves no orphan blobs.
    accepted, refused = _inspect_photos(new.photos, limits)
    photo_position = next((info.gps for _, _, info in accepted if info.gps), None)
    lat, lon, source, note = _choose_location(new, photo_position)
    # Tell the resident now, not after the fact, when nobody serves this spot.
    routing.check_coverage(session, lon=lon, lat=lat)

    token = secrets.token_urlsafe(32)
    report = Report(
        id=uuid.uuid4(),
        description=description,
        location=from_shape(Point(lon, lat), srid=4326),
        location_source=source,
        location_note=note,
        status=ReportStatus.RECEIVED,
        requested_category=new.category,
        contact_email=new.email if new.email and new.contact_consent else None,
        contact_consent=bool(new.email and new.contact_consent),
        tracking_token_hash=hash_tracking_token(token),
        processing_attempts=0,
    )
    session.add(report)
    session.flush()
    for position, upload, info in accepted:
        session.add(
            store_photo(media, report_id=report.id, position=position, upload=upload, info=info)
        )
    session.add(
        StatusChange(
            report_id=report.id, actor="resident", from_status=None, to_status=report.status
        )
    )
    session.flush()
    return SubmittedReport(
        id=report.id,
        tracking_token=token,
        status=report.status,
        location_source=source,
        refused_photos=tuple(refused),
    )


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
            PublicPhoto(p.position, p.thumbnail_key, p.display_key)
            for p in repository.list_photos(session, report.id)
        ),
        created_at=report.created_at,
        updated_at=report.updated_at,
        **_progress(session, report),
    )


def _progress(session: Session, report: Report) -> dict[str, Any]:
    ticket = repository.ticket_of(session, report)
    if ticket is None:
        return {}
    own = ticket.report_id == report.id
    return {
        "progress": ticket.status,
        "joined_report_id": None if own else ticket.report_id,
        "supporters": repository.supporter_counts(session, [ticket.id]).get(ticket.id, 0)
        if own
        else 0,
    }


NEARBY_STATUSES: frozenset[str] = OPEN_STATUSES | {TicketStatus.RESOLVED}
"""What residents see nearby: problems still open or just fixed, not rejected or closed ones."""
NEARBY_LIMIT = 50


def nearby_reports(
    session: Session, *, lat: float, lon: float, radius_m: float, max_radius_m: float
) -> list[NearbyReport]:
    """Reports with a ticket within `radius_m` metres (geodesic), nearest first."""
    lat = _check_coordinate(lat, "lat", 90)
    lon = _check_coordinate(lon, "lon", 180)
    if not (math.isfinite(radius_m) and 0 < radius_m <= max_radius_m):
        raise InvalidReport(
            f"radius must be more than 0 and at most {max_radius_m:g} metres",
            field="radius",
            limit=max_radius_m,
        )
    found = []
    for report, ticket, their_lat, their_lon in repository.reports_with_tickets_in_box(
        session, box_around(lat, lon, radius_m), NEARBY_STATUSES
    ):
        metres = distance_m(lat, lon, their_lat, their_lon)
        if metres <= radius_m:
            found.append((metres, report, ticket, their_lat, their_lon))
    found.sort(key=lambda f: (f[0], str(f[1].id)))
    found = found[:NEARBY_LIMIT]
    supporters = repository.supporter_counts(session, [f[2].id for f in found])
    thumbnails = repository.first_thumbnails(session, [f[1].id for f in found])
    categories = {c.code: c for c in repository.list_categories(session)}
    result = []
    for metres, report, ticket, their_lat, their_lon in found:
        category = categories.get(report.category_code or "")
        result.append(
            NearbyReport(
                id=report.id,
                description=report.description,
                lat=their_lat,
                lon=their_lon,
                distance_m=round(metres, 1),
                category=CategoryName(category.code, category.name_nl, category.name_en)
                if category
                else None,
                progress=ticket.status,
                thumbnail_key=thumbnails.get(report.id),
                supporters=supporters.get(ticket.id, 0),
                created_at=report.created_at,
            )
        )
    return result


def purge_expired_originals(session: Session, *, media: MediaStorage, retention_days: int) -> int:
    """Delete private originals past the retention period; derivatives stay public."""
    expired = repository.list_expired_originals(session, older_than_days=retention_days)
    expired_ids = {p.id for p in expired}
    for photo in expired:
        # Content addressing: identical bytes are stored once, so keep them while a photo
        # inside its retention period still points at them.
        if not repository.original_still_needed(
            session, photo.original_key, except_ids=expired_ids
        ):
            media.private.delete(photo.original_key)
        photo.original_deleted_at = utc_now()
    session.flush()
    return len(expired)
