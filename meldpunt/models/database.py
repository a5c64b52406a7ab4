"""Engine and sessions for SpatiaLite (embedded default) and PostGIS (production)."""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from geoalchemy2.admin.dialects.sqlite import init_spatialite
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from meldpunt.core.errors import MeldpuntError
from meldpunt.core.settings import Settings


class DatabaseUnavailable(MeldpuntError):
    """The configured database cannot be used (driver, extension or server missing)."""

    code = "database_unavailable"
    title = "Database unavailable"


def normalise_database_url(url: str) -> str:
    """Accept `postgres://` and `postgresql://` and pick the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_module_with_extensions() -> ModuleType:
    """The standard `sqlite3` if it can load extensions, else `pysqlite3` (same API)."""
    probe = sqlite3.connect(":memory:")
    try:
        if hasattr(probe, "enable_load_extension"):
            return sqlite3
    finally:
        probe.close()
    try:
        return importlib.import_module("pysqlite3.dbapi2")
    except ImportError as exc:
        raise DatabaseUnavailable(
            "this Python's sqlite3 cannot load extensions and pysqlite3 is not installed; "
            "install pysqlite3-binary or use PostgreSQL"
        ) from exc


def _install_spatialite(engine: Engine, library_path: str) -> None:
    """Load SpatiaLite into every new connection and make SQLite behave for concurrent use."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.enable_load_extension(True)
        try:
            dbapi_conn.load_extension(library_path)
        except Exception as exc:
            raise DatabaseUnavailable(
                f"cannot load SpatiaLite module {library_path!r}: {exc} "
                "(install libsqlite3-mod-spatialite)"
            ) from exc
        finally:
            dbapi_conn.enable_load_extension(False)
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute("PRAGMA busy_timeout = 30000")
        dbapi_conn.execute("PRAGMA journal_mode = WAL")
        # WGS84-only metadata: loading every EPSG definition takes seconds and we only store 4326.
        init_spatialite(dbapi_conn, transaction=True, init_mode="WGS84")


def create_db_engine(settings: Settings, **kwargs: Any) -> Engine:
    """An engine for the configured database, with SpatiaLite loaded when it is SQLite."""
    url = make_url(normalise_database_url(settings.effective_database_url))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, module=sqlite_module_with_extensions(), **kwargs)
        _install_spatialite(engine, settings.spatialite_library_path)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


class Database:
    """An engine plus its session factory; one per process (API, worker, CLI)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = create_db_engine(settings)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_postgis(self) -> bool:
        """True on PostgreSQL + PostGIS, False on SQLite + SpatiaLite."""
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
