"""Photo checks and thumbnails over every real photo in the shared data set."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import piexif
import pillow_heif
import pytest
from PIL import Image

from meldpunt.media.errors import NotAnImage, PhotoTooLarge, PhotoTooManyPixels
from meldpunt.media.schemas import PhotoLimits
from meldpunt.media.service import inspect_photo, make_derivatives
from tests.conftest import SHARED_DATA

PHOTOS = SHARED_DATA / "photos"
LIMITS = PhotoLimits(max_bytes=20_000_000, max_pixels=64_000_000)
# The only files whose pixels cannot be used; every other one must be accepted.
REFUSED = {
    "pil_decompression_bomb.gif": PhotoTooManyPixels,
    "pil_truncated_jpeg.jpg": NotAnImage,
    "pil_ultrahdr_pixel6_gps.jpg": NotAnImage,  # pixel data cut off in the source repository
}


def index_rows() -> list[dict[str, str]]:
    with (PHOTOS / "index.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", index_rows(), ids=lambda r: r["filename"])
def test_every_photo_is_accepted_with_a_clean_thumbnail_or_refused_clearly(
    row: dict[str, str],
) -> None:
    path: Path = PHOTOS / row["filename"]
    data = path.read_bytes()
    if path.name in REFUSED:
        with pytest.raises(REFUSED[path.name]) as refused:
            inspect_photo(data, path.name, LIMITS)
        assert path.name in refused.value.detail
        return
    info = inspect_photo(data, path.name, LIMITS)
    stored_w, stored_h = int(row["width"]), int(row["height"])
    rotated = row["orientation"] in {"5", "6", "7", "8"}
    assert (info.width, info.height) == ((stored_h, stored_w) if rotated else (stored_w, stored_h))
    assert info.size_bytes == len(data)
    derived = make_derivatives(data, LIMITS)
    display = Image.open(io.BytesIO(derived.display))
    thumbnail = Image.open(io.BytesIO(derived.thumbnail))
    assert (display.format, thumbnail.format) == ("JPEG", "WEBP")
    assert max(display.size) == min(1600, max(info.width, info.height))
    assert max(thumbnail.size) <= 320
    assert len(derived.phash) == 16
    for image, blob in ((display, derived.display), (thumbnail, derived.thumbnail)):
        # Upright: the derivative has the displayed (orientation-corrected) aspect ratio.
        assert abs(image.width / image.height - info.width / info.height) < 0.02
        assert "exif" not in image.info
        assert "xmp" not in image.info
        assert not image.getexif()
        if blob is derived.display:  # read back with piexif as well: nothing at all
            exif = piexif.load(blob)
            assert not any(exif[ifd] for ifd in ("0th", "Exif", "GPS", "Interop", "1st"))
            assert exif["thumbnail"] is None


def test_known_broken_files_are_refused_with_the_right_error() -> None:
    bomb = PHOTOS / "pil_decompression_bomb.gif"
    with pytest.raises(PhotoTooManyPixels, match=r"pil_decompression_bomb\.gif"):
        inspect_photo(bomb.read_bytes(), bomb.name, LIMITS)
    truncated = PHOTOS / "pil_truncated_jpeg.jpg"
    with pytest.raises(NotAnImage, match="damaged"):
        inspect_photo(truncated.read_bytes(), truncated.name, LIMITS)


def test_broken_exif_does_not_fail_the_upload() -> None:
    for name in (
        "exs_broken_exif_type_error.jpg",
        "exs_broken_gps_ifd.jpg",
        "pil_hopper_bad_exif.jpg",
    ):
        data = (PHOTOS / name).read_bytes()
        assert inspect_photo(data, name, LIMITS).content_type == "image/jpeg"


def test_capture_time_is_read_from_exif() -> None:
    data = (PHOTOS / "mex_apple_iphone4_gps.jpg").read_bytes()
    exif = piexif.load(data)["Exif"][piexif.ExifIFD.DateTimeOriginal].decode()
    taken = inspect_photo(data, None, LIMITS).taken_at
    assert taken is not None
    assert taken.strftime("%Y:%m:%d %H:%M:%S") == exif
    assert taken.tzinfo is not None


def test_limits_are_enforced() -> None:
    data = (PHOTOS / "orient_landscape_6.jpg").read_bytes()
    with pytest.raises(PhotoTooLarge, match="limit of 1,000"):
        inspect_photo(data, "big.jpg", PhotoLimits(max_bytes=1000, max_pixels=64_000_000))
    with pytest.raises(PhotoTooManyPixels, match="limit of 1,000"):
        inspect_photo(data, "big.jpg", PhotoLimits(max_bytes=20_000_000, max_pixels=1000))


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_type_comes_from_the_bytes_not_the_name(fmt: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, fmt)
    info = inspect_photo(out.getvalue(), "looks-like.jpg", LIMITS)
    assert info.content_type == f"image/{fmt.lower()}"
    assert (info.width, info.height) == (40, 30)


def test_heic_from_a_phone_is_accepted() -> None:
    image = Image.new("RGB", (64, 48), "blue")
    heif = pillow_heif.from_pillow(image)
    out = io.BytesIO()
    heif.save(out, quality=80)
    info = inspect_photo(out.getvalue(), "IMG_0001.HEIC", LIMITS)
    assert info.content_type == "image/heic"
    derived = make_derivatives(out.getvalue(), LIMITS, thumbnail_px=32)
    assert Image.open(io.BytesIO(derived.thumbnail)).size == (32, 24)


def test_gif_is_refused_as_unsupported_type() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(NotAnImage, match="GIF"):
        inspect_photo(out.getvalue(), "anim.gif", LIMITS)


def test_comments_and_xmp_do_not_reach_the_derivatives() -> None:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "red").save(
        out, "JPEG", comment=b"Kerkstraat 12, my home", xmp=b"<x:xmpmeta>home</x:xmpmeta>"
    )
    derived = make_derivatives(out.getvalue(), LIMITS)
    for blob in (derived.display, derived.thumbnail):
        assert b"Kerkstraat" not in blob
        assert b"xmpmeta" not in blob
