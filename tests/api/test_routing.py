"""GET /api/v1/routing/resolve on the demo region, on both databases."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from shapely.geometry import shape
from shapely.ops import nearest_points

from meldpunt.demo.loader import REGION_FILE


def resolve(client: TestClient, lat: float, lon: float, category: str | None = None) -> dict:  # type: ignore[type-arg]
    params: dict[str, object] = {"lat": lat, "lon": lon}
    if category:
        params["category"] = category
    response = client.get("/api/v1/routing/resolve", params=params)
    return {"status": response.status_code, **response.json()}


def test_demo_zones_decide_for_their_categories(client: TestClient) -> None:
    road = resolve(client, 51.98377, 4.92994, "winter.gladheid")  # on the N998
    assert (road["authority"]["code"], road["department"]["code"]) == ("PV99", "PV99.wegen")
    assert road["zone"]["name"] == "N998 (provinciale weg)"
    assert road["rule"] == "zone"
    canal = resolve(client, 51.95789, 4.93694, "water.vervuiling")  # in the Vlietkanaal
    assert (canal["authority"]["kind"], canal["department"]["code"]) == ("waterboard", "WS99.water")
    park = resolve(client, 52.0132, 4.9739, "groen.speelplaats")
    assert park["department"]["code"] == "GM9901.groen"
    lamp_in_park = resolve(client, 52.0132, 4.9739, "verlichting.lamp")
    assert (lamp_in_park["rule"], lamp_in_park["zone"]) == ("municipality_role", None)
    # Lekmond has no traffic department: its kcc desk triages traffic lights.
    lekmond = resolve(client, 51.96257, 4.98994, "wegen.verkeerslicht")
    assert (lekmond["rule"], lekmond["department"]["code"]) == ("municipality_kcc", "GM9903.kcc")


def test_explanation_lists_the_zones_considered(client: TestClient) -> None:
    body = resolve(client, 51.98377, 4.92994, "groen.boom")
    assert body["rule"] != "zone"
    considered = body["explanation"]["zones_considered"]
    assert considered[0]["name"] == "N998 (provinciale weg)"
    assert considered[0]["accepts_category"] is False


def test_outside_and_swapped_and_unknown_category(client: TestClient) -> None:
    north_sea = resolve(client, 54.5, 3.0)
    assert (north_sea["status"], north_sea["code"]) == (422, "outside_coverage")
    swapped = resolve(client, 4.9739, 52.0132)
    assert (swapped["status"], swapped["code"]) == (422, "coordinates_swapped")
    unknown = resolve(client, 52.0132, 4.9739, "lampen")
    assert (unknown["status"], unknown["code"]) == (422, "unknown_category")


def test_near_a_municipal_border_the_answer_says_it_is_unsure(client: TestClient) -> None:
    region = json.loads(REGION_FILE.read_text())
    shapes = {a["code"]: shape(a["geometry"]) for a in region["authorities"]}
    border = shapes["GM9901"].boundary.intersection(shapes["GM9902"].boundary)
    on_border = border.interpolate(0.5, normalized=True)
    inside = nearest_points(shapes["GM9901"].buffer(-0.00003), on_border)[0]  # ~2-3 m in
    body = resolve(client, inside.y, inside.x, "verlichting.lamp")
    assert body["municipality"]["code"] == "GM9901"
    assert body["ambiguous"] is True
    assert body["explanation"]["ambiguous"] is True
    assert [a["authority"]["code"] for a in body["alternatives"]] == ["GM9902"]
    far = resolve(client, 52.0132, 4.9739, "verlichting.lamp")
    assert far["explanation"]["ambiguous"] is False
