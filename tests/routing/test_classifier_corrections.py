"""Staff corrections are stored as labelled examples and reach the next training run."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from meldpunt.models import TrainingExample
from meldpunt.routing.classifier_store import LoadedModel, ModelStore
from meldpunt.routing.repository import list_training_examples
from meldpunt.routing.service import train_and_save

# A made-up word the corpus never uses: only the correction can teach it.
CORRECTED_TEXT = "de zworkeltrommel bij de flat doet raar"


def store_one_correction(session: Session) -> None:
    """One staff correction and one imported example, committed."""
    session.add_all(
        [
            TrainingExample(
                text=CORRECTED_TEXT,
                category_code="afval.container",
                source="correction",
                actor="field@example.org",
            ),
            TrainingExample(text="iets anders", category_code="overig.overig", source="import"),
        ]
    )
    session.commit()


def test_corrections_are_listed_apart_from_other_examples(session: Session) -> None:
    store_one_correction(session)
    corrections = list_training_examples(session, source="correction")
    assert [(c.text, c.category) for c in corrections] == [(CORRECTED_TEXT, "afval.container")]
    assert len(list_training_examples(session)) == 2


# Training does not touch the database: one backend is enough for the run through.
@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_a_correction_makes_it_into_the_next_training_run(
    session: Session, tmp_path: Path, trained: LoadedModel
) -> None:
    store_one_correction(session)
    corrections = list_training_examples(session, source="correction")
    assert [(c.text, c.category) for c in corrections] == [(CORRECTED_TEXT, "afval.container")]

    # The run's model is the same corpus without corrections: no need to train it again.
    store = ModelStore(tmp_path)
    with_corrections = train_and_save(store, corrections=corrections * 3)
    assert with_corrections.promoted
    assert trained.metadata.correction_rows == 0
    assert with_corrections.metadata.correction_rows == 3
    assert with_corrections.metadata.training_rows == trained.metadata.training_rows + 3
    before = trained.classifier.top("zworkeltrommel", k=24)
    after = store.load(with_corrections.metadata.version).classifier.top("zworkeltrommel", k=24)
    chance = {g.category: g.probability for g in before}["afval.container"]
    assert after[0].category == "afval.container"
    assert after[0].probability > chance
