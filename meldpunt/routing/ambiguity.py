"""Near a border (GPS error), is the decision unsure? Probe just across every nearby boundary.

For each boundary within the tolerance of a point (municipalities, and zones that accept the
category), take the nearest point on it and decide again half a metre to either side. If a
probe lands with another authority or department, the decision is ambiguous and that other
decision is an alternative. Distances are in metres (RD New).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import Transformer

from meldpunt.core.taxonomy import CATEGORIES, CategoryDefinition
from meldpunt.routing.decision import DecisionCore
from meldpunt.routing.grid import FloatArray, IntArray
from meldpunt.routing.index import GeofenceIndex

PROBE_STEP_M = 0.5

_TO_METRIC = Transformer.from_crs(4326, 28992, always_xy=True)
_TO_WGS84 = Transformer.from_crs(28992, 4326, always_xy=True)


def _nearby_pieces(
    index: GeofenceIndex, lons: FloatArray, lats: FloatArray, categories: IntArray
) -> tuple[IntArray, IntArray]:
    """(point, outline piece) pairs within the tolerance in degrees (a superset of metres),
    leaving out zones that do not take the point's category: they cannot change it."""
    points, pieces = index.piece_tree.query(
        shapely.points(lons, lats), predicate="dwithin", distance=index.tolerance_deg
    )
    zone = index.piece_outline[pieces] - len(index.municipalities)
    is_zone = zone >= 0
    keep = ~is_zone
    keep[is_zone] = index.zone_accepts[zone[is_zone], categories[points[is_zone]]]
    return points[keep], pieces[keep]


def border_probes(
    index: GeofenceIndex, lons: FloatArray, lats: FloatArray, categories: IntArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Probe points just across every boundary within the tolerance: (point, lon, lat)."""
    points, pieces = _nearby_pieces(index, lons, lats, categories)
    if len(points) == 0:  # the common case: nothing within the tolerance
        return points, np.zeros(0), np.zeros(0)
    px, py = _TO_METRIC.transform(lons[points], lats[points])
    lines = shapely.shortest_line(index.metric_pieces[pieces], shapely.points(px, py))
    ends = shapely.get_coordinates(lines).reshape(-1, 2, 2)
    nearest, offset = ends[:, 0, :], ends[:, 0, :] - ends[:, 1, :]
    distance = np.hypot(offset[:, 0], offset[:, 1])
    close = distance <= index.tolerance_m
    points, nearest, offset, distance = (
        points[close],
        nearest[close],
        offset[close],
        distance[close],
    )
    on_line = (distance < 1e-6)[:, None]
    direction = np.where(on_line, [1.0, 0.0], offset / np.maximum(distance, 1e-12)[:, None])
    # Across and back; exactly on a boundary the crossing direction is unknown, so then
    # probe along both axes.
    steps = [
        direction,
        -direction,
        np.where(on_line, [0.0, 1.0], direction),
        np.where(on_line, [0.0, -1.0], -direction),
    ]
    probe_xy = np.concatenate([nearest + PROBE_STEP_M * s for s in steps])
    plon, plat = _TO_WGS84.transform(probe_xy[:, 0], probe_xy[:, 1])
    return np.tile(points, len(steps)), np.asarray(plon), np.asarray(plat)


def _probe_targets(
    index: GeofenceIndex, lons: FloatArray, lats: FloatArray, categories: IntArray
) -> tuple[IntArray, list[DecisionCore | None]]:
    from meldpunt.routing.batch import decide_cores

    points, plons, plats = border_probes(index, lons, lats, categories)
    if len(points) == 0:
        return points, []
    decided = decide_cores(index, plons, plats, categories[points])
    return points, [decided.cores[i] if i >= 0 else None for i in decided.core_ids.tolist()]


def ambiguous_points(
    index: GeofenceIndex,
    lons: FloatArray,
    lats: FloatArray,
    categories: IntArray,
    own_targets: list[tuple[str, str]],
) -> npt.NDArray[np.bool_]:
    """Which points would be decided differently just across a border within the tolerance."""
    result = np.zeros(len(lons), dtype=bool)
    points, probes = _probe_targets(index, lons, lats, categories)
    for point, probe in zip(points.tolist(), probes, strict=True):
        if probe is not None and probe.target != own_targets[point]:
            result[point] = True
    return result


def alternatives_near(
    index: GeofenceIndex,
    lon: float,
    lat: float,
    category: CategoryDefinition,
    own: DecisionCore,
) -> list[dict[str, Any]]:
    """Other decisions within the border tolerance of one point, for the explanation."""
    category_index = next(i for i, c in enumerate(CATEGORIES) if c.code == category.code)
    _, probes = _probe_targets(index, np.array([lon]), np.array([lat]), np.array([category_index]))
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for core in probes:
        if core is not None and core.target != own.target and core.target not in found:
            found[core.target] = {
                "authority": core.authority.as_dict(),
                "department": core.department.as_dict(),
                "zone": core.zone.as_dict() if core.zone else None,
                "municipality": core.municipality.code,
            }
    return [found[k] for k in sorted(found)]
