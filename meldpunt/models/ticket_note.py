"""Notes staff add to a ticket while working on it, optionally with "after" photos."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base, UTCDateTime, utc_now


class TicketNote(Base):
    """One note; photos attached to it point here through `Photo.note_id`."""

    __tablename__ = "ticket_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
