"""Public photo derivatives, content-addressed: cacheable forever, ETag is the hash."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response

from meldpunt.api.deps import StateDep
from meldpunt.core.errors import NotFound

router = APIRouter(tags=["media"])

_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{2}/([0-9a-f]{64})\.(webp|jpg)$")
_MEDIA_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


def media_url(base: str, key: str | None) -> str | None:
    """The public URL of a derivative, or None when it is not made (yet)."""
    return f"{base}/media/{key}" if key else None


@router.get("/media/{key:path}", operation_id="get_media", response_class=Response)
def get_media(key: str, request: Request, state: StateDep) -> Response:
    """A public derivative (thumbnail); originals are never served here."""
    match = _KEY.match(key)
    if match is None or not state.media.public.exists(key):
        raise NotFound(f"no public photo {key!r}")
    etag = f'"{match.group(1)}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=31536000, immutable"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(
        state.media.public.get(key), media_type=_MEDIA_TYPES[match.group(2)], headers=headers
    )
