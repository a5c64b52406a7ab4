"""What the media domain hands back: facts about an accepted photo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class PhotoLimits:
    """Configurable bounds on what is accepted."""

    max_bytes: int
    max_pixels: int
    max_photos: int = 5


@dataclass(frozen=True, slots=True)
class InspectedPhoto:
    """An upload that passed the checks: its type, size and what its EXIF says."""

    content_type: str
    sha256: str
    size_bytes: int
    width: int  # as displayed, after EXIF orientation
    height: int
    taken_at: datetime | None
    gps: tuple[float, float] | None = None  # (lat, lon) from EXIF


@dataclass(frozen=True, slots=True)
class Derivatives:
    """What is published of a photo: never the original, never its metadata."""

    display: bytes  # JPEG, long side at most 1600 px
    thumbnail: bytes  # WebP, long side at most 320 px
    phash: str  # perceptual hash, 16 hex digits
    width: int  # of the display image, upright
    height: int


@dataclass(frozen=True, slots=True)
class PhotoUpload:
    """A photo as received: the client's file name (for messages only) and its bytes."""

    filename: str | None
    data: bytes
