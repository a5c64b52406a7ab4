"""What the media domain hands back: facts about an accepted photo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class PhotoLimits:
    """Configurable bounds on what is accepted."""

    max_bytes: int
    max_pixels: int


@dataclass(frozen=True, slots=True)
class InspectedPhoto:
    """An upload that passed the checks: its type, size and what its EXIF says."""

    content_type: str
    sha256: str
    size_bytes: int
    width: int  # as displayed, after EXIF orientation
    height: int
    taken_at: datetime | None
