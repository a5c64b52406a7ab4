"""API fixtures: the real app with the demo region loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from meldpunt.accounts.service import create_user
from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from meldpunt.models import Role
from tests.http_helpers import PASSWORD


@pytest.fixture
def client(settings: Settings, demo: None) -> Iterator[TestClient]:
    """The API with in-process tasks, lifespan running (sweeper, warm-up)."""
    with TestClient(create_app(settings)) as client:
        yield client


STAFF: tuple[tuple[str, Role, list[str], str | None], ...] = (
    ("lamps@vlietdam.nl", Role.FIELD_WORKER, ["GM9901.verlichting"], None),
    ("roads@vlietdam.nl", Role.FIELD_WORKER, ["GM9901.wegen"], None),
    ("chief@vlietdam.nl", Role.COORDINATOR, ["GM9901.verlichting", "GM9901.wegen"], None),
    ("chief@oosterveen.nl", Role.COORDINATOR, ["GM9902.wegen"], None),
    ("gis@vlietdam.nl", Role.GIS_EDITOR, [], "GM9901"),
    ("gis@oosterveen.nl", Role.GIS_EDITOR, [], "GM9902"),
    ("admin@meldpunt.nl", Role.ADMIN, [], None),
)
"""Staff accounts of the demo region, all with the password PASSWORD."""


@pytest.fixture
def staff(session: Session, demo: None) -> None:
    """The STAFF accounts."""
    for email, role, departments, authority in STAFF:
        create_user(
            session,
            email=email,
            password=PASSWORD,
            role=role,
            department_codes=departments,
            authority_code=authority,
        )
    session.commit()
