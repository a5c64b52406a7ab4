"""The staff ticket API: scoping by department, transitions with versions, originals."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from tests.conftest import SHARED_DATA
from tests.http_helpers import login, post_report, wait_until_processed

PHOTO = SHARED_DATA / "photos" / "mex_sony_cybershot3_o6.jpg"


@pytest.mark.usefixtures("staff")
def test_department_scoping_transitions_and_originals(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        accepted = post_report(
            client, "Lantaarnpaal in het park doet het niet meer", lat="52.0132", lon="4.9739"
        )
        report = wait_until_processed(client, accepted.json()["id"])
        assert report["department"]["code"] == "GM9901.verlichting"
        lamps, roads = login(client, "lamps@vlietdam.nl"), login(client, "roads@vlietdam.nl")

        queue = client.get("/api/v1/tickets", headers=lamps).json()
        assert len(queue) == 1
        ticket: dict[str, Any] = queue[0]
        assert client.get("/api/v1/tickets", headers=roads).json() == []
        # Another department's ticket does not exist for them: 404, not 403.
        url = f"/api/v1/tickets/{ticket['id']}"
        assert client.get(url, headers=roads).status_code == 404
        move = client.post(
            f"{url}/transitions",
            headers=roads,
            json={"to": "accepted", "version": ticket["version"]},
        )
        assert move.status_code == 404
        assert client.get(url).status_code == 401
        assert client.get(url, headers=login(client, "gis@vlietdam.nl")).status_code == 403

        detail = client.get(url, headers=lamps).json()
        assert detail["decision"]["department"]["code"] == "GM9901.verlichting"
        assert [h["to_status"] for h in detail["history"]] == ["new"]
        original = client.get(detail["photos"][0]["original_url"], headers=lamps)
        assert original.status_code == 200
        assert original.content == PHOTO.read_bytes()
        assert original.headers["cache-control"] == "private, no-store"
        assert client.get(detail["photos"][0]["original_url"], headers=roads).status_code == 404

        moved = client.post(
            f"{url}/transitions", headers=lamps, json={"to": "accepted", "version": 1}
        )
        assert (moved.status_code, moved.json()["status"], moved.json()["version"]) == (
            200,
            "accepted",
            2,
        )
        stale = client.post(
            f"{url}/transitions", headers=lamps, json={"to": "in_progress", "version": 1}
        )
        assert (stale.status_code, stale.json()["code"], stale.json()["current_status"]) == (
            409,
            "ticket_changed",
            "accepted",
        )
        wrong = client.post(
            f"{url}/transitions", headers=lamps, json={"to": "closed", "version": 2}
        )
        assert (wrong.status_code, wrong.json()["code"]) == (409, "transition_not_allowed")
        no_note = client.post(
            f"{url}/transitions", headers=lamps, json={"to": "resolved", "version": 2}
        )
        assert (no_note.status_code, no_note.json()["code"]) == (422, "note_required")
        done = client.post(
            f"{url}/transitions",
            headers=lamps,
            json={"to": "resolved", "version": 2, "note": "lamp vervangen"},
        )
        history = done.json()["history"]
        assert [(h["to_status"], h["note"]) for h in history][-1] == ("resolved", "lamp vervangen")
        assert history[-1]["actor"].startswith("user:")
        admin_view = client.get("/api/v1/tickets", headers=login(client, "admin@meldpunt.nl"))
        assert [t["id"] for t in admin_view.json()] == [ticket["id"]]


@pytest.mark.usefixtures("staff")
def test_queue_nearest_first(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        ids = []
        for lat, lon in (("52.0132", "4.9739"), ("52.0200", "4.9500"), ("52.0150", "4.9700")):
            response = post_report(client, "Straatlantaarn kapot, donker", lat=lat, lon=lon)
            ids.append(wait_until_processed(client, response.json()["id"])["id"])
        lamps = login(client, "lamps@vlietdam.nl")
        nearest = client.get(
            "/api/v1/tickets", headers=lamps, params={"near": "52.0201,4.9501", "sort": "distance"}
        ).json()
        assert [t["lat"] for t in nearest] == [52.02, 52.015, 52.0132]
        page = client.get("/api/v1/tickets", headers=lamps, params={"limit": 2, "offset": 2})
        assert len(page.json()) == 1
