"""A single counter bumped whenever authorities or zones change, so processes rebuild indexes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base, UTCDateTime, utc_now


class RoutingRevision(Base):
    """One row (id 1); comparing `revision` is the cheap "did routing data change?" check."""

    __tablename__ = "routing_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
