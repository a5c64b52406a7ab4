"""EXIF reading over the real camera files: every GPS variant, and broken blocks."""

from __future__ import annotations

import io

import piexif
import pytest
from PIL import Image

from meldpunt.media.exif import read_gps, read_orientation
from tests.media.test_service import PHOTOS, index_rows


@pytest.mark.parametrize("row", index_rows(), ids=lambda r: r["filename"])
def test_gps_matches_the_index(row: dict[str, str]) -> None:
    if row["filename"] == "pil_decompression_bomb.gif":  # refused before EXIF is read
        with pytest.raises(Image.DecompressionBombError):
            Image.open(PHOTOS / row["filename"])
        return
    image = Image.open(PHOTOS / row["filename"])
    gps = read_gps(image)
    if row["has_gps"] == "yes":
        assert gps is not None
        assert gps[0] == pytest.approx(float(row["gps_lat"]), abs=1e-5)
        assert gps[1] == pytest.approx(float(row["gps_lon"]), abs=1e-5)
    else:  # "no", "yes-but-0,0", empty GPS IFD, GPS IFD without usable lat/lon
        assert gps is None
    expected = int(row["orientation"]) if row["orientation"] else 1
    assert read_orientation(image) == expected


def jpeg_with_gps(gps_ifd: dict[int, object]) -> Image.Image:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=piexif.dump({"GPS": gps_ifd}))
    return Image.open(io.BytesIO(out.getvalue()))


def test_south_west_references_and_decimal_degrees() -> None:
    image = jpeg_with_gps(
        {
            piexif.GPSIFD.GPSLatitudeRef: b"S",
            piexif.GPSIFD.GPSLatitude: ((33, 1), (51, 1), (3600, 100)),
            piexif.GPSIFD.GPSLongitudeRef: b"W",
            piexif.GPSIFD.GPSLongitude: ((7055, 100), (0, 1), (0, 1)),
        }
    )
    assert read_gps(image) == pytest.approx((-33.86, -70.55))


def test_zero_denominators_and_out_of_range_values_are_no_position() -> None:
    zero_denominator = jpeg_with_gps(
        {
            piexif.GPSIFD.GPSLatitudeRef: b"N",
            piexif.GPSIFD.GPSLatitude: ((52, 1), (5, 0), (0, 0)),
            piexif.GPSIFD.GPSLongitudeRef: b"E",
            piexif.GPSIFD.GPSLongitude: ((5, 1), (7, 1), (1, 1)),
        }
    )
    assert read_gps(zero_denominator) is None
    beyond_the_pole = jpeg_with_gps(
        {
            piexif.GPSIFD.GPSLatitude: ((95, 1), (0, 1), (0, 1)),
            piexif.GPSIFD.GPSLongitude: ((5, 1), (0, 1), (0, 1)),
        }
    )
    assert read_gps(beyond_the_pole) is None


def test_missing_references_default_to_north_east() -> None:
    image = jpeg_with_gps(
        {
            piexif.GPSIFD.GPSLatitude: ((52, 1), (5, 1), (2652, 100)),
            piexif.GPSIFD.GPSLongitude: ((5, 1), (7, 1), (1704, 100)),
        }
    )
    assert read_gps(image) == pytest.approx((52.0907, 5.1214), abs=1e-4)
