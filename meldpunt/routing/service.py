"""Routing service: keeps the process's geofence index current and answers routing questions;
keeps the process's classifier and trains new ones."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import CATEGORIES, FALLBACK_CATEGORY, CategoryDefinition
from meldpunt.routing import repository
from meldpunt.routing.classifier import (
    DEFAULT_KIND,
    TRAINING_FILE,
    VALIDATION_FILE,
    CategoryGuess,
    LabelledText,
    TextClassifier,
    read_labelled_texts,
)
from meldpunt.routing.classifier_store import LoadedModel, ModelMetadata, ModelStore, new_version
from meldpunt.routing.classifier_training import Progress, evaluate, train
from meldpunt.routing.decision import locate_municipality, resolve_department
from meldpunt.routing.errors import (
    InvalidModelFile,
    NothingToClassify,
    PromotionRefused,
    UnknownCategory,
)
from meldpunt.routing.index import GeofenceIndex
from meldpunt.routing.schemas import RoutingDecision

logger = logging.getLogger(__name__)

_CATEGORIES_BY_CODE = {c.code: c for c in CATEGORIES}


def category_definition(code: str | None) -> CategoryDefinition:
    """The taxonomy entry for a code (None means "something else"), or UnknownCategory."""
    code = code or FALLBACK_CATEGORY
    try:
        return _CATEGORIES_BY_CODE[code]
    except KeyError:
        raise UnknownCategory(
            f"unknown category {code!r}; see GET /api/v1/categories for the codes", category=code
        ) from None


def build_index(session: Session, *, tolerance_m: float = 10.0) -> GeofenceIndex:
    """Build a fresh index from the published routing data in the database."""
    started = time.perf_counter()
    revision = repository.current_revision(session)
    index = GeofenceIndex(
        repository.load_municipalities(session),
        repository.load_published_zones(session),
        revision,
        tolerance_m=tolerance_m,
    )
    logger.info(
        "geofence index r%s built: %d municipalities, %d zones in %.0f ms",
        revision,
        len(index.municipalities),
        len(index.zones),
        (time.perf_counter() - started) * 1000,
    )
    return index


class RoutingService:
    """One per process: rebuilds its index only when the database's routing revision moved."""

    def __init__(self, *, tolerance_m: float = 10.0) -> None:
        self.tolerance_m = tolerance_m
        self._index: GeofenceIndex | None = None
        self._lock = threading.Lock()

    def index(self, session: Session) -> GeofenceIndex:
        """The index for the current revision, rebuilt once when the revision changed."""
        revision = repository.current_revision(session)
        index = self._index
        if index is not None and index.revision == revision:
            return index
        with self._lock:
            if self._index is None or self._index.revision != revision:
                self._index = build_index(session, tolerance_m=self.tolerance_m)
            return self._index

    def check_coverage(self, session: Session, *, lon: float, lat: float) -> None:
        """Raise OutsideCoverage (or CoordinatesLookSwapped) unless a municipality covers it."""
        locate_municipality(self.index(session), lon, lat)

    def resolve(
        self, session: Session, *, lon: float, lat: float, category_code: str | None
    ) -> RoutingDecision:
        """The routing decision for a point and category (None: route as "something else")."""
        category = category_definition(category_code)
        return resolve_department(self.index(session), lon, lat, category)


def validation_macro_f1(classifier: TextClassifier, validation: list[LabelledText]) -> float:
    """Macro-F1 on the validation split at the precision a model's metadata stores it, so a
    model scored again compares equal to its own record (and a retrained equal one is
    promoted, not refused for a difference in the fifth decimal)."""
    return evaluate(classifier, validation).summary()["macro_f1"]


@dataclass(frozen=True, slots=True)
class TrainingOutcome:
    """A training run: the saved model's metadata and whether it became the active one."""

    metadata: ModelMetadata
    promoted: bool
    reason: str


