"""Content-addressed local storage."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from meldpunt.media.storage import LocalStorage


def test_same_bytes_same_key_and_round_trip(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    key = storage.put(b"photo bytes", ".webp")
    digest = hashlib.sha256(b"photo bytes").hexdigest()
    assert key == f"{digest[:2]}/{digest[2:4]}/{digest}.webp"
    assert storage.put(b"photo bytes", ".webp") == key
    assert storage.get(key) == b"photo bytes"
    assert storage.exists(key)
    assert not list(tmp_path.rglob(".tmp-*"))  # no temp files left behind


def test_missing_and_escaping_keys(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "store")
    (tmp_path / "secret").write_text("private")
    with pytest.raises(KeyError):
        storage.get("00/00/absent")
    with pytest.raises(KeyError):
        storage.get("../secret")
    assert not storage.exists("../secret")
