"""Classifier fixtures: the run's model, trained once from the shipped corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from meldpunt.routing.classifier_store import LoadedModel
from meldpunt.routing.service import classifier_service


@pytest.fixture(scope="session")
def trained(shared_classifier_dir: Path) -> LoadedModel:
    """The active model of the run's classifier directory (trained on first use)."""
    return classifier_service(shared_classifier_dir).model()
