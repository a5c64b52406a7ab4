"""The Celery app: in-process (eager) without a broker, Redis/RabbitMQ workers with one."""

from __future__ import annotations

from typing import Any

from celery import Celery

from meldpunt.core.settings import Settings, get_settings


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery settings for Meldpunt's settings."""
    common: dict[str, Any] = {
        "task_default_queue": settings.task_queue,
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_backend": None,
        "task_ignore_result": True,
        "broker_connection_retry_on_startup": True,
    }
    if settings.tasks_in_process:
        return {
            **common,
            "broker_url": "memory://",
            "task_always_eager": True,
            "task_eager_propagates": True,
        }
    return {
        **common,
        "broker_url": settings.broker_url,
        "task_always_eager": False,
        # A task is acknowledged only when done: a worker that dies mid-task gives it back.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "worker_hijack_root_logger": False,
    }


celery_app = Celery("meldpunt", include=["meldpunt.pipeline.tasks"])


@celery_app.on_configure.connect
def _configure_from_settings(sender: Celery, **_: Any) -> None:
    # Read settings when Celery first needs its config, not at import time.
    sender.conf.update(celery_config(get_settings()))


def configure_celery(settings: Settings) -> None:
    """Reconfigure the app for explicit settings (API factory, tests)."""
    celery_app.conf.update(celery_config(settings))
