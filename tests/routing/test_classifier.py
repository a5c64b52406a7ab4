"""The classifier answers only taxonomy codes and copes with every kind of description."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldpunt.core.taxonomy import CATEGORY_CODES
from meldpunt.routing.classifier import (
    TRAINING_FILE,
    VALIDATION_FILE,
    fold,
    read_labelled_texts,
)
from meldpunt.routing.classifier_lexicon import LEXICON_CONCEPTS, THESAURUS, concept_hits
from meldpunt.routing.classifier_sentences import MAX_CHARS
from meldpunt.routing.classifier_store import LoadedModel
from meldpunt.routing.errors import InvalidTrainingFile, NothingToClassify
from tests.routing.classifier_checks import largest_fast_path_difference


def test_fold_removes_accents_case_emoji_and_long_repeats() -> None:
    assert fold("Één LANTAARNPAAL kapotttt!!! 🔦 café") == "een lantaarnpaal kapott cafe"
    assert fold("m'n kliko") == "mn kliko"
    assert fold("   \n\t ") == ""
    assert fold("🙂🙂🚲") == ""


def _concepts_in(text: str) -> set[str]:
    hits = concept_hits(fold(text))
    return {name for name, hit in zip(LEXICON_CONCEPTS, hits, strict=True) if hit}


def test_thesaurus_finds_the_parts_of_dutch_compounds_and_words_it_was_given() -> None:
    found = _concepts_in("straatlantaarn bij de speeltuin, hobbelbeest ook stuk")
    assert {"street_light", "playground", "play_equipment"} <= found
    assert "smell" not in found
    assert "furniture" in _concepts_in("er staat een bed op straat")


def test_thesaurus_plain_terms_match_whole_words_only() -> None:
    assert "rodent" in _concepts_in("ratten bij de container")
    assert "rodent" not in _concepts_in("de straat is kapot")  # "rat" inside "straat"


def test_thesaurus_terms_are_folded_and_unique() -> None:
    for name, terms in THESAURUS.items():
        assert terms, name
        assert len(set(terms)) == len(terms), name
        for term in terms:
            # Terms are compared with folded text: anything fold would change never matches.
            assert fold(term.removeprefix("~")) == term.removeprefix("~"), (name, term)


def test_corpus_files_cover_every_category_in_both_languages() -> None:
    for path, minimum in ((TRAINING_FILE, 80), (VALIDATION_FILE, 20)):
        rows = read_labelled_texts(path)
        for code in CATEGORY_CODES:
            assert sum(r.category == code for r in rows) >= minimum, (path.name, code)
    training_texts = {r.text for r in read_labelled_texts(TRAINING_FILE)}
    assert not training_texts & {r.text for r in read_labelled_texts(VALIDATION_FILE)}


def test_reading_a_csv_without_the_columns_or_with_unknown_codes_fails_clearly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    no_columns = tmp_path / "a.csv"
    no_columns.write_text("description,code\nx,y\n")
    with pytest.raises(InvalidTrainingFile, match="missing column"):
        read_labelled_texts(no_columns)
    unknown = tmp_path / "b.csv"
    unknown.write_text("text,category\nlamp kapot,verlichting.kapot\n")
    with pytest.raises(InvalidTrainingFile, match="outside the taxonomy"):
        read_labelled_texts(unknown)


@pytest.mark.parametrize("description", ["", " ", "   \n\t  ", "🙂", "🚲🔥💡 !!! ??", "…—–"])
def test_descriptions_without_words_are_a_clear_error(
    trained: LoadedModel, description: str
) -> None:
    with pytest.raises(NothingToClassify) as raised:
        trained.classifier.top(description)
    assert raised.value.code == "nothing_to_classify"


def test_a_10000_character_description_is_classified(trained: LoadedModel) -> None:
    text = ("de lantaarnpaal voor ons huis is kapot en het is pikkedonker " * 200)[:10_000]
    assert len(text) == 10_000 > MAX_CHARS
    guesses = trained.classifier.top(text)
    assert guesses[0].category == "verlichting.lamp"
    noise = ("qzx " * 2500)[:10_000]
    assert {g.category for g in trained.classifier.top(noise)} <= CATEGORY_CODES


def test_top_three_are_taxonomy_codes_with_falling_probabilities(trained: LoadedModel) -> None:
    guesses = trained.classifier.top("al drie avonden pikkedonker op het fietspad")
    assert guesses[0].category == "verlichting.lamp"
    assert len(guesses) == 3
    assert len({g.category for g in guesses}) == 3
    probabilities = [g.probability for g in guesses]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(0.0 <= p <= 1.0 for p in probabilities)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=300))
def test_any_text_gives_only_taxonomy_codes_or_nothing_to_classify(
    trained: LoadedModel, text: str
) -> None:
    try:
        guesses = trained.classifier.top(text, k=24)
    except NothingToClassify:
        assert fold(text) == ""
        return
    assert {g.category for g in guesses} <= CATEGORY_CODES
    assert abs(sum(g.probability for g in guesses) - 1.0) < 1e-6


def test_every_class_of_the_model_is_a_taxonomy_code(trained: LoadedModel) -> None:
    assert set(trained.classifier.classes) == CATEGORY_CODES
    predicted = trained.classifier.predict(["", "🙂", "gat in de weg", "dead fox on the road"])
    assert predicted[:2] == ["overig.overig", "overig.overig"]
    assert set(predicted) <= CATEGORY_CODES


def test_the_fast_single_text_path_gives_sklearns_probabilities(trained: LoadedModel) -> None:
    assert largest_fast_path_difference(trained.classifier) < 1e-9
