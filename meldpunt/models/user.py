"""Staff accounts: field workers and coordinators of departments, GIS editors, admins."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base, UTCDateTime, utc_now


class Role(enum.StrEnum):
    """What an account may do; departments or an authority say where."""

    FIELD_WORKER = "field_worker"
    COORDINATOR = "coordinator"
    GIS_EDITOR = "gis_editor"
    ADMIN = "admin"


user_department = Table(
    "user_department",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)
"""Which departments a field worker or coordinator works for."""


class User(Base):
    """A staff account; residents need none (their tracking token is their key)."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(24))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Credential(Base):
    """A refresh token or an API key, stored only as its sha256."""

    __tablename__ = "credential"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # "refresh" | "api_key"
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
