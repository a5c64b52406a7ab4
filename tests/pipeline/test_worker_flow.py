"""End to end on the production stack: PostGIS + a real Celery worker process on Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from tests.conftest import make_settings, unavailable
from tests.http_helpers import IN_PARK, post_report, wait_until_processed

REDIS_URL = os.environ.get("MELDPUNT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def broker_settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings sending tasks to Redis, on a queue of this test alone."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {REDIS_URL}: {exc}")
    return make_settings(
        tmp_path,
        database_url,
        broker_url=REDIS_URL,
        task_queue=f"meldpunt-test-{uuid.uuid4().hex[:8]}",
    )


def start_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    """A real `celery worker` process with the same settings, given through the environment."""
    env = {
        **os.environ,
        "MELDPUNT_DATABASE_URL": settings.database_url,
        "MELDPUNT_BROKER_URL": settings.broker_url,
        "MELDPUNT_TASK_QUEUE": settings.task_queue,
        "MELDPUNT_DATA_DIR": str(settings.data_dir),
        "MELDPUNT_MEDIA_DIR": str(settings.effective_media_dir),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "meldpunt.pipeline.celery_app:celery_app",
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "INFO",
        "-Q",
        settings.task_queue,
        "--hostname",
        f"{settings.task_queue}@%h",
        "--without-gossip",
        "--without-mingle",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture
def worker(broker_settings: Settings, tmp_path: Path) -> Iterator[None]:
    log = tmp_path / "worker.log"
    process = start_worker(broker_settings, log)
    yield
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    print(log.read_text(errors="replace")[-3000:])  # shown by pytest when the test failed


@pytest.mark.broker
@pytest.mark.parametrize(
    "backend", [pytest.param("postgis", marks=pytest.mark.postgis)], indirect=True
)
def test_report_is_processed_by_a_celery_worker_on_redis(
    broker_settings: Settings, demo: None, request: pytest.FixtureRequest
) -> None:
    with TestClient(create_app(broker_settings)) as client:
        accepted = post_report(
            client, "Grote kuil in het fietspad, fiets bijna onderuit", **IN_PARK
        )
        assert accepted.status_code == 202, accepted.text
        report_id = accepted.json()["id"]
        time.sleep(1.0)
        # Nothing runs in this process: without a worker the report stays queued.
        assert client.get(f"/api/v1/reports/{report_id}").json()["status"] == "received"
        request.getfixturevalue("worker")
        report = wait_until_processed(client, report_id, timeout=90)
    assert report["status"] == "routed"
    assert report["category"]["code"] == "wegen.wegdek"
    assert report["authority"]["code"] == "GM9901"
    assert report["department"]["code"] == "GM9901.wegen"
    assert report["photos"][0]["thumbnail_url"].endswith(".webp")
