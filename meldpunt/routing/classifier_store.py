"""Saved classifiers: skops files (no pickle) with JSON metadata, an active-model pointer and
the promotion rule.

Layout of the model directory:
    <version>.skops   the fitted features and model (sklearn objects, numbers, strings)
    <version>.json    metadata: version, training time, data sizes, metrics
    active.json       {"version": ...}: the model serving processes load
"""

from __future__ import annotations

import fcntl
import json
import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sklearn
import skops.io as sio

from meldpunt.core.files import write_atomically
from meldpunt.routing.classifier import FEATURES_VERSION, TextClassifier
from meldpunt.routing.errors import InvalidModelFile, PromotionRefused

logger = logging.getLogger(__name__)

# Types skops does not trust by default but that our files legitimately contain: sklearn's
# own calibration internals. Anything else in a file (a function, an unknown class) refuses
# the load: loading never runs code a file brings along.
TRUSTED_TYPES = [
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
]
ACTIVE_FILE = "active.json"


@dataclass(frozen=True, slots=True)
class ModelMetadata:
    """What is known about a saved model without loading it."""

    version: str
    trained_at: str
    kind: str
    training_rows: int
    correction_rows: int
    validation: dict[str, float]
    features_version: int = FEATURES_VERSION
    sklearn_version: str = sklearn.__version__

    @property
    def made_by_this_code(self) -> bool:
        """Whether this code's features are the ones the model was trained on."""
        return self.features_version == FEATURES_VERSION

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "version": self.version,
            "trained_at": self.trained_at,
            "kind": self.kind,
            "training_rows": self.training_rows,
            "correction_rows": self.correction_rows,
            "validation": self.validation,
            "features_version": self.features_version,
            "sklearn_version": self.sklearn_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelMetadata:
        """Read back `as_dict`."""
        return cls(
            version=str(data["version"]),
            trained_at=str(data["trained_at"]),
            kind=str(data["kind"]),
            training_rows=int(data["training_rows"]),
            correction_rows=int(data.get("correction_rows", 0)),
            validation={k: float(v) for k, v in dict(data["validation"]).items()},
            features_version=int(data.get("features_version", 0)),
            sklearn_version=str(data.get("sklearn_version", "")),
        )


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A classifier ready to answer, with its metadata."""

    classifier: TextClassifier
    metadata: ModelMetadata


@dataclass(frozen=True, slots=True)
class Promotion:
    """The outcome of the promotion rule for a new model."""

    promoted: bool
    reason: str


def new_version(now: datetime | None = None) -> str:
    """A sortable version name: UTC time to the microsecond."""
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")


class ModelStore:
    """The model directory: save, load safely, the active pointer, promotion."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def save(self, classifier: TextClassifier, metadata: ModelMetadata) -> Path:
        """Write `<version>.skops` and `<version>.json`; does not activate."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{metadata.version}.skops"
        write_atomically(path, sio.dumps(classifier.as_state(), compression=zipfile.ZIP_DEFLATED))
        write_atomically(
            self.directory / f"{metadata.version}.json",
            json.dumps(metadata.as_dict(), indent=2).encode(),
        )
        return path

    def metadata(self, version: str) -> ModelMetadata:
        """The metadata of a saved model."""
        path = self.directory / f"{version}.json"
        try:
            return ModelMetadata.from_dict(json.loads(path.read_text()))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidModelFile(f"{path.name}: unreadable metadata ({exc})") from None

    def load(self, version: str) -> LoadedModel:
        """Load a saved model; refuses files with types outside sklearn's and `TRUSTED_TYPES`
        and models whose metadata says they were made by other feature code."""
        metadata = self.metadata(version)
        if not metadata.made_by_this_code:
            raise InvalidModelFile(
                f"{version}: made by feature code {metadata.features_version}, this code "
                f"uses {FEATURES_VERSION}; train it again"
            )
        return LoadedModel(load_model_file(self.directory / f"{version}.skops"), metadata)

    def active_version(self) -> str | None:
        """The version serving processes use, or None before the first model."""
        try:
            return str(json.loads((self.directory / ACTIVE_FILE).read_text())["version"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidModelFile(f"{ACTIVE_FILE}: unreadable ({exc})") from None

    def activate(self, version: str) -> None:
        """Point serving processes at `version` (they pick it up when they next start)."""
        self.metadata(version)  # refuse a pointer to nothing
        write_atomically(self.directory / ACTIVE_FILE, json.dumps({"version": version}).encode())

    def promote(self, candidate: ModelMetadata, *, active_macro_f1: float | None) -> Promotion:
        """Activate `candidate` unless its validation macro-F1 is lower than the active
        model's on the same split (`active_macro_f1`, None when there is no active model)."""
        score = candidate.validation["macro_f1"]
        if active_macro_f1 is not None and score < active_macro_f1:
            raise PromotionRefused(
                f"not promoted: validation macro-F1 {score:.4f} is lower than the active "
                f"model's {active_macro_f1:.4f}",
                version=candidate.version,
                macro_f1=score,
                active_macro_f1=active_macro_f1,
            )
        self.activate(candidate.version)
        if active_macro_f1 is None:
            return Promotion(True, f"promoted: first model (validation macro-F1 {score:.4f})")
        return Promotion(
            True,
            f"promoted: validation macro-F1 {score:.4f} ≥ active model's {active_macro_f1:.4f}",
        )

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One process at a time trains the first model (API and workers may start together)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with (self.directory / ".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def load_model_file(path: Path) -> TextClassifier:
    """Read a skops file without trusting anything beyond sklearn, numpy, scipy and
    `TRUSTED_TYPES`; InvalidModelFile when it is missing, damaged or holds other types."""
    try:
        data = path.read_bytes()
        untrusted = set(sio.get_untrusted_types(data=data)) - set(TRUSTED_TYPES)
        if untrusted:
            raise InvalidModelFile(
                f"{path.name}: refused, it contains untrusted types {sorted(untrusted)}"
            )
        state = sio.loads(data, trusted=TRUSTED_TYPES)
        if not isinstance(state, dict):
            raise InvalidModelFile(f"{path.name}: not a Meldpunt classifier")
        return TextClassifier.from_state(state)
    except InvalidModelFile:
        raise
    except FileNotFoundError:
        raise InvalidModelFile(f"{path.name}: no such model file") from None
    except Exception as exc:  # a damaged zip, bad JSON, wrong shapes: all one answer
        raise InvalidModelFile(f"{path.name}: cannot be loaded ({exc})") from None
