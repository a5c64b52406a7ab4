"""The S3 backend against a real S3-compatible HTTP server (moto's server, started here)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from meldpunt.media.s3 import S3Storage
from tests.conftest import make_settings, unavailable
from tests.http_helpers import IN_PARK, post_report, wait_until_processed

BUCKET = "meldpunt-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if server is None:
        unavailable("moto_server (pip install 'moto[server]')")
    port = free_port()
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                unavailable("moto_server did not start")
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


def client_for(endpoint: str) -> Any:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
    return client


def test_blobs_round_trip_by_content_key(s3_endpoint: str) -> None:
    storage = S3Storage(client_for(s3_endpoint), BUCKET, "private")
    key = storage.put(b"photo bytes", ".jpg")
    assert storage.put(b"photo bytes", ".jpg") == key
    assert storage.get(key) == b"photo bytes"
    assert storage.exists(key)
    other_prefix = S3Storage(client_for(s3_endpoint), BUCKET, "public")
    assert not other_prefix.exists(key)  # private and public never mix
    storage.delete(key)
    assert not storage.exists(key)
    with pytest.raises(KeyError):
        storage.get(key)


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_report_photos_live_in_s3(
    s3_endpoint: str, tmp_path: Path, database_url: str, demo: None
) -> None:
    client_for(s3_endpoint)
    settings: Settings = make_settings(
        tmp_path,
        database_url,
        media_backend="s3",
        s3_endpoint_url=s3_endpoint,
        s3_bucket=BUCKET,
        s3_access_key="test",
        s3_secret_key="test",
    )
    with TestClient(create_app(settings)) as client:
        accepted = post_report(client, "Lantaarnpaal kapot", **IN_PARK)
        assert accepted.status_code == 202, accepted.text
        report = wait_until_processed(client, accepted.json()["id"])
        thumbnail = client.get(report["photos"][0]["thumbnail_url"])
    assert thumbnail.status_code == 200
    assert thumbnail.headers["content-type"] == "image/webp"
    assert not (tmp_path / "media").exists()  # nothing went to the local disk
    listed = client_for(s3_endpoint).list_objects_v2(Bucket=BUCKET)["Contents"]
    prefixes = {obj["Key"].split("/")[0] for obj in listed}
    assert prefixes == {"private", "public"}
