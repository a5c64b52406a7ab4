"""Accounts: argon2 passwords, OAuth2 password flow, refresh rotation, API keys, expiry."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from meldpunt.accounts.errors import InvalidAccount, NotAuthenticated
from meldpunt.accounts.service import authenticate, create_api_key, create_user
from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from meldpunt.models import Role, User
from meldpunt.models.base import utc_now
from tests.helpers import WEST_TOWN, create_town

PASSWORD = "correct horse battery"


@pytest.fixture
def worker(session: Session) -> User:
    create_town(session, "GM0001", WEST_TOWN, ["kcc", "wegen"])
    user = create_user(
        session,
        email="Wegen@Example.org",
        password=PASSWORD,
        role=Role.FIELD_WORKER,
        department_codes=["GM0001.wegen"],
    )
    session.commit()
    return user


def test_passwords_are_argon2_and_checked(session: Session, worker: User) -> None:
    assert worker.password_hash.startswith("$argon2id$")
    assert PASSWORD not in worker.password_hash
    assert authenticate(session, "wegen@example.org", PASSWORD).id == worker.id
    for email, password in (("wegen@example.org", "wrong password"), ("nobody@x.nl", PASSWORD)):
        with pytest.raises(NotAuthenticated, match="wrong email or password"):
            authenticate(session, email, password)


@pytest.mark.usefixtures("worker")
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "wegen@example.org"}, "exists already"),
        ({"password": "short"}, "at least 10 characters"),
        ({"department_codes": ["GM0001.nope"]}, "unknown department"),
        ({"department_codes": []}, "needs at least one --department"),
        (
            {"role": Role.GIS_EDITOR, "department_codes": [], "authority_code": "XX"},
            "needs an existing --authority",
        ),
    ],
)
def test_accounts_that_make_no_sense_are_refused(
    session: Session, fields: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {
        "email": "new@example.org",
        "password": PASSWORD,
        "role": Role.FIELD_WORKER,
        "department_codes": ["GM0001.wegen"],
    }
    values.update(fields)
    with pytest.raises(InvalidAccount, match=message):
        create_user(session, **values)  # type: ignore[arg-type]


def test_token_flow_over_http(settings: Settings, worker: User, session: Session) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/auth/me").status_code == 401
        bad = client.post(
            "/api/v1/auth/token", data={"username": "wegen@example.org", "password": "nope"}
        )
        assert (bad.status_code, bad.json()["code"]) == (401, "not_authenticated")
        assert bad.headers["www-authenticate"] == "Bearer"
        tokens = client.post(
            "/api/v1/auth/token", data={"username": "wegen@example.org", "password": PASSWORD}
        ).json()
        assert tokens["token_type"] == "bearer"
        me = client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
        ).json()
        assert (me["email"], me["role"], len(me["department_ids"])) == (
            "wegen@example.org",
            "field_worker",
            1,
        )
        # Refresh rotates: the new pair works, the old refresh token never again.
        renewed = client.post(
            "/api/v1/auth/refresh", data={"refresh_token": tokens["refresh_token"]}
        )
        assert renewed.status_code == 200
        reused = client.post(
            "/api/v1/auth/refresh", data={"refresh_token": tokens["refresh_token"]}
        )
        assert (reused.status_code, reused.json()["code"]) == (401, "not_authenticated")
        # An expired or forged access token is refused with a clear reason.
        expired = jwt.encode(
            {"sub": str(worker.id), "exp": utc_now() - timedelta(minutes=1)},
            settings.secret_key,
            algorithm="HS256",
        )
        response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {expired}"})
        assert (response.status_code, "expired" in response.json()["detail"]) == (401, True)
        forged = jwt.encode(
            {"sub": str(worker.id), "exp": utc_now() + timedelta(hours=1)},
            "another-secret-that-is-long-enough-for-hs256",
            algorithm="HS256",
        )
        response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401
        # A system's API key works without logging in.
        key = create_api_key(session, session.get(User, worker.id), "gis sync")  # type: ignore[arg-type]
        session.commit()
        assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).json()["id"] == worker.id
        assert client.get("/api/v1/auth/me", headers={"X-API-Key": key + "x"}).status_code == 401


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValueError, match="set MELDPUNT_SECRET_KEY"):
        Settings(environment="production")
    assert Settings(environment="production", secret_key="a" * 32).secret_key == "a" * 32
