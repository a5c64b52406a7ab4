"""The report API, end to end on the embedded default: SpatiaLite + in-process tasks."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SHARED_DATA
from tests.http_helpers import IN_PARK, NORTH_SEA, post_report, wait_until_processed


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_report_with_photo_is_classified_routed_and_thumbnailed(client: TestClient) -> None:
    response = post_report(
        client,
        "De lantaarnpaal bij de vijver is al dagen kapot, pikkedonker",
        email="bewoner@example.org",
        **IN_PARK,
    )
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["status"] == "received"
    assert len(accepted["tracking_token"]) >= 43
    report = wait_until_processed(client, accepted["id"])
    assert report["status"] == "routed"
    assert report["category"]["code"] == "verlichting.lamp"
    assert report["authority"] == {"code": "GM9901", "name": "Vlietdam", "kind": "municipality"}
    assert report["department"]["code"] == "GM9901.verlichting"
    assert report["location"] == {"lat": 52.0132, "lon": 4.9739, "source": "device"}
    assert "bewoner@example.org" not in str(report)
    thumbnail = client.get(report["photos"][0]["thumbnail_url"])
    assert thumbnail.status_code == 200
    assert thumbnail.headers["content-type"] == "image/webp"
    assert "immutable" in thumbnail.headers["cache-control"]
    again = client.get(
        report["photos"][0]["thumbnail_url"], headers={"If-None-Match": thumbnail.headers["etag"]}
    )
    assert again.status_code == 304


def assert_problem(response: Any, status: int, code: str, detail_part: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["code"], body["type"]) == (status, code, f"/problems/{code}")
    assert detail_part in body["detail"]


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_bad_reports_get_problem_json(client: TestClient) -> None:
    url = "/api/v1/reports"
    assert_problem(
        post_report(client, "gat in de weg", **NORTH_SEA),
        422,
        "outside_coverage",
        "outside the area",
    )
    assert_problem(
        post_report(client, "gat", lat="4.9739", lon="52.0132"),
        422,
        "coordinates_swapped",
        "look swapped",
    )
    assert_problem(client.post(url, data=IN_PARK), 422, "validation_error", "description")
    assert_problem(
        client.post(url, data={"description": "x", "lat": "abc", "lon": "5"}),
        422,
        "validation_error",
        "lat",
    )
    assert_problem(
        client.post(url, data={"description": "x", "lat": "91", "lon": "5"}),
        422,
        "validation_error",
        "lat",
    )
    assert_problem(
        client.post(url, data={"description": "x", **IN_PARK, "lon": ""}),
        422,
        "invalid_report",
        "'lon' is missing",
    )
    assert_problem(
        client.post(url, data={"description": "x" * 4001, **IN_PARK}),
        422,
        "validation_error",
        "description",
    )
    not_image = {"photo": ("notes.jpg", b"just text, not a JPEG", "image/jpeg")}
    assert_problem(
        client.post(url, data={"description": "x", **IN_PARK}, files=not_image),
        415,
        "photo_not_an_image",
        "'notes.jpg'",
    )
    bomb = SHARED_DATA / "photos" / "pil_decompression_bomb.gif"
    assert_problem(
        client.post(
            url,
            data={"description": "x", **IN_PARK},
            files={"photo": (bomb.name, bomb.read_bytes(), "image/gif")},
        ),
        422,
        "photo_too_many_pixels",
        "pil_decompression_bomb.gif",
    )
    assert_problem(client.get(f"{url}/{uuid.uuid4()}"), 404, "report_not_found", "no report")
    assert_problem(client.get(f"{url}/not-a-uuid"), 422, "validation_error", "report_id")


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_oversized_photo_is_refused_while_reading(settings: Any, demo: None) -> None:
    from meldpunt.api.app import create_app

    small = settings.model_copy(update={"max_photo_bytes": 10_000})
    with TestClient(create_app(small)) as client:
        response = post_report(client, "kapotte stoeptegel", **IN_PARK)
    assert_problem(response, 413, "photo_too_large", "10,000")


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_categories_list_the_taxonomy_in_both_languages(client: TestClient) -> None:
    categories = client.get("/api/v1/categories").json()
    assert len(categories) == 24
    lamp = next(c for c in categories if c["code"] == "verlichting.lamp")
    assert lamp == {
        "code": "verlichting.lamp",
        "group": "verlichting",
        "role": "verlichting",
        "name": {"nl": "Straatlantaarn kapot", "en": "Street light out"},
    }


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_openapi_has_stable_operation_ids(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"create_report", "get_report", "list_categories", "resolve_routing"} <= operations
    docs = client.get("/docs")
    assert docs.status_code == 200
    # Swagger UI comes from this server, not a CDN: /docs works without internet.
    assert "/static/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn." not in docs.text
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
