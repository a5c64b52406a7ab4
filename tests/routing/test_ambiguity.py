"""Near a border the decision says it is unsure and names the alternatives."""

from __future__ import annotations

import numpy as np
from shapely.geometry import LineString

from meldpunt.routing.batch import CATEGORY_INDEX, route_many
from meldpunt.routing.decision import resolve_department
from meldpunt.routing.geometry import area_m2, buffer_line_m
from meldpunt.routing.index import GeofenceIndex
from meldpunt.routing.schemas import DepartmentRef, ZoneShape
from meldpunt.routing.service import category_definition
from tests.routing.test_properties import PROVINCE, TOWNS

# At 52.02° N one metre is about 1/68,600 of a degree of longitude.
METRE_LON = 1 / 68_600
ROAD = buffer_line_m(LineString([(5.02, 52.02), (5.08, 52.02)]), 40)  # crosses the border
ROADS_DEPARTMENT = DepartmentRef(30, "PV01.wegen", "wegen", "wegen", "PV01")


def index(*zones: ZoneShape) -> GeofenceIndex:
    return GeofenceIndex(TOWNS, list(zones), revision=1, tolerance_m=10)


def road_zone() -> ZoneShape:
    return ZoneShape(
        7, "N1", PROVINCE, ROADS_DEPARTMENT, ROAD, frozenset({"wegen.*"}), 10, area_m2(ROAD)
    )


def decide(idx: GeofenceIndex, lon: float, lat: float, code: str):  # type: ignore[no-untyped-def]
    return resolve_department(idx, lon, lat, category_definition(code))


def test_five_metres_from_a_municipal_border_is_ambiguous_fifteen_is_not() -> None:
    idx = index()
    near = decide(idx, 5.05 - 5 * METRE_LON, 52.03, "groen.boom")
    assert near.authority.code == "GM0001"
    assert near.ambiguous
    assert [a["authority"]["code"] for a in near.alternatives] == ["GM0002"]
    assert near.explanation["ambiguous"] is True
    far = decide(idx, 5.05 - 15 * METRE_LON, 52.03, "groen.boom")
    assert not far.ambiguous
    assert far.explanation["alternatives"] == []


def test_a_zone_covering_both_sides_makes_the_border_irrelevant() -> None:
    idx = index(road_zone())
    on_road = decide(idx, 5.05 - 3 * METRE_LON, 52.02, "wegen.wegdek")
    assert (on_road.authority.code, on_road.ambiguous) == ("PV01", False)
    # For a category the road does not take, the municipal border matters again.
    tree = decide(idx, 5.05 - 3 * METRE_LON, 52.02, "groen.boom")
    assert tree.ambiguous


def test_just_outside_a_zone_edge_is_ambiguous_for_its_categories_only() -> None:
    idx = index(road_zone())
    beside_road = 52.02 + (20 + 4) / 111_200  # 4 m beyond the 20 m half-width
    assert decide(idx, 5.03, beside_road, "wegen.wegdek").ambiguous
    assert not decide(idx, 5.03, beside_road, "groen.boom").ambiguous


def test_batch_flags_match_single_points() -> None:
    idx = index(road_zone())
    rng = np.random.default_rng(3)
    lons = np.concatenate([rng.uniform(5.049, 5.051, 300), rng.uniform(5.02, 5.08, 300)])
    lats = np.concatenate([rng.uniform(52.0, 52.05, 300), rng.uniform(52.0195, 52.0205, 300)])
    codes = ["wegen.wegdek", "groen.boom"]
    cats = np.array([CATEGORY_INDEX[codes[i % 2]] for i in range(len(lons))])
    batch = route_many(idx, lons, lats, cats)
    single = [
        decide(idx, lon, lat, codes[i % 2]).ambiguous
        for i, (lon, lat) in enumerate(zip(lons, lats, strict=True))
    ]
    assert batch.ambiguous.tolist() == single
    assert 50 < sum(single) < len(single)
