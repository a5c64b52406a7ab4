"""Migrations: the same schema on SpatiaLite and PostGIS, matching the ORM models exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, ForeignKeyConstraint, inspect, select, text

from meldpunt.core.settings import Settings
from meldpunt.core.taxonomy import CATEGORY_CODES
from meldpunt.models import Base, Category, RoutingRevision
from meldpunt.models.database import Database
from meldpunt.models.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    include_object,
    upgrade_database,
)


def test_migrated_schema_matches_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
        if not database.is_postgis:
            differences = _without_inline_foreign_keys(connection, differences)
    assert differences == []
    assert current_revision(database) == head_revision()


def _without_inline_foreign_keys(connection: Connection, differences: list[Any]) -> list[Any]:
    """Drop the remove/add pairs SQLAlchemy reports for foreign keys added by ALTER on SQLite.

    SQLite can only add a foreign key inline with a column; SQLAlchemy reflects such a key
    without its name and ON DELETE. SQLite's own PRAGMA still knows both, so each pair is
    accepted only when the PRAGMA shows the key with the model's target and ON DELETE.
    """
    added = {
        _fk_signature(d[1]): d[1] for d in differences if isinstance(d, tuple) and d[0] == "add_fk"
    }
    removed = {
        _fk_signature(d[1]) for d in differences if isinstance(d, tuple) and d[0] == "remove_fk"
    }
    accepted = set()
    for signature in added.keys() & removed:
        table, column, target = signature
        pragma = connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})").all()
        expected = (added[signature].ondelete or "NO ACTION").upper()
        if any(row[2] == target and row[3] == column and row[6] == expected for row in pragma):
            accepted.add(signature)
    return [
        d
        for d in differences
        if not (
            isinstance(d, tuple)
            and d[0] in {"add_fk", "remove_fk"}
            and _fk_signature(d[1]) in accepted
        )
    ]


def _fk_signature(constraint: ForeignKeyConstraint) -> tuple[str, str, str]:
    element = constraint.elements[0]
    return (constraint.table.name, element.parent.name, element.column.table.name)


def test_reference_data_is_seeded(database: Database) -> None:
    with database.session() as session:
        assert set(session.scalars(select(Category.code))) == CATEGORY_CODES
        assert session.get(RoutingRevision, 1) is not None


def test_geometry_columns_have_spatial_indexes(database: Database) -> None:
    with database.engine.connect() as connection:
        if database.is_postgis:
            indexes = set(
                connection.scalars(
                    text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")
                )
            )
            assert {"idx_authority_boundary", "idx_zone_geometry", "idx_report_location"} <= indexes
        else:
            enabled = {
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT f_table_name, f_geometry_column FROM geometry_columns "
                        "WHERE spatial_index_enabled = 1"
                    )
                ).all()
            }
            assert enabled == {
                ("authority", "boundary"),
                ("zone", "geometry"),
                ("report", "location"),
            }


def test_upgrade_is_repeatable_and_downgrade_reverses_it(tmp_path: Path) -> None:
    database = Database(Settings(database_url=f"sqlite:///{tmp_path / 'm.sqlite'}"))
    upgrade_database(database)
    upgrade_database(database)  # already at head: nothing to do, no error
    assert "ticket" in inspect(database.engine).get_table_names()
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(database.engine).get_table_names()) & {"ticket", "report", "zone"} == set()
    upgrade_database(database)
    assert current_revision(database) == head_revision()
    database.dispose()


def test_sqlite_file_is_created_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var", database_url="")
    database = Database(settings)
    upgrade_database(database)
    assert (tmp_path / "var" / "meldpunt.sqlite").is_file()
    database.dispose()
