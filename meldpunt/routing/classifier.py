"""Text classifier: a resident's own words → a taxonomy category with a calibrated probability.

Features: word uni- and bigrams and character 2–5-grams inside word boundaries (they find
the parts of Dutch compounds: "lantaarnpaal", "straatverlichting", and survive typos) over
accent- and case-folded text, plus one column per thesaurus concept the text mentions
(`classifier_lexicon.py`: "furniture", "play equipment", "vehicle" in Dutch and English), plus
the text's vector from a multilingual sentence encoder (`classifier_sentences.py`).
Model: a linear classifier calibrated with `CalibratedClassifierCV`, so the probabilities
can be compared with a threshold.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from meldpunt.core.taxonomy import CATEGORY_CODES, FALLBACK_CATEGORY
from meldpunt.routing.classifier_lexicon import LEXICON_CONCEPTS, concept_hits
from meldpunt.routing.classifier_sentences import (
    ENCODER,
    MAX_CHARS,
    fit_sentence_reducer,
    sentence_vectors,
)
from meldpunt.routing.errors import InvalidTrainingFile, NothingToClassify

CORPUS_DIR = Path(__file__).parent / "corpus"
TRAINING_FILE = CORPUS_DIR / "train.csv"
VALIDATION_FILE = CORPUS_DIR / "validation.csv"
# Bumped whenever folding, the thesaurus or the pinned sentence encoder release changes
# meaning: a saved model is only valid with the feature code it was trained with (and a model
# of this version then gets retrained on first use instead of loaded).
FEATURES_VERSION = 3
DEFAULT_KIND = "svm"
# Candidates compared by cross-validation (`meldpunt classifier compare`), each with the
# weight of its thesaurus columns against the TF-IDF part (0: no thesaurus)...
LEXICON_WEIGHTS: dict[str, float] = {
    "svm": 0.2,
    "svm-sentences": 0.2,
    "svm-strong-lexicon": 0.5,
    "svm-no-lexicon": 0.0,
    "logreg": 0.2,
    "complement-nb": 0.2,
}
# ...and of its sentence-vector columns (0: none; naive Bayes cannot take negative features).
# `svm-sentences` scores best but is not the default: the encoder's 2-4 ms per text puts p99
# at the 5 ms budget (README, Classifier).
SENTENCE_WEIGHTS: dict[str, float] = {"svm-sentences": 0.5}
MODEL_KINDS = tuple(LEXICON_WEIGHTS)

_REPEATS = re.compile(r"(.)\1{2,}")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    """One candidate category and the model's probability for it."""

    category: str
    probability: float


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A training or evaluation example."""

    text: str
    category: str


def fold(text: str) -> str:
    """Lower case, accents off, runs of 3+ equal letters cut to 2, only letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text[:MAX_CHARS].lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("'", "").replace("’", "")  # m'n, it's: one word, as typed
    return _NOT_WORD.sub(" ", _REPEATS.sub(r"\1\1", plain)).strip()


