"""Response models of the public API (OpenAPI documents them)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class LocalisedName(BaseModel):
    """A name in Dutch (B1) and English."""

    nl: str
    en: str


class CategoryOut(BaseModel):
    """A taxonomy category; `code` is also the Open311 service_code."""

    code: str = Field(examples=["verlichting.lamp"])
    group: str
    role: str
    name: LocalisedName


class RefusedPhotoOut(BaseModel):
    """A photo that was refused; the report was stored without it."""

    position: int
    filename: str | None
    code: str
    detail: str


class ReportAccepted(BaseModel):
    """The answer to a new report: keep the tracking token, it is shown only once."""

    id: uuid.UUID
    tracking_token: str
    status: str = Field(examples=["received"])
    location_source: str = Field(examples=["device", "exif"])
    photos_refused: list[RefusedPhotoOut]


class CodeName(BaseModel):
    """A code with a display name."""

    code: str
    name: str


class AuthorityOut(CodeName):
    """An authority with its tier."""

    kind: str


class CategoryRefOut(BaseModel):
    """The category a report got."""

    code: str
    name: LocalisedName
    confidence: float | None


class LocationOut(BaseModel):
    """WGS84 position and where it came from."""

    lat: float
    lon: float
    source: str | None


class PhotoOut(BaseModel):
    """A public photo derivative."""

    position: int
    thumbnail_url: str | None
    url: str | None = Field(description="Display size (long side 1600 px)")


class PublicReportOut(BaseModel):
    """What anyone may see of a report: never contact data or original photos."""

    id: uuid.UUID
    status: str
    description: str
    location: LocationOut | None
    category: CategoryRefOut | None
    authority: AuthorityOut | None
    department: CodeName | None
    photos: list[PhotoOut]
    created_at: datetime
    updated_at: datetime
    progress: str | None = Field(
        None, description="Status of the ticket handling the report (its own or the one joined)"
    )
    joined_report_id: uuid.UUID | None = Field(
        None, description='A "+1": the earlier report of the same problem whose ticket it joined'
    )
    supporters: int = Field(0, description="How many later reports joined this one")


class NearbyReportOut(BaseModel):
    """A report near a point: what the app shows before someone sends the same problem again."""

    id: uuid.UUID
    description: str
    location: LocationOut
    distance_m: float
    category: CategoryRefOut | None
    progress: str
    thumbnail_url: str | None
    supporters: int
    created_at: datetime


class ZoneOut(BaseModel):
    """The zone that decided."""

    id: int
    name: str


class RoutingDecisionOut(BaseModel):
    """Who is responsible for a point and category, and why."""

    authority: AuthorityOut
    department: CodeName
    zone: ZoneOut | None
    municipality: AuthorityOut
    rule: str = Field(examples=["zone", "municipality_role", "municipality_kcc"])
    category: str
    ambiguous: bool = Field(
        description="Within the border tolerance of a boundary that would decide differently"
    )
    alternatives: list[dict[str, Any]] = Field(
        description="The other decisions just across those boundaries"
    )
    explanation: dict[str, Any]
