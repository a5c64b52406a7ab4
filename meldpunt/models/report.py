"""Reports: what a resident sent, and what the pipeline made of it."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from geoalchemy2 import Geometry, WKBElement
from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import SRID, Base, UTCDateTime, utc_now


class ReportStatus(enum.StrEnum):
    """Where a report is in the pipeline."""

    RECEIVED = "received"  # committed, waiting for the pipeline
    ROUTED = "routed"  # a ticket exists for a department
    LINKED = "linked"  # joined an open ticket for the same problem ("+1"), no ticket of its own
    OUTSIDE_COVERAGE = "outside_coverage"  # no municipality here: nobody to route to
    FAILED = "failed"  # the pipeline gave up; staff must look


class LocationSource(enum.StrEnum):
    """Where the report's location came from."""

    DEVICE = "device"  # lat/lon sent with the report (phone GPS or a pin on the map)
    EXIF = "exif"  # read from the photo


class CategorySource(enum.StrEnum):
    """Who decided the report's category."""

    CLASSIFIER = "classifier"
    RESIDENT = "resident"
    FALLBACK = "fallback"
    STAFF = "staff"


class Report(Base):
    """One resident report; contact data is stored only with consent and never shown publicly."""

    __tablename__ = "report"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    description: Mapped[str] = mapped_column(Text)
    location: Mapped[WKBElement | None] = mapped_column(
        Geometry("POINT", srid=SRID, spatial_index=True, nullable=True)
    )
    location_source: Mapped[str | None] = mapped_column(String(16))
    # For staff: e.g. the photo was taken far from the pinned location.
    location_note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), default=ReportStatus.RECEIVED, index=True)
    requested_category: Mapped[str | None] = mapped_column(ForeignKey("category.code"))
    category_code: Mapped[str | None] = mapped_column(ForeignKey("category.code"), index=True)
    category_confidence: Mapped[float | None] = mapped_column(Float)
    category_source: Mapped[str | None] = mapped_column(String(16))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    # The open ticket this report was added to as a "+1" instead of getting its own.
    linked_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL", use_alter=True), index=True
    )
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    tracking_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    processing_attempts: Mapped[int] = mapped_column(Integer, default=0)
    processing_error: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
