"""Photo rows: storing an accepted upload, and making the derivatives a row still lacks."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from meldpunt.core.errors import MeldpuntError
from meldpunt.media.schemas import InspectedPhoto, PhotoLimits, PhotoUpload
from meldpunt.media.service import make_derivatives
from meldpunt.media.storage import MediaStorage
from meldpunt.models import Photo

logger = logging.getLogger(__name__)


def store_photo(
    media: MediaStorage,
    *,
    report_id: uuid.UUID,
    position: int,
    upload: PhotoUpload,
    info: InspectedPhoto,
    note_id: int | None = None,
) -> Photo:
    """Put the original in private storage and describe it in a (not yet added) Photo row."""
    return Photo(
        report_id=report_id,
        position=position,
        note_id=note_id,
        filename=(upload.filename or "")[:255] or None,
        content_type=info.content_type,
        original_key=media.private.put(upload.data, ""),
        sha256=info.sha256,
        size_bytes=info.size_bytes,
        width=info.width,
        height=info.height,
        taken_at=info.taken_at,
        gps_lat=info.gps[0] if info.gps else None,
        gps_lon=info.gps[1] if info.gps else None,
    )


def derive_missing(
    photos: Iterable[Photo], media: MediaStorage, limits: PhotoLimits, *, thumbnail_px: int
) -> int:
    """Display image, thumbnail and hash for every photo without them; returns how many made.

    A photo that cannot be decoded is logged and skipped: it must not stop its report.
    """
    made = 0
    for photo in photos:
        if photo.thumbnail_key is not None:
            continue
        try:
            original = media.private.get(photo.original_key)
            derived = make_derivatives(original, limits, thumbnail_px=thumbnail_px)
        except (KeyError, MeldpuntError, OSError, ValueError) as exc:
            logger.warning("no derivatives for photo %s: %s", photo.id, exc)
            continue
        photo.display_key = media.public.put(derived.display, ".jpg")
        photo.thumbnail_key = media.public.put(derived.thumbnail, ".webp")
        photo.phash = derived.phash
        made += 1
    return made
