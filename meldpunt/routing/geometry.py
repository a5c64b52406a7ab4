"""Geometry helpers: repair, normalise to MultiPolygon, and measure in metres (EPSG:28992)."""

from __future__ import annotations

from functools import lru_cache

import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

METRIC_CRS = 28992
"""RD New: metres, accurate across the Netherlands."""


@lru_cache(maxsize=2)
def _transformer(source: int, target: int) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def to_metric(geometry: BaseGeometry) -> BaseGeometry:
    """Project a WGS84 geometry into RD New metres."""
    return shapely.transform(geometry, _transformer(4326, METRIC_CRS).transform, interleaved=False)


def to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    """Project an RD New geometry back to WGS84 longitude/latitude."""
    return shapely.transform(geometry, _transformer(METRIC_CRS, 4326).transform, interleaved=False)


def area_m2(geometry: BaseGeometry) -> float:
    """Area of a WGS84 geometry in square metres."""
    return float(to_metric(geometry).area)


def as_multipolygon(geometry: BaseGeometry) -> tuple[MultiPolygon, bool]:
    """Repair a geometry and keep only its polygonal parts; returns (result, was_repaired)."""
    repaired = False
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
        repaired = True
    polygons: list[Polygon] = []
    for part in shapely.get_parts(geometry):
        if isinstance(part, Polygon) and not part.is_empty:
            polygons.append(part)
        elif isinstance(part, MultiPolygon):
            polygons.extend(part.geoms)
        elif hasattr(part, "geoms"):  # a GeometryCollection left by make_valid
            polygons.extend(p for p in part.geoms if isinstance(p, Polygon) and not p.is_empty)
    if not polygons:
        raise ValueError("geometry has no polygonal area")
    # Drop the Z dimension some exports carry: stored geometries are 2D.
    result = shapely.force_2d(MultiPolygon(polygons))
    return result, repaired


def buffer_line_m(line: BaseGeometry, width_m: float) -> MultiPolygon:
    """A road or canal centre line turned into a strip `width_m` wide (buffered in metres)."""
    if width_m <= 0:
        raise ValueError("width must be positive")
    strip = to_metric(line).buffer(width_m / 2, cap_style="flat")
    multipolygon, _ = as_multipolygon(to_wgs84(strip))
    return multipolygon
