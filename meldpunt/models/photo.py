"""Photos of a report: the private original and the public derivatives, by content hash."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base, UTCDateTime, utc_now


class Photo(Base):
    """One photo; `original_key` is private storage, `thumbnail_key` is safe to publish."""

    __tablename__ = "photo"
    __table_args__ = (UniqueConstraint("report_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("report.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Set for an "after" photo a worker attached to a ticket note; None for the resident's.
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_note.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    original_key: Mapped[str] = mapped_column(String(128))
    thumbnail_key: Mapped[str | None] = mapped_column(String(128))
    display_key: Mapped[str | None] = mapped_column(String(128))
    phash: Mapped[str | None] = mapped_column(String(16), index=True)  # perceptual, hex
    gps_lat: Mapped[float | None] = mapped_column(Float)
    gps_lon: Mapped[float | None] = mapped_column(Float)
    # Originals are private and kept only for the retention period; derivatives stay.
    original_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
