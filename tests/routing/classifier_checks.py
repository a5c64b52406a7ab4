"""Checks shared by the classifier tests."""

from __future__ import annotations

from meldpunt.routing.classifier import VALIDATION_FILE, TextClassifier, read_labelled_texts


def largest_fast_path_difference(classifier: TextClassifier, rows: int = 60) -> float:
    """The largest gap between `top` (the fast single-text path) and sklearn's
    `predict_proba` over the first validation texts, any class."""
    texts = [r.text for r in read_labelled_texts(VALIDATION_FILE)[:rows]]
    by_sklearn = classifier.model.predict_proba(classifier.matrix(texts))
    largest = 0.0
    for text, expected in zip(texts, by_sklearn, strict=True):
        guesses = {g.category: g.probability for g in classifier.top(text, k=24)}
        got = [guesses[code] for code in classifier.classes]
        largest = max(largest, *(abs(a - b) for a, b in zip(got, expected, strict=True)))
    return largest
