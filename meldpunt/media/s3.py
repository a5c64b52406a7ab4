"""Content-addressed blob storage in an S3-compatible object store (for several hosts)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from meldpunt.media.storage import content_key


class S3Storage:
    """Blobs as objects under `prefix` in one bucket; same keys as LocalStorage."""

    def __init__(self, client: Any, bucket: str, prefix: str) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.rstrip("/") + "/"

    def _object(self, key: str) -> str:
        if ".." in key.split("/"):
            raise KeyError(key)
        return self.prefix + key

    def put(self, data: bytes, suffix: str) -> str:
        """Store bytes under their content key; storing the same bytes twice is a no-op."""
        key = content_key(data, suffix)
        if not self.exists(key):
            self.client.put_object(Bucket=self.bucket, Key=self._object(key), Body=data)
        return key

    def get(self, key: str) -> bytes:
        """The bytes stored under `key`; KeyError when absent."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._object(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise KeyError(key) from None
            raise
        body: bytes = response["Body"].read()
        return body

    def exists(self, key: str) -> bool:
        """True when `key` is stored."""
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._object(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise
        except KeyError:
            return False
        return True

    def delete(self, key: str) -> None:
        """Remove a blob (no error when it is already gone)."""
        self.client.delete_object(Bucket=self.bucket, Key=self._object(key))
