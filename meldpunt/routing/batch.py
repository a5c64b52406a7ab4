"""Routing many points at once: numpy arrays in, numpy arrays out, same rule as one point."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from meldpunt.core.taxonomy import CATEGORIES, FALLBACK_CATEGORY
from meldpunt.routing.decision import DecisionCore, decide_cached
from meldpunt.routing.errors import NoResponsibleDepartment
from meldpunt.routing.grid import FloatArray, IntArray
from meldpunt.routing.index import GeofenceIndex

CATEGORY_INDEX = {c.code: i for i, c in enumerate(CATEGORIES)}
FALLBACK_INDEX = CATEGORY_INDEX[FALLBACK_CATEGORY]

NO_ERROR, OUTSIDE_COVERAGE, COORDINATES_SWAPPED, NO_DEPARTMENT, INVALID_COORDINATES = range(5)
ERROR_CODES = (
    "",
    "outside_coverage",
    "coordinates_swapped",
    "no_responsible_department",
    "invalid_coordinates",
)


@dataclass
class BatchDecisions:
    """Per point: index into `cores` (-1 on error), an error code and the ambiguity flag."""

    core_ids: IntArray
    cores: list[DecisionCore]
    errors: npt.NDArray[np.int8]
    ambiguous: npt.NDArray[np.bool_]

    def outcome(self, i: int) -> tuple[str | None, str | None, int | None]:
        """(authority code, department code, zone id) of point i; all None on an error."""
        core_id = int(self.core_ids[i])
        if core_id < 0:
            return (None, None, None)
        core = self.cores[core_id]
        return (core.authority.code, core.department.code, core.zone.id if core.zone else None)


@dataclass
class _Cores:
    core_ids: IntArray
    cores: list[DecisionCore]
    errors: npt.NDArray[np.int8]
    near_border: npt.NDArray[np.bool_]


def _group(keys: IntArray, key_space: int) -> tuple[IntArray, IntArray]:
    """(distinct keys, position of each key among them), like np.unique but O(n) when the
    key space is small enough for a lookup table."""
    if key_space > 8 * len(keys):  # a table would cost more than sorting
        unique, inverse = np.unique(keys, return_inverse=True)
        return unique, inverse.reshape(-1)
    table = np.zeros(key_space, dtype=np.int64)
    table[keys] = 1
    unique = np.flatnonzero(table)
    table[unique] = np.arange(len(unique))
    return unique, table[keys]


def decide_cores(
    index: GeofenceIndex, lons: FloatArray, lats: FloatArray, categories: IntArray
) -> _Cores:
    """Decision cores for many points: each distinct (municipality, zones, category) once."""
    municipality_covers, near_municipal_border = index.municipality_layer.cover_ids(lons, lats)
    municipality = index.first_municipality(municipality_covers)
    zones, near_zone_border = index.zone_layer.cover_ids(lons, lats)
    n_zones = len(index.zone_layer.covers.sets)
    n_categories = len(CATEGORIES)
    # Group (municipality, zone cover) pairs first: their key space is small.
    pair_keys, pair_of_point = _group(
        (municipality + 1) * n_zones + zones, (len(index.municipalities) + 1) * n_zones
    )
    keys, inverse = _group(pair_of_point * n_categories + categories, len(pair_keys) * n_categories)
    cores: list[DecisionCore] = []
    core_of_key = np.full(len(keys), -1, dtype=np.int64)
    error_of_key = np.zeros(len(keys), dtype=np.int8)
    for k, key in enumerate(keys.tolist()):
        pair, category = divmod(key, n_categories)
        municipality_plus_one, zone_cover = divmod(int(pair_keys[pair]), n_zones)
        if municipality_plus_one == 0:
            error_of_key[k] = OUTSIDE_COVERAGE
            continue
        try:
            core = decide_cached(index, municipality_plus_one - 1, zone_cover, CATEGORIES[category])
        except NoResponsibleDepartment:
            error_of_key[k] = NO_DEPARTMENT
            continue
        core_of_key[k] = len(cores)
        cores.append(core)
    core_ids, errors = core_of_key[inverse], error_of_key[inverse]
    outside = np.flatnonzero(errors == OUTSIDE_COVERAGE)
    if len(outside):
        swapped = index.municipality_covers(lats[outside], lons[outside]) > 0
        errors[outside[swapped]] = COORDINATES_SWAPPED
    return _Cores(core_ids, cores, errors, near_municipal_border | near_zone_border)


def route_many(
    index: GeofenceIndex,
    lons: FloatArray,
    lats: FloatArray,
    categories: IntArray,
    *,
    with_ambiguity: bool = True,
) -> BatchDecisions:
    """Route many points; `categories` are indices into the taxonomy (`CATEGORY_INDEX`)."""
    from meldpunt.routing.ambiguity import ambiguous_points

    lons = np.asarray(lons, dtype=np.float64)
    lats = np.asarray(lats, dtype=np.float64)
    categories = np.asarray(categories, dtype=np.int64)
    invalid = ~(np.isfinite(lons) & np.isfinite(lats))
    invalid |= (np.abs(lats) > 90) | (np.abs(lons) > 180)
    if invalid.any():
        lons, lats = np.where(invalid, 0.0, lons), np.where(invalid, 0.0, lats)
    decided = decide_cores(index, lons, lats, categories)
    decided.errors[invalid] = INVALID_COORDINATES
    decided.core_ids[invalid] = -1
    ambiguous = np.zeros(len(lons), dtype=bool)
    if with_ambiguity:
        rough = np.flatnonzero(decided.near_border & (decided.core_ids >= 0))
        near = index.municipality_layer.near_border_points(
            lons[rough], lats[rough]
        ) | index.zone_layer.near_border_points(lons[rough], lats[rough])
        candidates = rough[near]
        ambiguous[candidates] = ambiguous_points(
            index,
            lons[candidates],
            lats[candidates],
            categories[candidates],
            [decided.cores[i].target for i in decided.core_ids[candidates].tolist()],
        )
    return BatchDecisions(decided.core_ids, decided.cores, decided.errors, ambiguous)
