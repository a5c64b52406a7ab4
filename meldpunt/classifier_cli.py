"""`meldpunt classifier …`: train, evaluate and compare the text classifier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError

from meldpunt.core.errors import MeldpuntError
from meldpunt.core.logging import configure_logging
from meldpunt.core.settings import get_settings
from meldpunt.models.database import Database
from meldpunt.routing.classifier import (
    DEFAULT_KIND,
    MODEL_KINDS,
    TRAINING_FILE,
    LabelledText,
    read_labelled_texts,
)
from meldpunt.routing.classifier_store import ModelStore
from meldpunt.routing.classifier_training import cross_validate, evaluate, write_confusion_png
from meldpunt.routing.repository import list_training_examples
from meldpunt.routing.service import classifier_service, train_and_save

classifier_app = typer.Typer(help="The text classifier.", no_args_is_help=True)
_stderr = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


def _quiet_logs() -> None:
    settings = get_settings()
    configure_logging("WARNING" if settings.log_level.upper() == "INFO" else settings.log_level)


def _corrections() -> list[LabelledText]:
    database = Database(get_settings())
    try:
        with database.session() as session:
            return list_training_examples(session, source="correction")
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise _fail(f"cannot read corrections from the database: {reason}") from None
    finally:
        database.dispose()


@classifier_app.command("train")
def train_command(
    include_corrections: Annotated[
        bool, typer.Option(help="Also learn from staff corrections stored in the database")
    ] = False,
    kind: Annotated[str, typer.Option(help=f"Model: {', '.join(MODEL_KINDS)}")] = DEFAULT_KIND,
) -> None:
    """Train on the corpus, save the model, promote it if validation macro-F1 does not drop."""
    _quiet_logs()
    if kind not in MODEL_KINDS:
        raise _fail(f"unknown model kind {kind!r}; choose from {', '.join(MODEL_KINDS)}")
    try:
        corrections = _corrections() if include_corrections else []
        store = ModelStore(get_settings().effective_classifier_dir)
        with _stderr.status("training") as status:

            def progress(message: str) -> None:
                _stderr.print(f"  {message}")
                status.update(message)

            outcome = train_and_save(store, corrections=corrections, kind=kind, progress=progress)
    except MeldpuntError as exc:
        raise _fail(exc.detail) from None
    scores = outcome.metadata.validation
    typer.echo(
        f"model {outcome.metadata.version}: {outcome.metadata.training_rows} training rows "
        f"({outcome.metadata.correction_rows} corrections); validation macro-F1 "
        f"{scores['macro_f1']:.4f}, main group accuracy {scores['group_accuracy']:.4f}"
    )
    typer.echo(outcome.reason)


@classifier_app.command("evaluate")
def evaluate_command(
    file: Annotated[Path, typer.Argument(help="CSV: text,category", show_default=False)],
    png: Annotated[
        Path | None, typer.Option(help="Confusion-matrix picture; default <FILE>-confusion.png")
    ] = None,
) -> None:
    """Score the active model on a labelled CSV: JSON on stdout, confusion matrix as PNG."""
    _quiet_logs()
    if not file.is_file():
        raise _fail(f"{file}: no such file")
    png = png or Path(f"{file.stem}-confusion.png")
    try:
        examples = read_labelled_texts(file)
        with _stderr.status("loading the active model"):
            model = classifier_service(get_settings().effective_classifier_dir).model()
        with _stderr.status(f"classifying {len(examples)} rows"):
            result = evaluate(model.classifier, examples)
        write_confusion_png(result, png, title=f"{file.name} · model {model.metadata.version}")
    except MeldpuntError as exc:
        raise _fail(exc.detail) from None
    report = {"file": str(file), "model_version": model.metadata.version, **result.as_dict()}
    typer.echo(json.dumps(report, indent=2))
    _stderr.print(f"confusion matrix written to {png}")


@classifier_app.command("compare")
def compare_command(
    folds: Annotated[int, typer.Option(min=2, max=10, help="Cross-validation folds")] = 5,
) -> None:
    """Cross-validated macro-F1 of each candidate model on the training corpus (not the
    validation split): how the default model was chosen."""
    _quiet_logs()
    try:
        examples = read_labelled_texts(TRAINING_FILE)
    except MeldpuntError as exc:
        raise _fail(exc.detail) from None
    results = {}
    for kind in MODEL_KINDS:
        with _stderr.status(f"cross-validating {kind}") as status:
            results[kind] = round(
                cross_validate(examples, kind=kind, folds=folds, progress=status.update), 4
            )
        _stderr.print(f"{kind}: mean macro-F1 {results[kind]:.4f}")
    typer.echo(json.dumps({"folds": folds, "rows": len(examples), "macro_f1": results}, indent=2))
