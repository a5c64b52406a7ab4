"""POST /api/v1/classify: the top three categories as the resident types, problem+json errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from meldpunt.core.taxonomy import CATEGORY_CODES


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_classify_answers_the_top_three_and_the_model_version(client: TestClient) -> None:
    response = client.post(
        "/api/v1/classify", json={"description": "al drie avonden pikkedonker op het fietspad"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model_version"]
    assert 0 < body["threshold"] < 1
    categories = body["categories"]
    assert len(categories) == 3
    assert categories[0]["category"] == "verlichting.lamp"
    assert {c["category"] for c in categories} <= CATEGORY_CODES
    assert [c["probability"] for c in categories] == sorted(
        (c["probability"] for c in categories), reverse=True
    )
    long = client.post("/api/v1/classify", json={"description": "gat in de weg " * 714})
    assert long.status_code == 200
    assert long.json()["categories"][0]["category"] == "wegen.wegdek"


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"description": ""}, "validation_error"),
        ({}, "validation_error"),
        ({"description": "x" * 10_001}, "validation_error"),
        ({"description": "   \n  "}, "nothing_to_classify"),
        ({"description": "🙂🚲💡"}, "nothing_to_classify"),
    ],
)
def test_unusable_descriptions_are_problem_json(
    client: TestClient, payload: dict[str, str], code: str
) -> None:
    response = client.post("/api/v1/classify", json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_classify_is_in_the_openapi_document_with_a_stable_id(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/classify"]["post"]
    assert operation["operationId"] == "classify_description"
    assert "security" not in operation
