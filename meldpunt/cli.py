"""The `meldpunt` command line: database, demo data, boundary import."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import OperationalError

from meldpunt.core.errors import MeldpuntError
from meldpunt.core.logging import configure_logging
from meldpunt.core.settings import get_settings
from meldpunt.demo.loader import load_demo
from meldpunt.models import AuthorityKind
from meldpunt.models.database import Database
from meldpunt.models.migrate import current_revision, head_revision, upgrade_database
from meldpunt.routing.importer import import_boundaries, read_features

app = typer.Typer(
    help="Meldpunt: reports in public space, routed to whoever is responsible.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")

T = TypeVar("T")


def _fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


@contextmanager
def _database() -> Iterator[Database]:
    settings = get_settings()
    configure_logging(settings.log_level)
    database = Database(settings)
    try:
        yield database
    except MeldpuntError as exc:
        raise _fail(exc.detail) from None
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        where = database.engine.url.render_as_string(hide_password=True)
        raise _fail(f"cannot reach the database {where}: {reason}") from None
    finally:
        database.dispose()


def _run_in_session(database: Database, work: Callable[..., T]) -> T:
    with database.session() as session:
        return work(session)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest revision."""
    with _database() as database:
        upgrade_database(database)
        typer.echo(
            f"database at revision {current_revision(database)} ({database.engine.dialect.name})"
        )


@db_app.command("current")
def db_current() -> None:
    """Show the schema revision of the database and of the code."""
    with _database() as database:
        typer.echo(f"database: {current_revision(database) or 'empty'}; code: {head_revision()}")


def _require_schema(database: Database) -> None:
    if current_revision(database) != head_revision():
        raise _fail("the database schema is not up to date; run `meldpunt db upgrade` first")


@demo_app.command("load")
def demo_load() -> None:
    """Load the demo region (3 municipalities, a province, a water board, zones)."""
    with _database() as database:
        _require_schema(database)
        summary = _run_in_session(database, load_demo)
        typer.echo(
            f"demo loaded: {summary.authorities} authorities, "
            f"{summary.departments} departments, {summary.zones} zones"
        )


@app.command("import-boundaries")
def import_boundaries_command(
    file: Annotated[Path, typer.Argument(help="GeoJSON FeatureCollection", show_default=False)],
    kind: Annotated[AuthorityKind, typer.Option(help="Tier of the authorities in the file")],
    code_field: Annotated[str, typer.Option(help="Property holding the code, e.g. gemeentecode")],
    name_field: Annotated[str, typer.Option(help="Property holding the name, e.g. gemeentenaam")],
) -> None:
    """Create or update authorities from a GeoJSON file; invalid geometries are repaired."""
    with _database() as database:
        _require_schema(database)
        features = read_features(file)
        summary = _run_in_session(
            database,
            lambda session: import_boundaries(
                session, features, kind=kind, code_field=code_field, name_field=name_field
            ),
        )
    for item in summary.repaired:
        typer.secho(
            f"warning: repaired invalid geometry of {item}", err=True, fg=typer.colors.YELLOW
        )
    for item in summary.non_routable:
        typer.echo(f"loaded as non-routable: {item}")
    for item in summary.skipped:
        typer.secho(f"warning: skipped {item}", err=True, fg=typer.colors.YELLOW)
    routable = summary.created + summary.updated - len(summary.non_routable)
    typer.echo(
        f"{summary.created} created, {summary.updated} updated ({routable} routable "
        f"{kind.value} authorities), {len(summary.repaired)} repaired, "
        f"{len(summary.skipped)} skipped, {summary.desks_created} kcc desks created"
    )


def main() -> None:
    """Entry point for `python -m meldpunt`."""
    logging.captureWarnings(True)
    app()


if __name__ == "__main__":
    main()
