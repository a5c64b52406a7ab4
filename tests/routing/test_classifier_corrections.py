"""Staff corrections are stored as labelled examples and reach the next training run."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from meldpunt.models import TrainingExample
from meldpunt.routing.classifier_store import LoadedModel, ModelStore
from meldpunt.routing.repository import list_training_examples
from meldpunt.routing.service import train_and_save

# A made-up word the corpus never uses: only the correction can teach it.
CORRECTED_TEXT = "de zworkeltrommel bij de flat doet raar"


def test_a_correction_makes_it_into_the_next_training_run(
    session: Session, tmp_path: Path, trained: LoadedModel
) -> None:
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
