"""Zones for GIS staff: each GIS editor edits only their own authority's zones."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import box, mapping

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from tests.http_helpers import login

# A square of about 140 × 220 m in Vlietdam, away from the demo's own zones.
SQUARE = dict(mapping(box(4.9500, 52.0180, 4.9520, 52.0200)))
INSIDE = {"lat": 52.019, "lon": 4.951}


def zone(**overrides: Any) -> dict[str, Any]:
    body = {
        "name": "Marktplein",
        "department": "GM9901.groen",
        "categories": ["verlichting.*"],
        "geometry": SQUARE,
        "priority": 10,
    }
    body.update(overrides)
    return body


def department_at(client: TestClient, category: str) -> str:
    answer = client.get("/api/v1/routing/resolve", params={**INSIDE, "category": category})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["department"]["code"])


@pytest.mark.usefixtures("staff")
def test_gis_editors_edit_only_their_authoritys_zones(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        gis, other = login(client, "gis@vlietdam.nl"), login(client, "gis@oosterveen.nl")
        assert department_at(client, "verlichting.lamp") == "GM9901.verlichting"

        created = client.post("/api/v1/zones", headers=gis, json=zone())
        assert created.status_code == 201, created.text
        body = created.json()
        assert (body["department"], body["version"], body["status"]) == (
            "GM9901.groen",
            1,
            "published",
        )
        assert 25_000 < body["area_m2"] < 35_000
        # Routing uses the new zone at once.
        assert department_at(client, "verlichting.lamp") == "GM9901.groen"

        url = f"/api/v1/zones/{body['id']}"
        assert body["id"] in [z["id"] for z in client.get("/api/v1/zones", headers=gis).json()]
        assert body["id"] not in [
            z["id"] for z in client.get("/api/v1/zones", headers=other).json()
        ]
        for method, kwargs in (("PUT", {"json": zone(department="GM9902.groen")}), ("DELETE", {})):
            answer = client.request(method, url, headers=other, **kwargs)
            assert (answer.status_code, answer.json()["code"]) == (404, "zone_not_found")
        stolen = client.post("/api/v1/zones", headers=other, json=zone())
        assert (stolen.status_code, stolen.json()["code"]) == (404, "department_not_found")
        roads = login(client, "roads@vlietdam.nl")
        assert client.get("/api/v1/zones", headers=roads).status_code == 403

        for bad, code in (
            (zone(categories=["lampen"]), "invalid_zone"),
            (zone(geometry={"type": "Polygon"}), "invalid_zone"),
            (
                zone(
                    geometry={"type": "LineString", "coordinates": [[4.95, 52.018], [4.952, 52.02]]}
                ),
                "invalid_zone",
            ),
        ):
            refused = client.put(url, headers=gis, json=bad)
            assert (refused.status_code, refused.json()["code"]) == (422, code), bad

        road = zone(
            name="Marktstraat",
            geometry={"type": "LineString", "coordinates": [[4.950, 52.019], [4.952, 52.019]]},
            width_m=20,
        )
        replaced = client.put(url, headers=gis, json=road)
        assert replaced.status_code == 200, replaced.text
        assert (replaced.json()["version"], replaced.json()["geometry"]["type"]) == (
            2,
            "MultiLineString",
        )
        assert department_at(client, "verlichting.lamp") == "GM9901.groen"  # on the line

        assert client.delete(url, headers=gis).status_code == 204
        assert department_at(client, "verlichting.lamp") == "GM9901.verlichting"
        assert client.delete(url, headers=gis).status_code == 404
