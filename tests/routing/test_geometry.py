"""Geometry repair and metric helpers."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, MultiPolygon, Point, box

from meldpunt.routing.geometry import area_m2, as_multipolygon, buffer_line_m
from tests.helpers import bowtie, ring_with_hole


def test_invalid_bowtie_is_repaired_into_valid_multipolygon() -> None:
    assert not bowtie().is_valid
    repaired, was_repaired = as_multipolygon(bowtie())
    assert was_repaired
    assert repaired.is_valid
    assert isinstance(repaired, MultiPolygon)
    assert len(repaired.geoms) == 2  # the two lobes of the bow tie


def test_valid_polygon_keeps_its_hole() -> None:
    result, was_repaired = as_multipolygon(ring_with_hole())
    assert not was_repaired
    assert not result.contains(Point(5.025, 52.025))  # inside the hole
    assert result.contains(Point(5.015, 52.015))


def test_geometry_without_area_is_refused() -> None:
    with pytest.raises(ValueError, match="no polygonal area"):
        as_multipolygon(LineString([(5.0, 52.0), (5.1, 52.1)]))


def test_area_is_in_square_metres() -> None:
    # 0.01° × 0.01° at 52°N is about 1113 m × 685 m.
    assert area_m2(box(5.0, 52.0, 5.01, 52.01)) == pytest.approx(762_000, rel=0.02)


def test_buffered_line_has_the_requested_width() -> None:
    line = LineString([(5.0, 52.0), (5.01, 52.0)])  # about 686 m long
    strip = buffer_line_m(line, 20)
    assert area_m2(strip) == pytest.approx(686 * 20, rel=0.02)
    assert strip.contains(Point(5.005, 52.00005))  # ~5.6 m from the centre line
    assert not strip.contains(Point(5.005, 52.0002))  # ~22 m away


def test_buffer_width_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        buffer_line_m(LineString([(5.0, 52.0), (5.01, 52.0)]), 0)
