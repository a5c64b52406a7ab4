"""Data going into and out of the reports domain."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from meldpunt.media.schemas import PhotoUpload


@dataclass(frozen=True, slots=True)
class NewReport:
    """What a resident sends."""

    description: str
    lat: float | None
    lon: float | None
    photos: tuple[PhotoUpload, ...] = ()
    email: str | None = None
    contact_consent: bool = True
    category: str | None = None


@dataclass(frozen=True, slots=True)
class RefusedPhoto:
    """A photo that was not accepted, and why; the report went ahead without it."""

    position: int
    filename: str | None
    code: str
    detail: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "position": self.position,
            "filename": self.filename,
            "code": self.code,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class SubmittedReport:
    """The answer to a submission; the plain tracking token exists only here, never stored."""

    id: uuid.UUID
    tracking_token: str
    status: str
    location_source: str
    refused_photos: tuple[RefusedPhoto, ...] = ()


@dataclass(frozen=True, slots=True)
class NamedRef:
    """A code with its display name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class CategoryName:
    """A category code with its names in Dutch and English."""

    code: str
    nl: str
    en: str


@dataclass(frozen=True, slots=True)
class PublicPhoto:
    """A photo as anyone may see it: only the derivatives, never the original."""

    position: int
    thumbnail_key: str | None
    display_key: str | None


@dataclass(frozen=True, slots=True)
class PublicReport:
    """The public view of a report: no contact data, no original photos."""

    id: uuid.UUID
    status: str
    description: str
    lat: float | None
    lon: float | None
    location_source: str | None
    category: CategoryName | None
    category_confidence: float | None
    authority: NamedRef | None
    authority_kind: str | None
    department: NamedRef | None
    photos: tuple[PublicPhoto, ...]
    created_at: datetime
    updated_at: datetime
    progress: str | None = None  # the status of the ticket handling it (own or joined)
    joined_report_id: uuid.UUID | None = None  # a "+1": the report whose ticket it joined
    supporters: int = 0  # how many later reports joined this one's ticket


@dataclass(frozen=True, slots=True)
class NearbyReport:
    """A report near a point, as the resident app shows it before someone sends a new one."""

    id: uuid.UUID
    description: str
    lat: float
    lon: float
    distance_m: float
    category: CategoryName | None
    progress: str
    thumbnail_key: str | None
    supporters: int
    created_at: datetime
