"""Reading what a photo knows — position, capture time, orientation — without ever failing."""

from __future__ import annotations

import math
import warnings
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_ORIENTATION = 0x0112
_GPS_LATITUDE_REF, _GPS_LATITUDE, _GPS_LONGITUDE_REF, _GPS_LONGITUDE = 1, 2, 3, 4
# Cameras write local time without a zone; reports come from the Netherlands.
_LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def _exif(image: Image.Image) -> Image.Exif | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Corrupt EXIF data" from broken cameras
            return image.getexif()
    except Exception:  # broken EXIF never fails an upload
        return None


def read_orientation(image: Image.Image) -> int:
    """EXIF orientation 1–8; 1 when absent or broken."""
    exif = _exif(image)
    value = exif.get(_ORIENTATION, 1) if exif is not None else 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def read_taken_at(image: Image.Image) -> datetime | None:
    """Capture time from EXIF DateTimeOriginal, timezone-aware; None when absent or broken."""
    exif = _exif(image)
    try:
        exif_ifd = exif.get_ifd(_EXIF_IFD) if exif is not None else {}
        raw = exif_ifd.get(_DATETIME_ORIGINAL)
        if not isinstance(raw, str):
            return None
        taken = datetime.strptime(raw.strip("\x00 ").strip(), "%Y:%m:%d %H:%M:%S")
        offset = exif_ifd.get(_OFFSET_TIME_ORIGINAL)
        if isinstance(offset, str) and offset.strip("\x00 "):
            return datetime.fromisoformat(taken.isoformat() + offset.strip("\x00 "))
        return taken.replace(tzinfo=_LOCAL_ZONE)
    except Exception:  # broken EXIF never fails an upload
        return None


def _degrees(value: Any, limit: float) -> float | None:
    """Degrees from the forms cameras write: (d, m, s), (d, m), d — rationals or floats."""
    parts = value if isinstance(value, tuple | list) else (value,)
    if not 1 <= len(parts) <= 3:
        return None
    try:
        numbers = [float(p) for p in parts]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not all(math.isfinite(n) and n >= 0 for n in numbers):
        return None  # 0/0 rationals (NaN) or garbage: no usable position
    if any(n >= 60 for n in numbers[1:]):
        return None
    degrees = sum(n / 60**i for i, n in enumerate(numbers))
    return degrees if degrees <= limit else None


def _reference(value: Any, negative: str) -> int:
    if isinstance(value, bytes):
        value = value.decode("ascii", "ignore")
    return -1 if isinstance(value, str) and value.strip("\x00 ").upper() == negative else 1


def read_gps(image: Image.Image) -> tuple[float, float] | None:
    """(lat, lon) in WGS84 from the GPS IFD; None when absent, empty, broken or exactly 0,0."""
    exif = _exif(image)
    try:
        gps = exif.get_ifd(_GPS_IFD) if exif is not None else {}
    except Exception:
        return None
    if not gps or _GPS_LATITUDE not in gps or _GPS_LONGITUDE not in gps:
        return None
    lat = _degrees(gps[_GPS_LATITUDE], 90)
    lon = _degrees(gps[_GPS_LONGITUDE], 180)
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None  # 0,0 is what phones write when they had no fix
    lat *= _reference(gps.get(_GPS_LATITUDE_REF), "S")
    lon *= _reference(gps.get(_GPS_LONGITUDE_REF), "W")
    return (round(lat, 7), round(lon, 7))
