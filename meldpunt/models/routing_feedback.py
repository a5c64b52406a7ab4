"""Corrections staff made to a routing decision: evidence for GIS staff and the classifier."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base, UTCDateTime, utc_now


class FeedbackKind(enum.StrEnum):
    """What the correction changed."""

    FORWARD = "forward"  # same category, another department: a zone may be wrong
    RECATEGORIZE = "recategorize"  # another category: the classifier or resident was wrong


class RoutingFeedback(Base):
    """One forward or recategorization; `authority_id` is whose zones sent it the wrong way."""

    __tablename__ = "routing_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(128))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"), index=True)
    from_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    to_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    from_category: Mapped[str | None] = mapped_column(ForeignKey("category.code"))
    to_category: Mapped[str | None] = mapped_column(ForeignKey("category.code"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
