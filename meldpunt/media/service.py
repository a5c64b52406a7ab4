"""Photo checks and derivatives: type from the bytes, size and pixel limits, thumbnails."""

from __future__ import annotations

import hashlib
import io
import logging
import math
import warnings

import imagehash
import pillow_heif
from PIL import Image, UnidentifiedImageError

from meldpunt.media.errors import NotAnImage, PhotoTooLarge, PhotoTooManyPixels
from meldpunt.media.exif import read_gps, read_orientation, read_taken_at
from meldpunt.media.schemas import Derivatives, InspectedPhoto, PhotoLimits

logger = logging.getLogger(__name__)

pillow_heif.register_heif_opener()

ACCEPTED_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}


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
    if read_orientation(image) in (5, 6, 7, 8):
        width, height = height, width
    taken_at = read_taken_at(image)
    gps = read_gps(image)
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
        gps=gps,
    )


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""How to undo each EXIF orientation (as ImageOps.exif_transpose does)."""


def _decode_reduced(data: bytes, long_side: int, limits: PhotoLimits) -> tuple[Image.Image, int]:
    """Decode no larger than needed for `long_side` px; returns the image and its orientation."""
    image = _open(data, None, limits)
    orientation = read_orientation(image)
    scale = long_side / max(image.size)
    if scale < 1:
        # JPEG: the decoder scales by 1/2, 1/4 or 1/8 while decoding (DCT scaling), so a
        # 12 MP photo is never decoded at full size for a 1600 px display image.
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    icc = image.info.get("icc_profile")
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image.info = {"icc_profile": icc} if icc else {}
    return image, orientation


def _fit(image: Image.Image, long_side: int, orientation: int) -> Image.Image:
    """Scale to at most `long_side` px, then turn upright (cheaper on the small image)."""
    scale = long_side / max(image.size)
    if scale < 1:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        # Bilinear with Pillow's scaled support is a proper low-pass for these modest
        # reductions (the decoder already did the large ones) and 2.6× cheaper than Lanczos.
        resized = image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    else:
        resized = image.copy()
    if orientation in _TRANSPOSE:
        resized = resized.transpose(_TRANSPOSE[orientation])
    resized.info = image.info
    return resized


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        image = image.convert("RGB") if image.mode != "RGB" else image
        image.save(out, "JPEG", quality=quality, **extra)
    else:
        image.save(out, "WEBP", quality=quality, method=2, **extra)
    # No exif/xmp/comment passed on: derivatives carry no GPS, camera or other metadata.
    return out.getvalue()


def make_derivatives(
    data: bytes, limits: PhotoLimits, *, display_px: int = 1600, thumbnail_px: int = 320
) -> Derivatives:
    """Display image (JPEG) and thumbnail (WebP), upright, metadata-free; and a perceptual
    hash for finding the same scene again."""
    decoded, orientation = _decode_reduced(data, display_px, limits)
    display = _fit(decoded, display_px, orientation)
    thumbnail = _fit(display, thumbnail_px, 1)
    return Derivatives(
        display=_encode(display, "JPEG", 85),
        thumbnail=_encode(thumbnail, "WEBP", 80),
        phash=str(imagehash.phash(thumbnail)),
        width=display.width,
        height=display.height,
    )
