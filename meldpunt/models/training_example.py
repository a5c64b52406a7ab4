"""Labelled texts for the classifier that came from staff corrections, not from the corpus."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base, UTCDateTime, utc_now


class TrainingExample(Base):
    """A (text, category) pair; `source` says where it came from, e.g. `correction`."""

    __tablename__ = "training_example"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    category_code: Mapped[str] = mapped_column(ForeignKey("category.code"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))
    actor: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
