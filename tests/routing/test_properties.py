"""Property tests (hypothesis) of the routing rule on the in-memory index."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

from meldpunt.core.taxonomy import CATEGORIES
from meldpunt.routing.batch import CATEGORY_INDEX, route_many
from meldpunt.routing.decision import core_at, zone_rank
from meldpunt.routing.errors import OutsideCoverage
from meldpunt.routing.geometry import area_m2
from meldpunt.routing.index import GeofenceIndex
from meldpunt.routing.schemas import AuthorityRef, DepartmentRef, MunicipalityShape, ZoneShape
from tests.helpers import EAST_TOWN, WEST_TOWN, multipolygon

WEST = AuthorityRef(1, "GM0001", "West", "municipality")
EAST = AuthorityRef(2, "GM0002", "East", "municipality")
PROVINCE = AuthorityRef(3, "PV01", "Province", "province")
TOWNS = [
    MunicipalityShape(
        WEST,
        multipolygon(WEST_TOWN),
        {
            "kcc": DepartmentRef(10, "GM0001.kcc", "kcc", "kcc", "GM0001"),
            "groen": DepartmentRef(11, "GM0001.groen", "groen", "groen", "GM0001"),
        },
    ),
    MunicipalityShape(
        EAST,
        multipolygon(EAST_TOWN),
        {"kcc": DepartmentRef(20, "GM0002.kcc", "kcc", "kcc", "GM0002")},
    ),
]
PATTERNS = ["*", "groen.*", "wegen.*", "groen.boom", "wegen.wegdek", "water.*"]
CODES = ["groen.boom", "groen.onderhoud", "wegen.wegdek", "water.oever", "overig.overig"]

coordinate_lon = st.floats(4.99, 5.11, allow_nan=False)
coordinate_lat = st.floats(51.99, 52.06, allow_nan=False)


@st.composite
def zones(draw: st.DrawFn) -> list[ZoneShape]:
    result = []
    for zone_id in range(draw(st.integers(1, 6))):
        x0, x1 = sorted(draw(st.lists(coordinate_lon, min_size=2, max_size=2, unique=True)))
        y0, y1 = sorted(draw(st.lists(coordinate_lat, min_size=2, max_size=2, unique=True)))
        geometry = multipolygon(box(x0, y0, x1, y1))
        department = DepartmentRef(100 + zone_id, f"PV01.z{zone_id}", "zone", "wegen", "PV01")
        result.append(
            ZoneShape(
                zone_id,
                f"zone {zone_id}",
                PROVINCE,
                department,
                geometry,
                frozenset(draw(st.sets(st.sampled_from(PATTERNS), min_size=1, max_size=3))),
                draw(st.integers(0, 3)),
                area_m2(geometry),
            )
        )
    return result


def category(code: str):  # type: ignore[no-untyped-def]
    return CATEGORIES[CATEGORY_INDEX[code]]


def decide_or_none(index: GeofenceIndex, lon: float, lat: float, code: str):  # type: ignore[no-untyped-def]
    try:
        return core_at(index, lon, lat, category(code))
    except OutsideCoverage:
        return None


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(zones(), st.data())
def test_point_inside_an_accepting_zone_never_goes_elsewhere(
    zone_list: list[ZoneShape], data: st.DataObject
) -> None:
    index = GeofenceIndex(TOWNS, zone_list, revision=1)
    zone = data.draw(st.sampled_from(zone_list))
    code = data.draw(st.sampled_from([c for c in CODES if zone.accepts(c)] or ["overig.overig"]))
    if not zone.accepts(code):
        return
    x0, y0, x1, y1 = zone.geometry.bounds
    lon = data.draw(st.floats(x0, x1, allow_nan=False))
    lat = data.draw(st.floats(y0, y1, allow_nan=False))
    decision = decide_or_none(index, lon, lat, code)
    if decision is None:
        return  # the zone reaches outside both towns there
    assert decision.rule == "zone"
    assert decision.zone is not None
    winner = next(z for z in zone_list if z.id == decision.zone.id)
    assert zone_rank(winner) <= zone_rank(zone)


@FAST
@given(zones(), st.data())
def test_removing_a_zone_never_routes_a_point_into_it(
    zone_list: list[ZoneShape], data: st.DataObject
) -> None:
    removed = data.draw(st.sampled_from(zone_list))
    before = GeofenceIndex(TOWNS, zone_list, revision=1)
    after = GeofenceIndex(TOWNS, [z for z in zone_list if z.id != removed.id], revision=2)
    for _ in range(20):
        lon, lat = data.draw(coordinate_lon), data.draw(coordinate_lat)
        code = data.draw(st.sampled_from(CODES))
        new = decide_or_none(after, lon, lat, code)
        assert new is None or new.zone is None or new.zone.id != removed.id
        if removed.geometry.distance(Point(lon, lat)) > 0:  # outside it: nothing changes
            old = decide_or_none(before, lon, lat, code)
            assert old == new


@FAST
@given(
    zones(),
    st.lists(
        st.tuples(coordinate_lon, coordinate_lat, st.sampled_from(CODES)), min_size=1, max_size=40
    ),
)
def test_batch_path_equals_single_point_path(
    zone_list: list[ZoneShape], points: list[tuple[float, float, str]]
) -> None:
    index = GeofenceIndex(TOWNS, zone_list, revision=1)
    # Include points exactly on the shared border and on zone edges.
    points = [*points, (5.05, 52.02, "groen.boom")]
    points += [(z.geometry.bounds[0], z.geometry.bounds[1], "wegen.wegdek") for z in zone_list]
    lons = np.array([p[0] for p in points])
    lats = np.array([p[1] for p in points])
    cats = np.array([CATEGORY_INDEX[p[2]] for p in points])
    batch = route_many(index, lons, lats, cats, with_ambiguity=False)
    for i, (lon, lat, code) in enumerate(points):
        single = decide_or_none(index, lon, lat, code)
        core_id = int(batch.core_ids[i])
        assert (batch.cores[core_id] if core_id >= 0 else None) == single
