"""Classifier benchmark: one description per call, as the API and the pipeline classify.

Ours = `TextClassifier.top` of the default model (TF-IDF weights looked up in the fitted
vocabularies and idf arrays, the calibrated linear model as one small dot product and a few
numpy operations, no sparse matrices). Naive = the same fitted objects through sklearn's
public path: `FeatureUnion.transform` + `CalibratedClassifierCV.predict_proba`. Both give the
same probabilities (tests/routing/test_classifier.py). The `svm-sentences` model (with the
multilingual sentence encoder) is timed beside them, and its encoder on its own. Every
validation text is classified ROUNDS times, one call at a time, with the garbage collector
paused as `timeit` does.
Run with `make bench-classifier`.
"""

from __future__ import annotations

import gc
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.results import write_section
from meldpunt.routing.classifier import (
    TRAINING_FILE,
    VALIDATION_FILE,
    TextClassifier,
    read_labelled_texts,
)
from meldpunt.routing.classifier_sentences import sentence_vectors
from meldpunt.routing.classifier_store import ModelStore
from meldpunt.routing.classifier_training import evaluate, train
from meldpunt.routing.service import train_and_save

ROUNDS = int(os.environ.get("BENCH_CLASSIFIER_ROUNDS", "5"))
NAIVE = "naive: `FeatureUnion.transform` + `predict_proba`"


def naive_top(classifier: TextClassifier, text: str) -> list[tuple[str, float]]:
    """The sklearn public path for one description."""
    row = classifier.model.predict_proba(classifier.matrix([text]))[0]
    best = np.argsort(-row)[:3]
    return [(classifier.classes[i], float(row[i])) for i in best]


def timings_ms(call: Callable[[str], object], texts: list[str]) -> list[float]:
    """Milliseconds per call, every text ROUNDS times."""
    for text in texts[:50]:  # warm caches
        call(text)
    result = []
    gc.disable()
    try:
        for _ in range(ROUNDS):
            for text in texts:
                started = time.perf_counter()
                call(text)
                result.append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    return result


def main() -> None:
    """Train the model from the shipped corpus, then time single descriptions."""
    with tempfile.TemporaryDirectory() as folder:
        store = ModelStore(Path(folder))
        started = time.perf_counter()
        outcome = train_and_save(store)
        train_s = time.perf_counter() - started
        model = store.load(outcome.metadata.version)
        size_mib = (Path(folder) / f"{outcome.metadata.version}.skops").stat().st_size / 2**20
        started = time.perf_counter()
        store.load(outcome.metadata.version)
        load_s = time.perf_counter() - started
    classifier = model.classifier
    validation = read_labelled_texts(VALIDATION_FILE)
    training = read_labelled_texts(TRAINING_FILE)
    texts = [e.text for e in validation]
    scores = evaluate(classifier, validation)
    started = time.perf_counter()
    sentence_model = train(training, kind="svm-sentences")
    sentence_train_s = time.perf_counter() - started
    sentence_scores = evaluate(sentence_model, validation)
    rows = []
    results = {
        "ours: `TextClassifier.top`": timings_ms(classifier.top, texts),
        NAIVE: timings_ms(lambda t: naive_top(classifier, t), texts),
        "`svm-sentences` model: `TextClassifier.top`": timings_ms(sentence_model.top, texts),
        "of it: the sentence encoder alone (`sentence_vectors`)": timings_ms(
            lambda t: sentence_vectors([t]), texts
        ),
    }
    naive_p50 = float(np.percentile(results[NAIVE], 50))
    for name, values in results.items():
        p50, p99 = np.percentile(values, 50), np.percentile(values, 99)
        ratio = "—" if name.startswith("of it") else f"{naive_p50 / p50:.1f}×"
        rows.append(
            f"| {name} | {p50:.2f} | {p99:.2f} | {max(values):.2f} | "
            f"{1000 / statistics.mean(values):,.0f} | {ratio} |"
        )
    body = f"""
Command: `make bench-classifier`. Model trained from the shipped corpus
({outcome.metadata.training_rows} rows, {train_s:.1f} s including scoring and saving;
skops file {size_mib:.1f} MiB, loaded in {load_s:.2f} s). Each of the {len(texts)} validation
descriptions classified {ROUNDS}× one at a time, in one process (validation macro-F1 of this
model {scores.macro_f1:.3f}, main group {scores.group_accuracy:.3f}). The `svm-sentences` model
(sentence-vector columns, not the default) was fitted on the same corpus in
{sentence_train_s:.1f} s (validation macro-F1 {sentence_scores.macro_f1:.3f}, main group
{sentence_scores.group_accuracy:.3f}).

| path | p50 ms | p99 ms | max ms | descriptions/s | p50 vs naive |
|---|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

Ours and naive give the same probabilities (within 1e-9, tests/routing/test_classifier.py).
Ours builds no sparse matrix: it counts the text's n-grams with the vectorizers' own
analyzers, looks them up in the fitted vocabularies and idf weights, multiplies a few dozen
rows of the model's coefficients, and does the 24 sigmoid calibrators and the normalisation as
numpy operations, where sklearn spends most of a call on input validation, sparse bookkeeping
and a per-class loop. The `svm-sentences` model adds one 512 × 24 product (its PCA folded into
the coefficients) and the sentence encoder (Universal Sentence Encoder multilingual v3 in
numpy, one BLAS thread), which is most of its time.
"""
    write_section("Classifier", body)
    print(body)


if __name__ == "__main__":
    main()
