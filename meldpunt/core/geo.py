"""Distances in metres on the WGS84 ellipsoid, the same on every database backend."""

from __future__ import annotations

import math
from dataclasses import dataclass

from pyproj import Geod

_GEOD = Geod(ellps="WGS84")
# Metres per degree of latitude is at least this anywhere on the ellipsoid (at the equator).
_MIN_METRES_PER_DEGREE = 110_574.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance between two WGS84 points, in metres."""
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres)


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """A lat/lon box that contains every point within some distance of a centre."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float


def box_around(lat: float, lon: float, metres: float) -> BoundingBox:
    """A box that certainly holds every point within `metres`: a cheap database prefilter.

    Slightly generous on purpose; the exact geodesic distance decides afterwards.
    """
    dlat = metres / _MIN_METRES_PER_DEGREE * 1.01
    # Longitude degrees shrink with latitude; use the latitude nearest the pole in the box.
    widest = min(89.9, abs(lat) + dlat)
    dlon = dlat / max(math.cos(math.radians(widest)), 1e-6)
    return BoundingBox(lat - dlat, lat + dlat, lon - dlon, lon + dlon)
