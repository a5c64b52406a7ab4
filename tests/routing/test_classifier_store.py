"""Saved models: skops round trip, refusal of untrusted files, the promotion rule."""

from __future__ import annotations

import os
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from meldpunt.routing.classifier import FEATURES_VERSION, VALIDATION_FILE, read_labelled_texts
from meldpunt.routing.classifier_store import (
    LoadedModel,
    ModelStore,
    load_model_file,
    new_version,
)
from meldpunt.routing.errors import InvalidModelFile, PromotionRefused
from meldpunt.routing.service import ClassifierService, validation_macro_f1


def create_older_model(store: ModelStore, trained: LoadedModel) -> str:
    """The run's model saved as if made by the previous feature code; returns its version."""
    metadata = replace(
        trained.metadata, version=new_version(), features_version=FEATURES_VERSION - 1
    )
    store.save(trained.classifier, metadata)
    return metadata.version


def test_a_saved_model_round_trips_and_predicts_the_same(
    trained: LoadedModel, tmp_path: Path
) -> None:
    store = ModelStore(tmp_path)
    metadata = replace(trained.metadata, version=new_version())
    store.save(trained.classifier, metadata)
    loaded = store.load(metadata.version)
    texts = [r.text for r in read_labelled_texts(VALIDATION_FILE)]
    np.testing.assert_array_equal(
        loaded.classifier.probabilities(texts), trained.classifier.probabilities(texts)
    )
    assert loaded.metadata == metadata
    assert loaded.metadata.validation["macro_f1"] > 0
    with zipfile.ZipFile(tmp_path / f"{metadata.version}.skops") as archive:
        assert not [n for n in archive.namelist() if n.endswith(".pkl")]


def test_a_file_with_untrusted_types_is_refused_without_running_anything(tmp_path: Path) -> None:
    path = tmp_path / "evil.skops"
    path.write_bytes(sio.dumps({"features": os.system, "model": None}))
    with pytest.raises(InvalidModelFile, match="untrusted types"):
        load_model_file(path)


def test_damaged_or_foreign_files_are_refused(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.skops"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InvalidModelFile):
        load_model_file(damaged)
    foreign = tmp_path / "foreign.skops"
    foreign.write_bytes(sio.dumps({"features_version": -1}))
    with pytest.raises(InvalidModelFile, match="other feature code"):
        load_model_file(foreign)
    with pytest.raises(InvalidModelFile, match="no such"):
        load_model_file(tmp_path / "missing.skops")


def test_promotion_only_when_validation_macro_f1_does_not_drop(
    trained: LoadedModel, tmp_path: Path
) -> None:
    store = ModelStore(tmp_path)
    first = replace(trained.metadata, version=new_version(), validation={"macro_f1": 0.90})
    store.save(trained.classifier, first)
    assert store.active_version() is None
    assert store.promote(first, active_macro_f1=None).promoted
    assert store.active_version() == first.version

    worse = replace(first, version=new_version(), validation={"macro_f1": 0.89})
    store.save(trained.classifier, worse)
    with pytest.raises(PromotionRefused) as refused:
        store.promote(worse, active_macro_f1=0.90)
    assert refused.value.code == "promotion_refused"
    assert store.active_version() == first.version

    equal = replace(first, version=new_version(), validation={"macro_f1": 0.90})
    store.save(trained.classifier, equal)
    assert store.promote(equal, active_macro_f1=0.90).promoted
    assert store.active_version() == equal.version


def test_a_model_scored_again_compares_equal_to_its_own_record(trained: LoadedModel) -> None:
    validation = read_labelled_texts(VALIDATION_FILE)
    again = validation_macro_f1(trained.classifier, validation)
    assert again == trained.metadata.validation["macro_f1"]


def test_a_model_made_by_older_feature_code_is_not_loaded(
    trained: LoadedModel, tmp_path: Path
) -> None:
    store = ModelStore(tmp_path)
    older = create_older_model(store, trained)
    with pytest.raises(InvalidModelFile, match="made by feature code"):
        store.load(older)


def test_activating_a_model_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidModelFile):
        ModelStore(tmp_path).activate("19990101T000000000000Z")


def test_a_model_made_by_older_feature_code_is_replaced_on_first_use(
    trained: LoadedModel, tmp_path: Path
) -> None:
    store = ModelStore(tmp_path)
    older = create_older_model(store, trained)
    store.activate(older)
    loaded = ClassifierService(tmp_path).model()  # trains a new model from the corpus
    assert loaded.metadata.version != older
    assert loaded.metadata.features_version == FEATURES_VERSION
    assert store.active_version() == loaded.metadata.version
    assert loaded.classifier.top("lantaarnpaal kapot")[0].category == "verlichting.lamp"
