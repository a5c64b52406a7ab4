"""Authorities: municipality, province, water board or national agency, each with a boundary."""

from __future__ import annotations

import enum
from datetime import datetime

from geoalchemy2 import Geometry, WKBElement
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import SRID, Base, UTCDateTime, utc_now


class AuthorityKind(enum.StrEnum):
    """The tiers of Dutch government that own public space."""

    NATIONAL = "national"
    PROVINCE = "province"
    WATERBOARD = "waterboard"
    MUNICIPALITY = "municipality"


class Authority(Base):
    """A public body responsible for an area: `GM0363` Amsterdam, `PV27` Noord-Holland, ..."""

    __tablename__ = "authority"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    routable: Mapped[bool] = mapped_column(Boolean, default=True)
    boundary: Mapped[WKBElement] = mapped_column(
        Geometry("MULTIPOLYGON", srid=SRID, spatial_index=True, nullable=False)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
