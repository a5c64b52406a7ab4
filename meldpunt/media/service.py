"""Photo checks and derivatives: type from the bytes, size and pixel limits, thumbnails."""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from datetime import datetime
from zoneinfo import ZoneInfo

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from meldpunt.media.errors import NotAnImage, PhotoTooLarge, PhotoTooManyPixels
from meldpunt.media.schemas import InspectedPhoto, PhotoLimits

logger = logging.getLogger(__name__)

pillow_heif.register_heif_opener()

ACCEPTED_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_ORIENTATION = 0x0112
# Cameras write local time without a zone; reports come from the Netherlands.
_LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def _label(filename: str | None) -> str:
    return repr(filename) if filename else "the photo"


def _open(data: bytes, filename: str | None, limits: PhotoLimits) -> Image.Image:
    """Open (headers only) and enforce type and pixel limits before any pixel is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoTooManyPixels(
            f"{_label(filename)} declares more pixels than the limit of {limits.max_pixels:,}",
            filename=filename,
            limit=limits.max_pixels,
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise NotAnImage(
            f"{_label(filename)} is not an image Meldpunt can read; "
            "send a JPEG, PNG, WebP or HEIC photo",
            filename=filename,
        ) from None
    if image.format not in ACCEPTED_FORMATS:
        raise NotAnImage(
            f"{_label(filename)} is a {image.format} image; send a JPEG, PNG, WebP or HEIC photo",
            filename=filename,
        )
    width, height = image.size
    if width * height > limits.max_pixels:
        raise PhotoTooManyPixels(
            f"{_label(filename)} has {width}x{height} pixels, more than the limit of "
            f"{limits.max_pixels:,}",
            filename=filename,
            limit=limits.max_pixels,
        )
    return image


def _orientation(image: Image.Image) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Corrupt EXIF data" from broken cameras
            value = image.getexif().get(_ORIENTATION, 1)
        return int(value) if isinstance(value, int) and 1 <= value <= 8 else 1
    except Exception:  # broken EXIF never fails an upload
        return 1


def read_taken_at(image: Image.Image) -> datetime | None:
    """Capture time from EXIF DateTimeOriginal, timezone-aware; None when absent or broken."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exif_ifd = image.getexif().get_ifd(_EXIF_IFD)
        raw = exif_ifd.get(_DATETIME_ORIGINAL)
        if not isinstance(raw, str):
            return None
        taken = datetime.strptime(raw.strip("\x00 ").strip(), "%Y:%m:%d %H:%M:%S")
        offset = exif_ifd.get(_OFFSET_TIME_ORIGINAL)
        if isinstance(offset, str) and offset.strip():
            return datetime.fromisoformat(taken.isoformat() + offset.strip())
        return taken.replace(tzinfo=_LOCAL_ZONE)
    except Exception:  # broken EXIF never fails an upload
        return None


def inspect_photo(data: bytes, filename: str | None, limits: PhotoLimits) -> InspectedPhoto:
    """Check an upload and describe it; raises a PhotoRejected subclass naming the file."""
    if len(data) > limits.max_bytes:
        raise PhotoTooLarge(
            f"{_label(filename)} is {len(data):,} bytes, more than the limit of "
            f"{limits.max_bytes:,}",
            filename=filename,
            limit=limits.max_bytes,
        )
    image = _open(data, filename, limits)
    content_type = ACCEPTED_FORMATS[str(image.format)]
    width, height = image.size
    if _orientation(image) in (5, 6, 7, 8):
        width, height = height, width
    taken_at = read_taken_at(image)
    try:
        # Decode at reduced scale where the format allows it: proves the pixels are intact
        # (truncated files fail here) without paying for a full-size decode.
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except (OSError, ValueError, SyntaxError) as exc:
        raise NotAnImage(
            f"{_label(filename)} is damaged and cannot be decoded ({exc})", filename=filename
        ) from None
    return InspectedPhoto(
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        width=width,
        height=height,
        taken_at=taken_at,
    )


def make_thumbnail(data: bytes, max_side: int, limits: PhotoLimits) -> bytes:
    """An upright WebP at most `max_side` px on its long side, with no metadata but colour."""
    image = _open(data, None, limits)
    image.draft("RGB", (max_side * 2, max_side * 2))  # JPEG: decode at 1/2…1/8 scale directly
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        upright = ImageOps.exif_transpose(image)
    upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    if upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    # No exif/xmp passed on: the derivative carries no GPS, camera or comment metadata.
    upright.save(out, "WEBP", quality=80, method=4, **({"icc_profile": icc} if icc else {}))
    return out.getvalue()
