"""Apply the Alembic migrations programmatically (used by the CLI and the tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from geoalchemy2 import alembic_helpers

from meldpunt.models.database import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# Tables SpatiaLite creates for itself; they are not ours to migrate.
SPATIALITE_TABLES = frozenset(
    {"ElementaryGeometries", "data_licenses", "KNN", "KNN2", "SpatialIndex", "sql_statements_log"}
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: GeoAlchemy2's rules, and never SpatiaLite's own tables."""
    if type_ == "table" and reflected and name in SPATIALITE_TABLES:
        return False
    return bool(
        alembic_helpers.include_object(  # type: ignore[no-untyped-call]
            obj, name, type_, reflected, compare_to
        )
    )


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_database(database: Database, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (default: the newest)."""
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(database: Database) -> str | None:
    """The schema revision the database is at, or None when it was never migrated."""
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
