"""Service levels: how many working days a department has for a category of report."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base


class ServiceLevel(Base):
    """A municipality's own deadline for one category; without a row the default applies."""

    __tablename__ = "service_level"
    __table_args__ = (UniqueConstraint("authority_id", "category_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(
        ForeignKey("authority.id", ondelete="CASCADE"), index=True
    )
    category_code: Mapped[str] = mapped_column(ForeignKey("category.code"))
    working_days: Mapped[int] = mapped_column(Integer)
