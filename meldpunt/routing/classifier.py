"""Text classifier: a resident's own words → a taxonomy category with a probability."""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from meldpunt.core.taxonomy import CATEGORY_CODES

CORPUS_DIR = Path(__file__).parent / "corpus"
TRAINING_FILE = CORPUS_DIR / "train.csv"


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    """One candidate category and the model's probability for it."""

    category: str
    probability: float


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A training example."""

    text: str
    category: str


def read_labelled_texts(path: Path) -> list[LabelledText]:
    """Rows of a `text,category` CSV; refuses codes outside the taxonomy."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [LabelledText(r["text"], r["category"]) for r in csv.DictReader(handle)]
    unknown = {r.category for r in rows} - CATEGORY_CODES
    if unknown:
        raise ValueError(f"{path}: categories outside the taxonomy: {sorted(unknown)}")
    return rows


def build_pipeline() -> Pipeline:
    """Word and character n-grams (Dutch compounds), accent/case folding, a linear model."""
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    analyzer="word", ngram_range=(1, 2), strip_accents="unicode", sublinear_tf=True
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    strip_accents="unicode",
                    sublinear_tf=True,
                ),
            ),
        ]
    )
    return Pipeline([("features", features), ("model", LogisticRegression(C=10, max_iter=3000))])


class TextClassifier:
    """A fitted pipeline that answers the top categories for a description."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline
        self._classes: list[str] = [str(c) for c in pipeline.classes_]

    @classmethod
    def train(cls, examples: list[LabelledText]) -> TextClassifier:
        """Fit a new classifier on labelled examples."""
        pipeline = build_pipeline()
        pipeline.fit([e.text for e in examples], [e.category for e in examples])
        return cls(pipeline)

    def top(self, text: str, k: int = 3) -> list[CategoryGuess]:
        """The k most probable categories, most probable first."""
        probabilities = self._pipeline.predict_proba([text])[0]
        ranked = sorted(zip(self._classes, probabilities, strict=True), key=lambda p: -p[1])
        return [CategoryGuess(code, float(p)) for code, p in ranked[:k]]


_lock = threading.Lock()
_default: TextClassifier | None = None


def default_classifier() -> TextClassifier:
    """The process's classifier, trained once from the project's corpus on first use."""
    global _default
    with _lock:
        if _default is None:
            _default = TextClassifier.train(read_labelled_texts(TRAINING_FILE))
        return _default
