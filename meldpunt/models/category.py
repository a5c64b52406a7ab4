"""Categories: the codes of TAXONOMY.md with names and the default department role."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from meldpunt.models.base import Base


class Category(Base):
    """A leaf category; its code is also the Open311 `service_code`."""

    __tablename__ = "category"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    group: Mapped[str] = mapped_column(String(32), index=True)
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
