"""The `meldpunt` command line: database, demo data, boundary import."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from sqlalchemy.exc import OperationalError

from meldpunt.accounts.service import create_user
from meldpunt.classifier_cli import classifier_app
from meldpunt.core.errors import MeldpuntError
from meldpunt.core.logging import configure_logging
from meldpunt.core.settings import get_settings
from meldpunt.demo.loader import load_demo
from meldpunt.demo.netherlands import load_netherlands
from meldpunt.models import AuthorityKind, Role
from meldpunt.models.database import Database
from meldpunt.models.migrate import current_revision, head_revision, upgrade_database
from meldpunt.pipeline.context import media_storage
from meldpunt.reports.service import purge_expired_originals
from meldpunt.routing.batch_csv import (
    CHUNK_ROWS,
    check_columns,
    count_rows,
    read_columns,
    route_csv,
)
from meldpunt.routing.importer import import_boundaries, read_features
from meldpunt.routing.service import build_index
from meldpunt.routing.zones import import_zones

app = typer.Typer(
    help="Meldpunt: reports in public space, routed to whoever is responsible.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
media_app = typer.Typer(help="Photo storage.", no_args_is_help=True)
user_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(media_app, name="media")
app.add_typer(classifier_app, name="classifier")

T = TypeVar("T")


def _fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


@contextmanager
def _database() -> Iterator[Database]:
    settings = get_settings()
    # The commands print their own summaries; INFO logs would only clutter the terminal.
    configure_logging("WARNING" if settings.log_level.upper() == "INFO" else settings.log_level)
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


def _warn_about(repaired: list[str], skipped: list[str]) -> None:
    """One warning line per repaired geometry and per skipped feature of an import."""
    for item in repaired:
        typer.secho(
            f"warning: repaired invalid geometry of {item}", err=True, fg=typer.colors.YELLOW
        )
    for item in skipped:
        typer.secho(f"warning: skipped {item}", err=True, fg=typer.colors.YELLOW)


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


@demo_app.command("load-netherlands")
def demo_load_netherlands(
    data: Annotated[Path, typer.Option(help="The shared nl-municipalities folder")] = Path(
        "../shared/data/nl-municipalities"
    ),
) -> None:
    """Load the real CBS municipalities and Amsterdam's buurten as stadsdeel zones."""
    if not (data / "gemeenten_2023_wgs84.geojson").is_file():
        raise _fail(f"{data}: no gemeenten_2023_wgs84.geojson here")
    with _database() as database:
        _require_schema(database)
        summary = _run_in_session(database, lambda s: load_netherlands(s, data))
    typer.echo(
        f"loaded {summary.municipalities} municipalities, {summary.departments} "
        f"stadsdeel departments, {summary.zones} buurt zones"
    )


@media_app.command("purge-originals")
def media_purge_originals() -> None:
    """Delete original photos older than MELDPUNT_ORIGINAL_RETENTION_DAYS (derivatives stay)."""
    settings = get_settings()
    with _database() as database:
        _require_schema(database)
        purged = _run_in_session(
            database,
            lambda s: purge_expired_originals(
                s,
                media=media_storage(settings),
                retention_days=settings.original_retention_days,
            ),
        )
    typer.echo(f"{purged} original photo(s) past {settings.original_retention_days} days deleted")


@user_app.command("create")
def user_create(
    email: Annotated[str, typer.Option(help="Login name")],
    role: Annotated[Role, typer.Option(help="field_worker, coordinator, gis_editor or admin")],
    password: Annotated[
        str | None, typer.Option(help="Asked for when not given (better: not in shell history)")
    ] = None,
    department: Annotated[
        list[str] | None, typer.Option(help="Department code; repeat for several")
    ] = None,
    authority: Annotated[str | None, typer.Option(help="Authority code (gis_editor)")] = None,
) -> None:
    """Create a staff account."""
    if password is None:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with _database() as database:
        _require_schema(database)
        user = _run_in_session(
            database,
            lambda s: create_user(
                s,
                email=email,
                password=password,
                role=role,
                department_codes=department or [],
                authority_code=authority,
            ),
        )
    typer.echo(f"created {user.role} {user.email} (id {user.id})")


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
    _warn_about(summary.repaired, summary.skipped)
    for item in summary.non_routable:
        typer.echo(f"loaded as non-routable: {item}")
    routable = summary.created + summary.updated - len(summary.non_routable)
    typer.echo(
        f"{summary.created} created, {summary.updated} updated ({routable} routable "
        f"{kind.value} authorities), {len(summary.repaired)} repaired, "
        f"{len(summary.skipped)} skipped, {summary.desks_created} kcc desks created"
    )


@app.command("import-zones")
def import_zones_command(
    file: Annotated[Path, typer.Argument(help="GeoJSON FeatureCollection", show_default=False)],
    department: Annotated[str, typer.Option(help="Department code that handles the zones")],
    categories: Annotated[str, typer.Option(help="Comma list: codes, groups like wegen.*, *")],
    name_field: Annotated[str, typer.Option(help="Property holding the zone name")],
    priority: Annotated[int, typer.Option(help="Higher wins where zones overlap")] = 0,
    width_m: Annotated[
        float | None, typer.Option(help="Width in metres for line features (roads, canals)")
    ] = None,
) -> None:
    """Create or update published zones of a department from GeoJSON polygons or lines."""
    with _database() as database:
        _require_schema(database)
        features = read_features(file)
        summary = _run_in_session(
            database,
            lambda session: import_zones(
                session,
                features,
                department_code=department,
                name_field=name_field,
                categories=[c.strip() for c in categories.split(",") if c.strip()],
                priority=priority,
                width_m=width_m,
            ),
        )
    _warn_about(summary.repaired, summary.skipped)
    typer.echo(
        f"{summary.created} zones created, {summary.updated} updated, "
        f"{len(summary.repaired)} repaired, {len(summary.skipped)} skipped"
    )


@app.command("route-batch")
def route_batch_command(
    source: Annotated[Path, typer.Option("--in", help="CSV with id,lat,lon[,category]")],
    target: Annotated[Path, typer.Option("--out", help="CSV to write the decisions to")],
) -> None:
    """Route many points from a CSV with the in-memory index; one output row per point."""
    if not source.is_file():
        raise _fail(f"{source}: no such file")
    with _database() as database:
        check_columns(read_columns(source))  # before the index is built: fail fast
        _require_schema(database)
        settings = get_settings()
        index = _run_in_session(
            database, lambda s: build_index(s, tolerance_m=settings.border_tolerance_m)
        )
        total = count_rows(source)
        with (
            source.open(encoding="utf-8", newline="") as reader,
            target.open("w", encoding="utf-8", newline="") as writer,
            Progress(
                TextColumn("routing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                transient=True,
                disable=total < CHUNK_ROWS,
                console=Console(stderr=True),
            ) as bar,
        ):
            task = bar.add_task("routing", total=total)
            summary = route_csv(index, reader, writer, on_progress=lambda n: bar.advance(task, n))
    typer.echo(
        f"{summary.rows} points: {summary.routed} routed ({summary.ambiguous} near a "
        f"border), {summary.errors} with an error; written to {target}"
    )


def main() -> None:
    """Entry point for `python -m meldpunt`."""
    logging.captureWarnings(True)
    app()


if __name__ == "__main__":
    main()
