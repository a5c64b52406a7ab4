"""`meldpunt classifier` as a user runs it: a real process, settings from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image


def meldpunt(
    tmp_path: Path, classifier_dir: Path, *args: str, database_url: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MELDPUNT_DATA_DIR": str(tmp_path),
        "MELDPUNT_CLASSIFIER_DIR": str(classifier_dir),
        "MELDPUNT_DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'none.sqlite'}",
    }
    return subprocess.run(
        [sys.executable, "-m", "meldpunt", "classifier", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )


def test_evaluate_prints_json_and_writes_a_confusion_png(
    tmp_path: Path, shared_classifier_dir: Path
) -> None:
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text(
        "text,category,extra\n"
        "lamp kapot in de Dorpsstraat,verlichting.lamp,x\n"
        "dode kat op de weg,dieren.dood,y\n"
        '"rats near the bins, every night",dieren.ongedierte,z\n'
    )
    result = meldpunt(tmp_path, shared_classifier_dir, "evaluate", str(csv_file))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] == 3
    assert set(report) >= {"accuracy", "macro_f1", "per_category", "confusion_matrix"}
    assert set(report["per_category"]["verlichting.lamp"]) >= {"precision", "recall", "f1"}
    labels = report["confusion_matrix"]["labels"]
    assert len(report["confusion_matrix"]["matrix"]) == len(labels)
    with Image.open(tmp_path / "mine-confusion.png") as picture:
        assert picture.format == "PNG"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("description,code\nx,y\n", "missing column(s) category, text"),
        ("text,category\nlamp kapot,verlichting.stuk\n", "categories outside the taxonomy"),
    ],
)
def test_evaluate_errors_are_one_line(
    tmp_path: Path, shared_classifier_dir: Path, content: str, message: str
) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(content)
    result = meldpunt(tmp_path, shared_classifier_dir, "evaluate", str(csv_file))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    missing = meldpunt(tmp_path, shared_classifier_dir, "evaluate", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"error: {tmp_path / 'nope.csv'}: no such file"


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_train_with_corrections_shows_progress_and_promotion(
    tmp_path: Path, database_url: str, database: object
) -> None:
    models = tmp_path / "models"
    first = meldpunt(tmp_path, models, "train", "--include-corrections", database_url=database_url)
    assert first.returncode == 0, first.stderr
    assert "0 corrections" in first.stdout
    assert "promoted: first model" in first.stdout
    assert "fitting svm on" in first.stderr
    again = meldpunt(tmp_path, models, "train", database_url=database_url)
    assert again.returncode == 0, again.stderr
    # Same corpus, same seed: the same score, and "not lower" promotes it.
    assert "promoted: validation macro-F1" in again.stdout
    assert len(list(models.glob("*.skops"))) == 2
