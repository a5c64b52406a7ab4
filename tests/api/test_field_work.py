"""Field work through the API: "+1" at intake, nearby reports, recategorizing, duplicates,
service levels and the overdue queue."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from tests.http_helpers import login, post_report, wait_until_processed

PARK = {"lat": "52.0132", "lon": "4.9739"}
NEAR_PARK = {"lat": "52.0133", "lon": "4.9739"}  # about 11 m north
AWAY = {"lat": "52.0150", "lon": "4.9700"}  # about 330 m away


def report(client: TestClient, description: str, where: dict[str, str]) -> dict[str, Any]:
    accepted = post_report(client, description, **where)
    assert accepted.status_code == 202, accepted.text
    return wait_until_processed(client, accepted.json()["id"])


@pytest.mark.usefixtures("staff")
def test_plus_one_and_nearby(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        first = report(client, "Lantaarnpaal in het park is kapot", PARK)
        again = report(client, "straatlamp brandt niet meer, al dagen donker", NEAR_PARK)
        assert again["status"] == "linked"
        assert (again["joined_report_id"], again["progress"]) == (first["id"], "new")
        other = report(client, "Lantaarnpaal kapot bij de vijver", AWAY)
        assert other["status"] == "routed"
        lamps = login(client, "lamps@vlietdam.nl")
        queue = client.get("/api/v1/tickets", headers=lamps).json()
        assert len(queue) == 2  # the "+1" made no ticket of its own
        mine = next(t for t in queue if t["lat"] == float(PARK["lat"]))
        detail = client.get(f"/api/v1/tickets/{mine['id']}", headers=lamps).json()
        assert [r["report_id"] for r in detail["linked_reports"]] == [again["id"]]
        assert client.get(f"/api/v1/reports/{first['id']}").json()["supporters"] == 1

        nearby = client.get("/api/v1/reports/nearby", params={**PARK, "radius": 50})
        assert nearby.status_code == 200
        [item] = nearby.json()
        assert (item["id"], item["distance_m"], item["supporters"]) == (first["id"], 0.0, 1)
        assert item["category"]["code"] == "verlichting.lamp"
        assert item["thumbnail_url"].endswith(".webp")
        assert not {"email", "contact_email", "tracking_token"} & set(item)
        wide = client.get("/api/v1/reports/nearby", params={**PARK, "radius": 400}).json()
        assert [r["id"] for r in wide] == [first["id"], other["id"]]
        for params, field in (
            ({**PARK, "radius": 5000}, "radius"),
            ({**PARK, "radius": 0}, "radius"),
            ({"lat": "95", "lon": "4.97"}, "lat"),
            ({"lon": "4.97"}, "lat"),
        ):
            refused = client.get("/api/v1/reports/nearby", params=params)
            assert refused.status_code == 422, params
            assert refused.headers["content-type"] == "application/problem+json"
            assert field in refused.text

        # Staff undo a wrong "+1": the report gets its own ticket.
        unlinked = client.delete(
            f"/api/v1/tickets/{mine['id']}/linked-reports/{again['id']}", headers=lamps
        )
        assert unlinked.status_code == 201, unlinked.text
        assert unlinked.json()["report_id"] == again["id"]
        assert len(client.get("/api/v1/tickets", headers=lamps).json()) == 3


@pytest.mark.usefixtures("staff")
def test_recategorize_duplicates_notes_and_deadlines(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        report(client, "Lantaarnpaal in het park is kapot", PARK)
        report(client, "Lantaarnpaal kapot bij de vijver", AWAY)
        lamps, chief = login(client, "lamps@vlietdam.nl"), login(client, "chief@vlietdam.nl")
        first, second = sorted(
            client.get("/api/v1/tickets", headers=lamps).json(), key=lambda t: t["id"]
        )
        url = f"/api/v1/tickets/{second['id']}"

        marked = client.post(
            f"{url}/duplicate", headers=lamps, json={"of_ticket_id": first["id"], "version": 1}
        )
        assert (marked.status_code, marked.json()["status"], marked.json()["duplicate_of"]) == (
            200,
            "duplicate",
            first["id"],
        )
        unmarked = client.request(
            "DELETE", f"{url}/duplicate", headers=lamps, json={"version": 2, "note": "andere paal"}
        )
        assert (unmarked.status_code, unmarked.json()["status"]) == (200, "reopened")
        assert unmarked.json()["history"][-1]["note"].endswith("andere paal")

        bad = client.post(
            f"{url}/recategorize", headers=lamps, json={"category": "lampen", "version": 3}
        )
        assert (bad.status_code, bad.json()["code"]) == (422, "invalid_correction")
        moved = client.post(
            f"{url}/recategorize",
            headers=lamps,
            json={"category": "wegen.wegdek", "version": 3, "note": "gat naast de paal"},
        )
        assert moved.status_code == 200, moved.text
        body = moved.json()
        assert (body["status"], body["category"], body["decision"]["department"]["code"]) == (
            "forwarded",
            "wegen.wegdek",
            "GM9901.wegen",
        )
        assert client.get(url, headers=lamps).status_code == 404
        assert client.get(url, headers=chief).status_code == 200  # coordinator of both

        # Notes: a bad photo is refused with the file named; nothing is stored.
        note_url = f"/api/v1/tickets/{first['id']}/notes"
        refused = client.post(
            note_url,
            headers=lamps,
            data={"text": "foto erbij"},
            files={"photo": ("notes.txt", b"hello", "text/plain")},
        )
        assert (refused.status_code, refused.json()["code"]) == (415, "photo_not_an_image")
        assert "notes.txt" in refused.json()["detail"]
        empty = client.post(note_url, headers=lamps, data={"text": ""})
        assert empty.status_code == 422
        assert client.get(f"/api/v1/tickets/{first['id']}", headers=lamps).json()["notes"] == []

        # Service levels: the coordinator sets 0 working days; deadlines of new tickets follow.
        levels = client.get("/api/v1/service-levels/GM9901", headers=chief).json()
        assert {"category": "verlichting.lamp", "working_days": 10, "own": False} in levels
        for days, status in ((-1, 422), (366, 422), (0, 200)):
            answer = client.put(
                "/api/v1/service-levels/GM9901/verlichting.lamp",
                headers=chief,
                json={"working_days": days},
            )
            assert answer.status_code == status, answer.text
        unknown = client.put(
            "/api/v1/service-levels/GM9901/lampen", headers=chief, json={"working_days": 1}
        )
        assert (unknown.status_code, unknown.json()["code"]) == (422, "invalid_service_level")
        missing = client.get("/api/v1/service-levels/GM0404", headers=chief)
        assert (missing.status_code, missing.json()["code"]) == (404, "authority_not_found")
        report(client, "Weer een lantaarnpaal kapot", {"lat": "52.0180", "lon": "4.9600"})
        by_deadline = client.get(
            "/api/v1/tickets", headers=lamps, params={"sort": "deadline"}
        ).json()
        deadlines = [t["due_at"] for t in by_deadline]
        assert deadlines == sorted(deadlines)
        assert by_deadline[0]["description"] == "Weer een lantaarnpaal kapot"  # 0 days: soonest
        assert client.get("/api/v1/tickets", headers=lamps, params={"overdue": "true"}).json() == []
        reset = client.delete("/api/v1/service-levels/GM9901/verlichting.lamp", headers=chief)
        assert reset.status_code == 204
