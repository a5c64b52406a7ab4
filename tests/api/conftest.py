"""API fixtures: the real app with the demo region loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings


@pytest.fixture
def client(settings: Settings, demo: None) -> Iterator[TestClient]:
    """The API with in-process tasks, lifespan running (sweeper, warm-up)."""
    with TestClient(create_app(settings)) as client:
        yield client
