"""What a task needs in this process: database, routing index, classifier, photo storage."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import boto3

from meldpunt.core.settings import Settings, get_settings
from meldpunt.media.s3 import S3Storage
from meldpunt.media.schemas import PhotoLimits
from meldpunt.media.storage import MediaStorage
from meldpunt.models.database import Database
from meldpunt.reports.processing import ProcessingContext
from meldpunt.routing.service import RoutingService, classifier_service
from meldpunt.tickets.schemas import TicketRules


def media_storage(settings: Settings) -> MediaStorage:
    """Photo storage for the settings: a local directory, or an S3-compatible bucket."""
    if settings.media_backend == "s3":
        client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url or None,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key or None,
            aws_secret_access_key=settings.s3_secret_key or None,
        )
        return MediaStorage(
            S3Storage(client, settings.s3_bucket, "private"),
            S3Storage(client, settings.s3_bucket, "public"),
        )
    return MediaStorage.local(settings.effective_media_dir)


@dataclass
class WorkerContext:
    """Built once per process; the API shares its own with in-process tasks."""

    settings: Settings
    database: Database
    processing: ProcessingContext

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        database: Database | None = None,
        routing: RoutingService | None = None,
    ) -> WorkerContext:
        """Everything a task needs, for these settings."""
        limits = PhotoLimits(
            max_bytes=settings.max_photo_bytes,
            max_pixels=settings.max_photo_pixels,
            max_photos=settings.max_photos_per_report,
        )
        return cls(
            settings=settings,
            database=database or Database(settings),
            processing=ProcessingContext(
                routing=routing or RoutingService(tolerance_m=settings.border_tolerance_m),
                classify=classifier_service(settings.effective_classifier_dir).guesses,
                media=media_storage(settings),
                limits=limits,
                thumbnail_px=settings.thumbnail_px,
                confidence_threshold=settings.classifier_threshold,
                tickets=TicketRules.from_settings(settings),
            ),
        )


_lock = threading.Lock()
_context: WorkerContext | None = None


def use_worker_context(context: WorkerContext) -> None:
    """Make tasks in this process use `context` (the API does this for in-process tasks)."""
    global _context
    with _lock:
        _context = context


def clear_worker_context() -> None:
    """Forget the process's context (tests switch databases between runs)."""
    global _context
    with _lock:
        _context = None


def worker_context() -> WorkerContext:
    """The process's context, built from the environment's settings on first use."""
    global _context
    with _lock:
        if _context is None:
            _context = WorkerContext.from_settings(get_settings())
        return _context
