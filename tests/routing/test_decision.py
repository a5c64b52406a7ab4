"""The routing rule, on an in-memory index built from plain shapes (no database)."""

from __future__ import annotations

import pytest
from shapely.geometry import box

from meldpunt.routing.decision import resolve_department
from meldpunt.routing.errors import CoordinatesLookSwapped, NoResponsibleDepartment, OutsideCoverage
from meldpunt.routing.geometry import area_m2
from meldpunt.routing.index import GeofenceIndex
from meldpunt.routing.schemas import (
    AuthorityRef,
    DepartmentRef,
    MunicipalityShape,
    ZoneRef,
    ZoneShape,
)
from meldpunt.routing.service import category_definition
from tests.helpers import EAST_TOWN, WEST_TOWN, multipolygon, ring_with_hole

WEST = AuthorityRef(1, "GM0001", "West", "municipality")
EAST = AuthorityRef(2, "GM0002", "East", "municipality")
PROVINCE = AuthorityRef(3, "PV01", "Province", "province")


def dept(authority: AuthorityRef, role: str, id_: int) -> DepartmentRef:
    return DepartmentRef(id_, f"{authority.code}.{role}", role, role, authority.code)


WEST_DEPTS = {r: dept(WEST, r, i) for i, r in enumerate(["kcc", "wegen", "groen"], start=10)}
EAST_DEPTS = {"kcc": dept(EAST, "kcc", 20)}
PROVINCE_ROADS = dept(PROVINCE, "wegen", 30)


def zone(
    id_: int,
    geometry: object,
    patterns: set[str],
    priority: int = 0,
    department: DepartmentRef = PROVINCE_ROADS,
    authority: AuthorityRef = PROVINCE,
) -> ZoneShape:
    shape = multipolygon(geometry)
    return ZoneShape(
        id_,
        f"zone {id_}",
        authority,
        department,
        shape,
        frozenset(patterns),
        priority,
        area_m2(shape),
    )


def make_index(*zones: ZoneShape) -> GeofenceIndex:
    municipalities = [
        MunicipalityShape(WEST, multipolygon(WEST_TOWN), WEST_DEPTS),
        MunicipalityShape(EAST, multipolygon(EAST_TOWN), EAST_DEPTS),
    ]
    return GeofenceIndex(municipalities, list(zones), revision=1)


def route(index: GeofenceIndex, lon: float, lat: float, category: str):  # type: ignore[no-untyped-def]
    return resolve_department(index, lon, lat, category_definition(category))


def test_role_department_of_the_municipality_without_zones() -> None:
    decision = route(make_index(), 5.02, 52.02, "wegen.wegdek")
    assert decision.rule == "municipality_role"
    assert decision.department.code == "GM0001.wegen"
    assert decision.authority.code == "GM0001"
    assert decision.zone is None


def test_kcc_when_the_municipality_has_no_department_for_the_role() -> None:
    decision = route(make_index(), 5.07, 52.02, "verlichting.lamp")
    assert decision.rule == "municipality_kcc"
    assert decision.department.code == "GM0002.kcc"


def test_no_department_and_no_kcc_is_a_clear_error() -> None:
    index = GeofenceIndex([MunicipalityShape(WEST, multipolygon(WEST_TOWN), {})], [], revision=1)
    with pytest.raises(NoResponsibleDepartment, match="no 'kcc' desk"):
        route(index, 5.02, 52.02, "wegen.wegdek")


def test_zone_of_another_authority_takes_its_categories_by_group() -> None:
    road = zone(1, box(5.0, 52.019, 5.1, 52.021), {"wegen.*", "winter.gladheid"}, priority=10)
    index = make_index(road)
    decision = route(index, 5.02, 52.02, "wegen.stoep")
    assert (decision.rule, decision.authority.code) == ("zone", "PV01")
    assert decision.zone == ZoneRef(1, "zone 1")
    assert decision.municipality.code == "GM0001"
    # ... but not categories it does not accept:
    assert route(index, 5.02, 52.02, "groen.boom").department.code == "GM0001.groen"


def test_highest_priority_wins_then_smallest_area() -> None:
    big_low = zone(1, box(5.0, 52.0, 5.05, 52.05), {"groen.*"}, priority=1)
    small_low = zone(2, box(5.015, 52.015, 5.025, 52.025), {"groen.*"}, priority=1)
    big_high = zone(3, box(5.005, 52.005, 5.045, 52.045), {"groen.*"}, priority=5)
    index = make_index(big_low, small_low, big_high)
    assert route(index, 5.02, 52.02, "groen.boom").zone.id == 3
    index = make_index(big_low, small_low)
    decision = route(index, 5.02, 52.02, "groen.boom")
    assert decision.zone.id == 2
    assert "smallest area" in decision.explanation["reason"]
    assert [z["id"] for z in decision.explanation["zones_considered"]] == [2, 1]


def test_point_in_a_hole_is_not_in_the_zone() -> None:
    park = zone(1, ring_with_hole(), {"groen.*"}, department=WEST_DEPTS["groen"], authority=WEST)
    index = make_index(park)
    assert route(index, 5.015, 52.015, "groen.boom").zone is not None
    in_pond = route(index, 5.025, 52.025, "groen.boom")
    assert in_pond.zone is None
    assert in_pond.explanation["zones_considered"] == []


def test_zone_made_of_several_polygons() -> None:
    parts = box(5.001, 52.001, 5.002, 52.002).union(box(5.06, 52.01, 5.07, 52.02))
    index = make_index(zone(1, parts, {"*"}))
    assert route(index, 5.065, 52.015, "dieren.dood").zone is not None
    assert route(index, 5.03, 52.03, "dieren.dood").zone is None


def test_point_on_the_shared_border_is_decided_deterministically() -> None:
    index = make_index()
    decisions = {route(index, 5.05, 52.02, "overig.overig").municipality.code for _ in range(3)}
    assert decisions == {"GM0001"}
    assert [m.authority.code for m in index.municipalities_at(5.05, 52.02)] == ["GM0001", "GM0002"]


def test_outside_every_municipality_is_an_error_not_a_guess() -> None:
    with pytest.raises(OutsideCoverage, match="outside the area") as caught:
        route(make_index(), 3.0, 54.5, "wegen.wegdek")  # North Sea
    assert not isinstance(caught.value, CoordinatesLookSwapped)


def test_swapped_coordinates_are_recognised() -> None:
    with pytest.raises(CoordinatesLookSwapped, match="look swapped"):
        route(make_index(), 52.02, 5.02, "wegen.wegdek")


def test_explanation_names_winner_and_candidates() -> None:
    road = zone(7, box(5.0, 52.019, 5.1, 52.021), {"wegen.*"}, priority=10)
    explanation = route(make_index(road), 5.02, 52.02, "wegen.wegdek").explanation
    assert explanation["winner_zone_id"] == 7
    assert explanation["zones_considered"][0]["accepts_category"] is True
    assert explanation["department"]["code"] == "PV01.wegen"
    assert explanation["municipality"]["code"] == "GM0001"
