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
            # Not propagating lets eager apply() run Celery's own retries, as a worker would.
            "task_eager_propagates": False,
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
_explicit_settings: list[Settings] = []


@celery_app.on_configure.connect
def _configure_from_settings(sender: Celery, **_: Any) -> None:
    # Read settings when Celery first needs its config, not at import time; settings given
    # to configure_celery() win over the environment.
    settings = _explicit_settings[-1] if _explicit_settings else get_settings()
    sender.conf.update(celery_config(settings))


def configure_celery(settings: Settings) -> None:
    """Reconfigure the app for explicit settings (API factory, tests)."""
    _explicit_settings[:] = [settings]
    celery_app.close()  # drop broker connections made for earlier settings
    celery_app.__dict__.pop("amqp", None)  # its queues were derived from the old settings
    celery_app.conf.update(celery_config(settings))
