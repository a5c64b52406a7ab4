"""The pipeline's category choice: confident classifier, else the resident, else overig."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from meldpunt.models import CategorySource
from meldpunt.reports.processing import _choose_category
from meldpunt.routing.classifier import CategoryGuess


def _context(guesses: list[CategoryGuess], threshold: float = 0.5) -> Any:
    return SimpleNamespace(classify=lambda _: guesses, confidence_threshold=threshold)


def _report(requested: str | None) -> Any:
    return SimpleNamespace(
        description="x",
        requested_category=requested,
        category_code=None,
        category_source=None,
        category_confidence=None,
    )


@pytest.mark.parametrize(
    ("guesses", "requested", "code", "source"),
    [
        (
            [CategoryGuess("groen.boom", 0.9)],
            "wegen.stoep",
            "groen.boom",
            CategorySource.CLASSIFIER,
        ),
        ([CategoryGuess("groen.boom", 0.5)], None, "groen.boom", CategorySource.CLASSIFIER),
        ([CategoryGuess("groen.boom", 0.4)], "wegen.stoep", "wegen.stoep", CategorySource.RESIDENT),
        ([CategoryGuess("groen.boom", 0.4)], None, "overig.overig", CategorySource.FALLBACK),
        ([], "wegen.stoep", "wegen.stoep", CategorySource.RESIDENT),  # nothing to classify
        ([], None, "overig.overig", CategorySource.FALLBACK),
    ],
)
def test_choose_category(
    guesses: list[CategoryGuess], requested: str | None, code: str, source: CategorySource
) -> None:
    report = _report(requested)
    record = _choose_category(report, _context(guesses))
    assert (report.category_code, report.category_source) == (code, source)
    assert record["source"] == source
    assert report.category_confidence == (guesses[0].probability if guesses else None)