def read_labelled_texts(path: Path) -> list[LabelledText]:
    """Rows of a CSV with `text` and `category` columns; refuses codes outside the taxonomy."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"text", "category"} - set(reader.fieldnames or ())
            if missing:
                raise InvalidTrainingFile(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            rows = [LabelledText(r["text"] or "", (r["category"] or "").strip()) for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidTrainingFile(f"{path}: cannot read it as a UTF-8 CSV ({exc})") from None
    unknown = {r.category for r in rows} - CATEGORY_CODES
    if unknown:
        raise InvalidTrainingFile(f"{path}: categories outside the taxonomy: {sorted(unknown)}")
    if not rows:
        raise InvalidTrainingFile(f"{path}: no rows")
    return rows


def build_features() -> FeatureUnion:
    """Word 1–2-grams and in-word character 2–5-grams, both sublinear TF-IDF."""
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            ),
        ]
    )


def build_model(kind: str = DEFAULT_KIND) -> Any:
    """A linear model calibrated by 5-fold cross-validation (sigmoid per class)."""
    if kind.startswith("svm"):
        # A fixed seed: the dual solver shuffles, and the same corpus should give the same model.
        base: Any = LinearSVC(C=0.5, random_state=0)
    elif kind == "logreg":
        base = LogisticRegression(C=20, max_iter=3000)
    elif kind == "complement-nb":
        base = ComplementNB(alpha=0.3)
    else:
        raise ValueError(f"unknown model kind {kind!r}; choose from {MODEL_KINDS}")
    return CalibratedClassifierCV(base, method="sigmoid", cv=5, ensemble=False)


class TextClassifier:
    """Fitted features and model; answers the most probable categories for a description."""

    def __init__(
        self,
        features: FeatureUnion,
        model: Any,
        lexicon_weight: float,
        sentences: PCA | None,
        sentence_weight: float,
    ) -> None:
        self.features = features
        self.model = model
        self.lexicon_weight = lexicon_weight
        self.sentences, self.sentence_weight = sentences, sentence_weight
        self.classes: list[str] = [str(c) for c in model.classes_]
        unknown = set(self.classes) - CATEGORY_CODES
        if unknown:
            raise ValueError(f"the model knows categories outside the taxonomy: {unknown}")
        self._fast = _FastPath.of(self)

    @classmethod
    def fit(cls, examples: list[LabelledText], *, kind: str = DEFAULT_KIND) -> TextClassifier:
        """Fit features and a calibrated model on labelled examples."""
        model = build_model(kind)  # refuses an unknown kind first
        lexicon_weight, sentence_weight = LEXICON_WEIGHTS[kind], SENTENCE_WEIGHTS.get(kind, 0.0)
        texts = [e.text for e in examples]
        folded = [fold(t) for t in texts]
        features = build_features()
        matrix = with_concepts(features.fit_transform(folded), folded, lexicon_weight)
        sentences = None
        if sentence_weight:
            vectors = sentence_vectors(texts)
            sentences = fit_sentence_reducer(vectors)
            matrix = _with_columns(matrix, sentences.transform(vectors) * sentence_weight)
        # The calibration's five folds are independent fits and liblinear releases the GIL:
        # two threads fit two folds at once (a quarter off the training time on 2 cores).
        with joblib.parallel_config(backend="threading", n_jobs=2):
            model.fit(matrix, [e.category for e in examples])
        return cls(features, model, lexicon_weight, sentences, sentence_weight)

    def matrix(self, texts: list[str]) -> sparse.csr_matrix:
        """The model's input rows for texts with words (batches; one description at a time
        takes `_FastPath`)."""
        folded = [fold(t) for t in texts]
        matrix = with_concepts(self.features.transform(folded), folded, self.lexicon_weight)
        if self.sentences is None:
            return matrix
        reduced = self.sentences.transform(sentence_vectors(texts))
        return _with_columns(matrix, reduced * self.sentence_weight)

    def probabilities(self, texts: list[str]) -> npt.NDArray[np.float64]:
        """Class probabilities (columns in `classes` order); a text without words gets
        certainty for "something else"."""
        folded = [fold(t) for t in texts]
        result = np.zeros((len(texts), len(self.classes)))
        wordy = [i for i, f in enumerate(folded) if f]
        if wordy:
            result[wordy] = self.model.predict_proba(self.matrix([texts[i] for i in wordy]))
        empty = [i for i, f in enumerate(folded) if not f]
        if empty:
            result[np.ix_(empty, [self.classes.index(FALLBACK_CATEGORY)])] = 1.0
        return result

    def predict(self, texts: list[str]) -> list[str]:
        """The most probable category of each text."""
        probabilities = self.probabilities(texts)
        return [self.classes[i] for i in probabilities.argmax(axis=1).tolist()]

    def top(self, text: str, k: int = 3) -> list[CategoryGuess]:
        """The k most probable categories, most probable first; NothingToClassify when the
        text has no letters or digits (empty, blanks, only emoji)."""
        folded = fold(text)
        if not folded:
            raise NothingToClassify(
                "the description has no words to classify", description_chars=len(text)
            )
        if self._fast is not None:
            vector = sentence_vectors([text])[0] if self.sentences is not None else None
            row = self._fast.probabilities(folded, vector)
        else:
            row = self.model.predict_proba(self.matrix([text]))[0]
        best = np.argsort(-row, kind="stable")[:k]
        return [CategoryGuess(self.classes[i], float(row[i])) for i in best.tolist()]

    def as_state(self) -> dict[str, Any]:
        """What is saved (plain sklearn objects, numbers and strings only: no own classes)."""
        return {
            "features": self.features,
            "model": self.model,
            "lexicon_weight": self.lexicon_weight,
            "lexicon_concepts": list(LEXICON_CONCEPTS),
            "sentences": self.sentences,
            "sentence_weight": self.sentence_weight,
            "sentence_encoder": ENCODER,
            "features_version": FEATURES_VERSION,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> TextClassifier:
        """Rebuild from `as_state`; refuses state made with other feature code."""
        if (
            state.get("features_version") != FEATURES_VERSION
            or list(state.get("lexicon_concepts", [])) != list(LEXICON_CONCEPTS)
            or state.get("sentence_encoder") != ENCODER
        ):
            raise ValueError("the model was trained with other feature code; train it again")
        return cls(
            state["features"],
            state["model"],
            float(state["lexicon_weight"]),
            state["sentences"],
            float(state["sentence_weight"]),
        )


def with_concepts(matrix: Any, folded: list[str], weight: float) -> sparse.csr_matrix:
    """The TF-IDF rows with one weighted column per thesaurus concept appended."""
    hits = np.array([concept_hits(f) for f in folded], dtype=np.float64)
    return _with_columns(matrix, hits * weight)


def _with_columns(matrix: Any, columns: npt.NDArray[np.float64]) -> sparse.csr_matrix:
    return sparse.hstack([matrix, sparse.csr_matrix(columns)], format="csr")


class _FastPath:
    """One description's probabilities without sparse matrices: TF-IDF from the fitted
    vocabularies and idf weights, the linear model as one small dot product, the sigmoid
    calibration and normalisation as numpy operations. sklearn's `transform` and
    `predict_proba` spend ~1 ms per call each on validation and sparse bookkeeping around
    a few dozen multiplications. Same numbers (a test compares them); used only for the
    shapes it knows: sublinear, l2-normalised TF-IDF parts and a sigmoid-calibrated linear
    model fitted once (`ensemble=False`)."""

    def __init__(
        self,
        parts: list[tuple[Any, dict[str, int], npt.NDArray[np.float64], int]],
        classifier: TextClassifier,
        estimator: Any,
        calibrators: list[Any],
    ) -> None:
        self.parts, self.lexicon_weight = parts, classifier.lexicon_weight
        self.concepts_at = sum(len(vocabulary) for _, vocabulary, _, _ in parts)
        coef = np.ascontiguousarray(estimator.coef_.T)  # one row per feature
        self.coef = coef
        self.intercept = np.array(estimator.intercept_, dtype=np.float64)
        self.sentence_coef: npt.NDArray[np.float64] | None = None
        if classifier.sentences is not None:
            # The reduction is linear, (v - mean) @ components.T, so it folds into the
            # coefficients: one (512 × classes) product per text instead of two.
            at = self.concepts_at + len(LEXICON_CONCEPTS)
            rows = coef[at : at + classifier.sentences.n_components_]
            self.sentence_coef = classifier.sentence_weight * (
                classifier.sentences.components_.T @ rows
            )
            self.intercept -= classifier.sentences.mean_ @ self.sentence_coef
        self.slope = np.array([c.a_ for c in calibrators])
        self.offset = np.array([c.b_ for c in calibrators])
        classes = classifier.classes
        self.order = np.array([classes.index(str(c)) for c in estimator.classes_])

    @classmethod
    def of(cls, classifier: TextClassifier) -> _FastPath | None:
        """The fast form of the classifier's fitted objects, or None when their shape is
        another."""
        calibrated = getattr(classifier.model, "calibrated_classifiers_", [])
        if len(calibrated) != 1 or len(classifier.classes) < 3:
            return None
        estimator, calibrators = calibrated[0].estimator, calibrated[0].calibrators
        if not hasattr(estimator, "coef_") or not all(hasattr(c, "a_") for c in calibrators):
            return None
        parts, at = [], 0
        for _, vectorizer in classifier.features.transformer_list:
            if not (
                isinstance(vectorizer, TfidfVectorizer)
                and vectorizer.sublinear_tf
                and vectorizer.use_idf
                and vectorizer.norm == "l2"
                and not vectorizer.binary
            ):
                return None
            vocabulary = vectorizer.vocabulary_
            parts.append((vectorizer.build_analyzer(), vocabulary, vectorizer.idf_, at))
            at += len(vocabulary)
        return cls(parts, classifier, estimator, calibrators)

    def probabilities(
        self, folded: str, vector: npt.NDArray[np.float64] | None
    ) -> npt.NDArray[np.float64]:
        """Class probabilities of one folded text (with its sentence vector when the model
        uses them), as `CalibratedClassifierCV.predict_proba` gives them."""
        decision = self.intercept.copy()
        for analyze, vocabulary, idf, at in self.parts:
            counts = Counter(
                i for token in analyze(folded) if (i := vocabulary.get(token)) is not None
            )
            if not counts:
                continue
            columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            weights = 1.0 + np.log(
                np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            )
            weights *= idf[columns]
            weights /= np.sqrt(weights @ weights)
            decision += weights @ self.coef[at + columns]
        hits = np.flatnonzero(concept_hits(folded))
        if hits.size and self.lexicon_weight:
            decision += self.lexicon_weight * self.coef[self.concepts_at + hits].sum(axis=0)
        if vector is not None and self.sentence_coef is not None:
            decision += vector @ self.sentence_coef
        calibrated = np.zeros(len(self.order))
        calibrated[self.order] = 1.0 / (1.0 + np.exp(self.slope * decision + self.offset))
        total = calibrated.sum()
        if total == 0:
            return np.full(len(self.order), 1.0 / len(self.order))
        result: npt.NDArray[np.float64] = calibrated / total
        return result
