"""A resident follows and reopens their own report with the tracking token alone."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from tests.http_helpers import login, post_report, wait_until_processed

PARK = {"lat": "52.0132", "lon": "4.9739"}


@pytest.mark.usefixtures("staff")
def test_resident_follows_and_reopens_with_the_token(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        accepted = post_report(
            client, "Lantaarnpaal in het park is kapot", email="bewoner@example.org", **PARK
        ).json()
        wait_until_processed(client, accepted["id"])
        mine = {"X-Tracking-Token": accepted["tracking_token"]}
        tracked = client.get("/api/v1/reports/tracked", headers=mine)
        assert tracked.status_code == 200, tracked.text
        body = tracked.json()
        assert (body["id"], body["email"], body["progress"]) == (
            accepted["id"],
            "bewoner@example.org",
            "new",
        )
        assert [e["status"] for e in body["timeline"]] == ["received", "routed", "new"]
        # The public view never shows the address.
        assert "bewoner@example.org" not in client.get(f"/api/v1/reports/{accepted['id']}").text

        for headers, status in (
            ({"X-Tracking-Token": "x" * 43}, 404),  # a token nobody was given
            ({}, 422),  # no token at all: the header is required
        ):
            refused = client.get("/api/v1/reports/tracked", headers=headers)
            assert refused.status_code == status
            assert refused.headers["content-type"] == "application/problem+json"

        early = client.post(
            "/api/v1/reports/tracked/reopen", headers=mine, json={"note": "nog stuk"}
        )
        assert (early.status_code, early.json()["code"]) == (409, "transition_not_allowed")

        lamps = login(client, "lamps@vlietdam.nl")
        [ticket] = client.get("/api/v1/tickets", headers=lamps).json()
        url = f"/api/v1/tickets/{ticket['id']}/transitions"
        client.post(url, headers=lamps, json={"to": "accepted", "version": 1})
        client.post(
            url,
            headers=lamps,
            json={"to": "forwarded", "version": 2, "note": "intern: niet van ons?"},
        )
        client.post(url, headers=lamps, json={"to": "accepted", "version": 3})
        done = client.post(
            url, headers=lamps, json={"to": "resolved", "version": 4, "note": "lamp vervangen"}
        )
        assert done.status_code == 200, done.text
        timeline = client.get("/api/v1/reports/tracked", headers=mine).json()["timeline"]
        assert timeline[-1] == {**timeline[-1], "status": "resolved", "note": "lamp vervangen"}
        assert all(e["note"] is None for e in timeline if e["status"] == "forwarded")  # staff's

        reopened = client.post(
            "/api/v1/reports/tracked/reopen", headers=mine, json={"note": "brandt weer niet"}
        )
        assert reopened.status_code == 200, reopened.text
        assert reopened.json()["progress"] == "reopened"
        history = client.get(f"/api/v1/tickets/{ticket['id']}", headers=lamps).json()["history"]
        assert (history[-1]["actor"], history[-1]["to_status"], history[-1]["note"]) == (
            "resident",
            "reopened",
            "brandt weer niet",
        )
