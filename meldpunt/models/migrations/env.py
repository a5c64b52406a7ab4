"""Alembic environment: runs on the connection handed in by `meldpunt.models.migrate`."""

from __future__ import annotations

from alembic import context
from geoalchemy2 import alembic_helpers
from sqlalchemy.engine import Connection

from meldpunt.models import Base
from meldpunt.models.migrate import include_object

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Run the migrations; batch mode on SQLite so later ALTERs work there too."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run migrations through `meldpunt db upgrade`, which provides the connection"
    )
run_migrations(connection)
