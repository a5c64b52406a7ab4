"""Zones: areas where a department of some authority handles a set of categories."""

from __future__ import annotations

import enum
from datetime import datetime

from geoalchemy2 import Geometry, WKBElement
from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meldpunt.models.authority import Authority
from meldpunt.models.base import SRID, Base, JSONDocument, UTCDateTime, utc_now
from meldpunt.models.department import Department


class ZoneStatus(enum.StrEnum):
    """Only published zones take part in routing."""

    DRAFT = "draft"
    PUBLISHED = "published"


class Zone(Base):
    """A polygon (or buffered road line) handing `category_codes` to `department`."""

    __tablename__ = "zone"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(
        ForeignKey("authority.id", ondelete="CASCADE"), index=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("department.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    geometry: Mapped[WKBElement] = mapped_column(
        Geometry("MULTIPOLYGON", srid=SRID, spatial_index=True, nullable=False)
    )
    # For a road or canal: the centre line and the width it was buffered to (in metres).
    centerline: Mapped[WKBElement | None] = mapped_column(
        Geometry("MULTILINESTRING", srid=SRID, spatial_index=False, nullable=True)
    )
    width_m: Mapped[float | None] = mapped_column(Float)
    area_m2: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    # Codes (`water.vervuiling`) or whole groups (`wegen.*`).
    category_codes: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default=ZoneStatus.PUBLISHED, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    authority: Mapped[Authority] = relationship(lazy="raise")
    department: Mapped[Department] = relationship(lazy="raise")
