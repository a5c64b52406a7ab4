"""Test fixtures: real SpatiaLite and real PostGIS databases, migrated once per run."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from meldpunt.core.settings import Settings
from meldpunt.demo.loader import load_demo
from meldpunt.models import Base
from meldpunt.models.database import Database, normalise_database_url
from meldpunt.models.migrate import upgrade_database
from meldpunt.routing.repository import bump_revision

SHARED_DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()
IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get(
    "MELDPUNT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/meldpunt_test"
)
# Tables whose rows are reference data seeded by the migrations, kept between tests.
KEPT_TABLES = {"category", "routing_revision"}
# One classifier model directory for the whole run (set by `shared_classifier_dir`): the first
# model is trained once and every app, worker context and test loads that one.
_CLASSIFIER_DIR: list[Path] = []


def unavailable(reason: str) -> None:
    """Skip locally, fail in CI: there a missing service is a broken setup, not a skip."""
    if IN_CI:
        pytest.fail(f"required service unavailable in CI: {reason}")
    pytest.skip(reason)


def make_settings(tmp_dir: Path, database_url: str, **overrides: object) -> Settings:
    """Settings for a test: its own data and media directories, tasks in-process by default."""
    values: dict[str, object] = {
        "environment": "test",
        "data_dir": tmp_dir,
        "database_url": database_url,
        "media_dir": tmp_dir / "media",
        "broker_url": "",
        "classifier_dir": _CLASSIFIER_DIR[0] if _CLASSIFIER_DIR else tmp_dir / "classifier",
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def shared_classifier_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's classifier directory; nothing is trained until a test needs a model."""
    path = tmp_path_factory.mktemp("classifier")
    _CLASSIFIER_DIR[:] = [path]
    return path


def _create_postgis_database() -> str:
    admin_url = make_url(normalise_database_url(POSTGRES_URL)).set(database="postgres")
    name = f"meldpunt_test_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:
        unavailable(f"PostgreSQL at {admin_url.render_as_string()}: {exc}")
    url = make_url(normalise_database_url(POSTGRES_URL)).set(database=name)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except Exception as exc:
        _drop_postgis_database(name)
        unavailable(f"PostGIS extension (install postgresql-15-postgis-3): {exc}")
    finally:
        engine.dispose()
    return url.render_as_string(hide_password=False)


def _drop_postgis_database(name: str) -> None:
    admin_url = make_url(normalise_database_url(POSTGRES_URL)).set(database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """A fresh, migrated PostGIS database for this test run."""
    url = _create_postgis_database()
    database = Database(Settings(database_url=url))
    upgrade_database(database)
    database.dispose()
    yield url
    _drop_postgis_database(str(make_url(url).database))


@pytest.fixture(scope="session")
def spatialite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SpatiaLite file for this test run."""
    path = tmp_path_factory.mktemp("spatialite") / "meldpunt.sqlite"
    url = f"sqlite:///{path}"
    database = Database(Settings(database_url=url))
    upgrade_database(database)
    database.dispose()
    return url


@pytest.fixture(params=["spatialite", pytest.param("postgis", marks=pytest.mark.postgis)])
def backend(request: pytest.FixtureRequest) -> str:
    """Runs a test once on SpatiaLite and once on PostGIS."""
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest) -> str:
    """The migrated database URL of the current backend."""
    name = "postgis_url" if backend == "postgis" else "spatialite_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings for the current backend, in-process tasks, media under tmp_path."""
    return make_settings(tmp_path, database_url)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    """The current backend's database; every row a test wrote is removed afterwards."""
    database = Database(settings)
    yield database
    clear_tables(database)
    database.dispose()


def clear_tables(database: Database) -> None:
    """Delete every non-reference row and bump the routing revision so indexes rebuild."""
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    with database.session() as session:
        if database.is_postgis:
            names = ", ".join(f'"{t.name}"' for t in tables)
            session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                session.execute(table.delete())
        bump_revision(session)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session on the current backend; the test commits when it wants others to see data."""
    with database.session() as session:
        yield session


@pytest.fixture
def demo(database: Database) -> None:
    """The demo region in the current backend."""
    with database.session() as session:
        load_demo(session)
