"""Tickets: the routed work item a department receives for a report."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base, JSONDocument, UTCDateTime, utc_now


class TicketStatus(enum.StrEnum):
    """The states a ticket moves through; `meldpunt.tickets.transitions` says which moves."""

    NEW = "new"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    FORWARDED = "forwarded"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    REOPENED = "reopened"
    CLOSED = "closed"


class Ticket(Base):
    """A report handed to one department, with the routing decision that sent it there."""

    __tablename__ = "ticket"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # One ticket per report: makes the pipeline idempotent at the database level.
    report_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("report.id", ondelete="CASCADE"), unique=True
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default=TicketStatus.NEW, index=True)
    decision: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    # The service level's deadline, set when the ticket reaches a department.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Set while the ticket is marked as a duplicate of another one.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL"), index=True
    )
    # Optimistic locking: every UPDATE checks the version it read and bumps it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own mapping
