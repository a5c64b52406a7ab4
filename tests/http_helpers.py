"""Helpers for tests that talk to the API over HTTP."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SHARED_DATA

PHOTO = SHARED_DATA / "photos" / "mex_sony_cybershot3_o6.jpg"  # orientation 6: portrait
IN_PARK = {"lat": "52.0132", "lon": "4.9739"}  # Stadspark Vlietdam, GM9901
NORTH_SEA = {"lat": "54.5", "lon": "3.0"}


def wait_until_processed(client: TestClient, report_id: str, timeout: float = 60) -> dict[str, Any]:
    """Poll the public view until the pipeline has finished with the report."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(f"/api/v1/reports/{report_id}").json()
        if body["status"] != "received":
            return body
        time.sleep(0.2)
    pytest.fail(f"report {report_id} was not processed within {timeout} s")


def post_report(client: TestClient, description: str, **form: str) -> Any:
    files = {"photo": (PHOTO.name, PHOTO.read_bytes(), "image/jpeg")}
    return client.post("/api/v1/reports", data={"description": description, **form}, files=files)


PASSWORD = "a long enough password"


def login(client: TestClient, email: str) -> dict[str, str]:
    """Headers with a fresh access token for a staff member (password PASSWORD)."""
    tokens = client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert tokens.status_code == 200, tokens.text
    return {"Authorization": f"Bearer {tokens.json()['access_token']}"}
