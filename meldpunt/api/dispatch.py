"""Sending pipeline work: after commit, to the broker or to an in-process thread."""

from __future__ import annotations

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from celery import Task

from meldpunt.core.settings import Settings
from meldpunt.pipeline.tasks import (
    derive_note_photos_task,
    process_report_task,
    purge_expired_originals_task,
    sweep_stuck_reports_task,
)
from meldpunt.routing.service import classifier_service

logger = logging.getLogger(__name__)


class TaskDispatcher:
    """Sends tasks; without a broker they run eagerly on a small thread pool of this process."""

    def __init__(self, settings: Settings) -> None:
        self.in_process = settings.tasks_in_process
        self.queue = settings.task_queue
        self._classifier = classifier_service(settings.effective_classifier_dir)
        self._sweep_interval_s = max(5.0, settings.stuck_after_s / 5)
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="meldpunt-task")
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None

    def send_process_report(self, report_id: uuid.UUID) -> None:
        """Queue processing of a committed report; a failure to send is left to the sweeper."""
        self._send(process_report_task, str(report_id))

    def send_derive_note_photos(self, note_id: int) -> None:
        """Queue the derivatives of a committed note's photos; the sweeper covers failures."""
        self._send(derive_note_photos_task, note_id)

    def _send(self, task: Task[Any, Any], argument: str | int) -> None:
        try:
            if self.in_process:
                self._executor.submit(self._run_in_process, task, argument)
            else:
                task.apply_async(args=(argument,), queue=self.queue, retry=False)
        except Exception:
            logger.exception("could not send %s(%s); the sweeper will", task.name, argument)

    @staticmethod
    def _run_in_process(task: Task[Any, Any], argument: str | int) -> None:
        result = task.apply(args=(argument,))
        if result.failed():
            logger.error("in-process %s(%s) failed: %r", task.name, argument, result.result)

    def warm_up(self) -> None:
        """Load the classifier (train the first one) before the first request needs it."""
        self._executor.submit(self._classifier.model)

    def start_sweeper(self) -> None:
        """In-process mode: periodically re-send reports left unprocessed (e.g. by a restart)."""
        if not self.in_process or self._sweeper is not None:
            return
        self._sweeper = threading.Thread(
            target=self._sweep_loop, name="meldpunt-sweeper", daemon=True
        )
        self._sweeper.start()

    def _sweep_loop(self) -> None:
        while not self._stop.is_set():
            for task in (sweep_stuck_reports_task, purge_expired_originals_task):
                result = task.apply()
                if result.failed():
                    logger.error("%s failed: %r", task.name, result.result)
            self._stop.wait(self._sweep_interval_s)

    def close(self) -> None:
        """Stop the sweeper and finish the tasks already started."""
        self._stop.set()
        self._executor.shutdown(wait=True)
