"""Staff work through the API: the end-to-end forward story on PostGIS, and access checks
(no token, expired token, wrong role, wrong department) on every private endpoint."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from meldpunt.models import User
from meldpunt.models.base import utc_now
from tests.conftest import SHARED_DATA
from tests.http_helpers import login, post_report, wait_until_processed

AFTER = SHARED_DATA / "photos" / "orient_landscape_6.jpg"
PARK = {"lat": "52.0132", "lon": "4.9739"}  # Stadspark Vlietdam: lamps go to GM9901


def wait_for_note_photo(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    """Poll the ticket until the pipeline has made the after photo's thumbnail."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        detail: dict[str, Any] = client.get(url, headers=headers).json()
        if detail["notes"] and detail["notes"][-1]["photos"][0]["thumbnail_url"]:
            return detail
        time.sleep(0.2)
    pytest.fail("the after photo got no thumbnail within 60 s")


@pytest.mark.parametrize(
    "backend", [pytest.param("postgis", marks=pytest.mark.postgis)], indirect=True
)
@pytest.mark.usefixtures("staff")
def test_forward_story_end_to_end(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        accepted = post_report(client, "Lantaarnpaal in het park is kapot", **PARK)
        report = wait_until_processed(client, accepted.json()["id"])
        assert report["department"]["code"] == "GM9901.verlichting"
        lamps, roads = login(client, "lamps@vlietdam.nl"), login(client, "roads@vlietdam.nl")
        [summary] = client.get("/api/v1/tickets", headers=lamps).json()
        url = f"/api/v1/tickets/{summary['id']}"
        assert summary["due_at"] is not None
        assert client.get(url, headers=roads).status_code == 404

        step = client.post(
            f"{url}/transitions", headers=lamps, json={"to": "accepted", "version": 1}
        )
        assert step.status_code == 200, step.text
        forwarded = client.post(
            f"{url}/forward",
            headers=lamps,
            json={"department": "GM9901.wegen", "reason": "paal staat op de rijbaan", "version": 2},
        )
        assert forwarded.status_code == 200, forwarded.text
        assert forwarded.json()["status"] == "forwarded"
        assert client.get(url, headers=lamps).status_code == 404  # no longer theirs
        assert [t["id"] for t in client.get("/api/v1/tickets", headers=roads).json()] == [
            summary["id"]
        ]

        version = client.get(url, headers=roads).json()["version"]
        step = client.post(
            f"{url}/transitions", headers=roads, json={"to": "accepted", "version": version}
        )
        assert step.status_code == 200, step.text
        note = client.post(
            f"{url}/notes",
            headers=roads,
            data={"text": "paal rechtgezet en lamp vervangen"},
            files={"photo": (AFTER.name, AFTER.read_bytes(), "image/jpeg")},
        )
        assert note.status_code == 201, note.text
        after = note.json()["photos"][0]
        assert client.get(after["original_url"], headers=roads).content == AFTER.read_bytes()
        detail = wait_for_note_photo(client, url, roads)
        thumbnail = client.get(detail["notes"][0]["photos"][0]["thumbnail_url"])
        assert (thumbnail.status_code, thumbnail.headers["content-type"]) == (200, "image/webp")
        done = client.post(
            f"{url}/transitions",
            headers=roads,
            json={"to": "resolved", "version": detail["version"], "note": "opgelost, zie foto"},
        )
        assert done.status_code == 200, done.text

        history = done.json()["history"]
        me = {
            name: client.get("/api/v1/auth/me", headers=headers).json()["id"]
            for name, headers in (("lamps", lamps), ("roads", roads))
        }
        assert [(h["from_status"], h["to_status"], h["actor"]) for h in history] == [
            (None, "new", "system:pipeline"),
            ("new", "accepted", f"user:{me['lamps']}"),
            ("accepted", "forwarded", f"user:{me['lamps']}"),
            ("forwarded", "accepted", f"user:{me['roads']}"),
            ("accepted", "resolved", f"user:{me['roads']}"),
        ]
        assert "paal staat op de rijbaan" in history[2]["note"]
        times = [datetime.fromisoformat(h["at"]) for h in history]
        assert times == sorted(times)
        assert all(utc_now() - t < timedelta(minutes=5) for t in times)

        feedback = client.get("/api/v1/routing/feedback", headers=login(client, "gis@vlietdam.nl"))
        assert [
            (f["kind"], f["from_department"], f["to_department"], f["reason"])
            for f in feedback.json()
        ] == [("forward", "GM9901.verlichting", "GM9901.wegen", "paal staat op de rijbaan")]
        other_gis = login(client, "gis@oosterveen.nl")
        assert client.get("/api/v1/routing/feedback", headers=other_gis).json() == []
        public = client.get(f"/api/v1/reports/{report['id']}").json()
        assert (public["progress"], public["department"]["code"]) == ("resolved", "GM9901.wegen")


def _expired_token(session: Session, settings: Settings) -> str:
    user = session.scalars(select(User).where(User.email == "lamps@vlietdam.nl")).one()
    return jwt.encode(
        {"sub": str(user.id), "role": user.role, "exp": utc_now() - timedelta(minutes=1)},
        settings.secret_key,
        algorithm="HS256",
    )


# What each private endpoint guards, and so who counts as the wrong role or the wrong place.
TICKET, FEEDBACK, LEVEL_READ, LEVEL_EDIT, ZONE, ANY = (
    "ticket",
    "feedback",
    "level_read",
    "level_edit",
    "zone",
    "any",
)


def _private_endpoints(
    ticket: int, report: str, zone: int
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Every private endpoint, with a body that would be valid for the right person."""
    base = f"/api/v1/tickets/{ticket}"
    square = {
        "name": "Plein",
        "department": "GM9901.groen",
        "categories": ["groen.*"],
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[4.95, 52.018], [4.952, 52.018], [4.952, 52.02], [4.95, 52.018]]],
        },
    }
    return [
        (TICKET, "GET", "/api/v1/tickets", {}),
        (TICKET, "GET", base, {}),
        (TICKET, "POST", f"{base}/transitions", {"json": {"to": "accepted", "version": 1}}),
        (TICKET, "GET", f"{base}/photos/0/original", {}),
        (TICKET, "POST", f"{base}/notes", {"data": {"text": "gezien"}}),
        (
            TICKET,
            "POST",
            f"{base}/forward",
            {"json": {"department": "GM9901.wegen", "reason": "r", "version": 1}},
        ),
        (
            TICKET,
            "POST",
            f"{base}/recategorize",
            {"json": {"category": "wegen.wegdek", "version": 1}},
        ),
        (TICKET, "POST", f"{base}/duplicate", {"json": {"of_ticket_id": ticket, "version": 1}}),
        (TICKET, "DELETE", f"{base}/duplicate", {"json": {"version": 1}}),
        (TICKET, "DELETE", f"{base}/linked-reports/{report}", {}),
        (FEEDBACK, "GET", "/api/v1/routing/feedback", {}),
        (LEVEL_READ, "GET", "/api/v1/service-levels/GM9901", {}),
        (
            LEVEL_EDIT,
            "PUT",
            "/api/v1/service-levels/GM9901/verlichting.lamp",
            {"json": {"working_days": 3}},
        ),
        (LEVEL_EDIT, "DELETE", "/api/v1/service-levels/GM9901/verlichting.lamp", {}),
        (ZONE, "GET", "/api/v1/zones", {}),
        (ZONE, "POST", "/api/v1/zones", {"json": square}),
        (ZONE, "PUT", f"/api/v1/zones/{zone}", {"json": square}),
        (ZONE, "DELETE", f"/api/v1/zones/{zone}", {}),
        (ANY, "GET", "/api/v1/auth/me", {}),
    ]


@pytest.mark.usefixtures("staff")
def test_every_private_endpoint_refuses_the_wrong_people(
    settings: Settings, session: Session
) -> None:
    with TestClient(create_app(settings)) as client:
        accepted = post_report(client, "Lantaarnpaal in het park is kapot", **PARK)
        wait_until_processed(client, accepted.json()["id"])
        lamps = login(client, "lamps@vlietdam.nl")
        [ticket] = client.get("/api/v1/tickets", headers=lamps).json()
        zones = client.get("/api/v1/zones", headers=login(client, "gis@vlietdam.nl")).json()
        zone = zones[0]["id"]
        endpoints = _private_endpoints(ticket["id"], str(uuid.uuid4()), zone)
        expired = {"Authorization": f"Bearer {_expired_token(session, settings)}"}
        for _, method, url, body in endpoints:
            for headers, why in (({}, "no token"), (expired, "expired token")):
                answer = client.request(method, url, headers=headers, **body)
                assert (answer.status_code, answer.json()["code"]) == (401, "not_authenticated"), (
                    method,
                    url,
                    why,
                )
                assert answer.headers["content-type"] == "application/problem+json"

        gis, roads = login(client, "gis@vlietdam.nl"), login(client, "roads@vlietdam.nl")
        wrong_role = {TICKET: gis, FEEDBACK: roads, LEVEL_EDIT: gis, ZONE: roads}
        for guard, method, url, body in endpoints:
            if guard in wrong_role:
                answer = client.request(method, url, headers=wrong_role[guard], **body)
                assert (answer.status_code, answer.json()["code"]) == (403, "forbidden"), (
                    method,
                    url,
                )

        # The wrong place: another department's ticket does not exist for them, another
        # town's coordinator cannot set Vlietdam's deadlines, another authority's GIS editor
        # neither sees nor touches Vlietdam's zones and routing feedback.
        other_chief, other_gis = (
            login(client, "chief@oosterveen.nl"),
            login(client, "gis@oosterveen.nl"),
        )
        for guard, method, url, body in endpoints:
            if guard == TICKET and "/tickets/" in url:
                answer = client.request(method, url, headers=roads, **body)
                assert (answer.status_code, answer.json()["code"]) == (404, "ticket_not_found"), (
                    method,
                    url,
                )
            elif guard == LEVEL_EDIT:
                answer = client.request(method, url, headers=other_chief, **body)
                assert (answer.status_code, answer.json()["code"]) == (403, "forbidden"), url
            elif guard == ZONE and method != "GET":
                answer = client.request(method, url, headers=other_gis, **body)
                assert answer.status_code == 404, (method, url)
        assert client.get("/api/v1/tickets", headers=roads).json() == []
        assert zone not in [z["id"] for z in client.get("/api/v1/zones", headers=other_gis).json()]

        # Nothing the refused requests asked for happened.
        detail = client.get(f"/api/v1/tickets/{ticket['id']}", headers=lamps).json()
        assert (detail["status"], detail["version"], detail["notes"]) == ("new", 1, [])
        assert client.get("/api/v1/zones", headers=gis).json() == zones
        levels = client.get("/api/v1/service-levels/GM9901", headers=lamps).json()
        assert not any(level["own"] for level in levels)
        chief = login(client, "chief@vlietdam.nl")
        put = client.put(
            "/api/v1/service-levels/GM9901/verlichting.lamp",
            headers=chief,
            json={"working_days": 3},
        )
        assert put.json() == {"category": "verlichting.lamp", "working_days": 3, "own": True}