def train_and_save(
    store: ModelStore,
    *,
    corrections: list[LabelledText] | None = None,
    kind: str = DEFAULT_KIND,
    progress: Progress = lambda _: None,
) -> TrainingOutcome:
    """Train on the shipped corpus (+ staff corrections), score on the fixed validation
    split, save, and promote only if that score is not lower than the active model's."""
    corpus = read_labelled_texts(TRAINING_FILE)
    validation = read_labelled_texts(VALIDATION_FILE)
    corrections = corrections or []
    progress(f"read {len(corpus)} corpus rows and {len(corrections)} corrections")
    classifier = train(corpus + corrections, kind=kind, progress=progress)
    progress(f"scoring on the validation split ({len(validation)} rows)")
    scores = evaluate(classifier, validation).summary()
    metadata = ModelMetadata(
        version=new_version(),
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        kind=kind,
        training_rows=len(corpus) + len(corrections),
        correction_rows=len(corrections),
        validation=scores,
    )
    store.save(classifier, metadata)
    progress(f"saved model {metadata.version}")
    active = store.active_version()
    active_f1 = None
    if active is not None:
        try:  # the active model scored again on today's split: a fair comparison
            active_f1 = validation_macro_f1(store.load(active).classifier, validation)
        except InvalidModelFile as exc:
            logger.warning("active classifier %s cannot be loaded (%s); replacing it", active, exc)
    try:
        promotion = store.promote(metadata, active_macro_f1=active_f1)
    except PromotionRefused as exc:
        return TrainingOutcome(metadata, False, exc.detail)
    return TrainingOutcome(metadata, promotion.promoted, promotion.reason)


@dataclass(frozen=True, slots=True)
class Classification:
    """The most probable categories for a description, and which model said so."""

    guesses: list[CategoryGuess]
    model_version: str


class ClassifierService:
    """One per model directory and process: loads the active model once (training and
    activating a first model from the shipped corpus when there is none yet)."""

    def __init__(self, model_dir: Path) -> None:
        self.store = ModelStore(model_dir)
        self._loaded: LoadedModel | None = None
        self._lock = threading.Lock()

    def model(self) -> LoadedModel:
        """The active model, loaded on first use."""
        loaded = self._loaded
        if loaded is not None:
            return loaded
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load_or_bootstrap()
            return self._loaded

    def _load_or_bootstrap(self) -> LoadedModel:
        with self.store.lock():
            version = self.store.active_version()
            if version is not None and not self.store.metadata(version).made_by_this_code:
                # Code with new features cannot use the old model: train one for it instead
                # of failing every classification until someone runs `classifier train`.
                logger.warning("classifier %s was made by older feature code", version)
                version = None
            if version is None:
                started = time.perf_counter()
                logger.info("no usable classifier in %s: training one", self.store.directory)
                version = train_and_save(self.store).metadata.version
                logger.info(
                    "classifier %s trained in %.1f s", version, time.perf_counter() - started
                )
            loaded = self.store.load(version)
        logger.info("classifier %s loaded", version)
        return loaded

    def classify(self, description: str, k: int = 3) -> Classification:
        """Top-k categories; NothingToClassify for a text without letters or digits."""
        loaded = self.model()
        return Classification(loaded.classifier.top(description, k), loaded.metadata.version)

    def guesses(self, description: str) -> list[CategoryGuess]:
        """Top 3 for the pipeline; none when there is nothing to classify (then the
        resident's choice or "something else" decides)."""
        try:
            return self.classify(description).guesses
        except NothingToClassify:
            return []


_services: dict[Path, ClassifierService] = {}
_services_lock = threading.Lock()


def classifier_service(model_dir: Path) -> ClassifierService:
    """The process's service for a model directory: the API and in-process tasks share it."""
    key = model_dir.resolve()
    with _services_lock:
        if key not in _services:
            _services[key] = ClassifierService(key)
        return _services[key]
