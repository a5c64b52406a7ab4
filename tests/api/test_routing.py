"""GET /api/v1/routing/resolve on the demo region, on both databases."""

from __future__ import annotations

from fastapi.testclient import TestClient


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
