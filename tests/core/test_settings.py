"""Settings: one class, prefix MELDPUNT_, and nobody else reads the environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import meldpunt
from meldpunt.core.settings import Settings


def test_environment_with_prefix_configures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MELDPUNT_BROKER_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("MELDPUNT_DATA_DIR", "/srv/meldpunt")
    monkeypatch.setenv("BROKER_URL", "ignored-without-prefix")
    settings = Settings()
    assert settings.broker_url == "redis://127.0.0.1:6379/3"
    assert not settings.tasks_in_process
    assert settings.effective_database_url == "sqlite:////srv/meldpunt/meldpunt.sqlite"
    assert settings.effective_media_dir == Path("/srv/meldpunt/media")


def test_defaults_are_the_embedded_service(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "MELDPUNT_DATABASE_URL",
        "MELDPUNT_BROKER_URL",
        "MELDPUNT_DATA_DIR",
        "MELDPUNT_MEDIA_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.tasks_in_process
    assert settings.effective_database_url == "sqlite:///var/meldpunt.sqlite"
    assert settings.spatialite_library_path == "mod_spatialite"


def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MELDPUNT_CLASSIFIER_THRESHOLD", "1.5")
    with pytest.raises(ValueError, match="classifier_threshold"):
        Settings()


def test_no_module_but_settings_reads_the_environment() -> None:
    package = Path(meldpunt.__file__).parent
    readers = re.compile(r"os\.environ|os\.getenv|getenv\(|environ\[")
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "settings.py" and readers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
