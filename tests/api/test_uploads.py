"""The upload parser stops reading as soon as a photo passes the byte limit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.requests import Request

from meldpunt.api.uploads import ReportFields, read_form
from meldpunt.media.errors import PhotoTooLarge
from meldpunt.media.schemas import PhotoLimits

LIMITS = PhotoLimits(max_bytes=1 << 20, max_pixels=64_000_000, max_photos=5)
BOUNDARY = "meldpunttestboundary"
CHUNK = 64 * 1024


def multipart_chunks(photo_bytes: int) -> list[bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="description"\r\n\r\n'
        f'gat in de weg\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; '
        f'filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    ).encode()
    body = b"\xff" * photo_bytes
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    data = head + body + tail
    return [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]


def request_from(chunks: list[bytes], consumed: list[int]) -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/reports",
        "headers": [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())],
    }
    queue = list(chunks)

    async def receive() -> dict[str, Any]:
        chunk = queue.pop(0)
        consumed.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    return Request(scope, receive)


def test_oversized_photo_is_refused_before_the_upload_is_read() -> None:
    chunks = multipart_chunks(50 * 1024 * 1024)  # 50 MB
    consumed: list[int] = []
    with pytest.raises(PhotoTooLarge, match=r"'huge\.jpg' is larger than the limit of 1,048,576"):
        asyncio.run(read_form(request_from(chunks, consumed), ReportFields, LIMITS))
    assert sum(consumed) < 2 * (1 << 20)  # stopped just past the limit, not at 50 MB


def test_photo_within_the_limit_is_read_whole() -> None:
    consumed: list[int] = []
    fields, photos = asyncio.run(
        read_form(request_from(multipart_chunks(300_000), consumed), ReportFields, LIMITS)
    )
    assert fields.description == "gat in de weg"
    assert [(p.filename, len(p.data)) for p in photos] == [("huge.jpg", 300_000)]
