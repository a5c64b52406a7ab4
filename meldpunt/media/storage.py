"""Content-addressed blob storage: the key of a blob is derived from its sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

from meldpunt.core.files import write_atomically


class BlobStorage(Protocol):
    """Where photo bytes live; a local directory by default, object storage when scaled out."""

    def put(self, data: bytes, suffix: str) -> str:
        """Store bytes (idempotently) and return their key."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under a key; KeyError when absent."""
        ...

    def exists(self, key: str) -> bool:
        """True when the key holds bytes."""
        ...

    def delete(self, key: str) -> None:
        """Remove a blob; no error when it is already gone."""
        ...


def content_key(data: bytes, suffix: str) -> str:
    """`ab/cd/abcdef…<suffix>`: the sha256 of the bytes, fanned out over two directory levels."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest[2:4]}/{digest}{suffix}"


class LocalStorage:
    """Blobs as files under one root directory; writes are atomic (temp file + rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise KeyError(key)
        return path

    def put(self, data: bytes, suffix: str) -> str:
        """Store bytes under their content key; storing the same bytes twice is a no-op."""
        key = content_key(data, suffix)
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        return key

    def get(self, key: str) -> bytes:
        """The bytes stored under `key`."""
        path = self._path(key)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def exists(self, key: str) -> bool:
        """True when `key` is stored."""
        try:
            return self._path(key).is_file()
        except KeyError:
            return False

    def delete(self, key: str) -> None:
        """Remove a blob; no error when it is already gone."""
        try:
            self._path(key).unlink(missing_ok=True)
        except KeyError:
            return


class MediaStorage:
    """Two stores: private originals (staff only, kept for a retention period) and derivatives."""

    def __init__(self, private: BlobStorage, public: BlobStorage) -> None:
        self.private = private
        self.public = public

    @classmethod
    def local(cls, root: Path) -> MediaStorage:
        """Both stores as directories under `root` (the embedded default)."""
        return cls(LocalStorage(root / "private"), LocalStorage(root / "public"))
