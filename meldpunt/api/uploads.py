"""Multipart parsing for report uploads that enforces the per-photo byte limit while the
upload streams in: a 2 GB "photo" is cut off after 20 MB, not stored first and refused later."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from meldpunt.core.errors import InvalidInput
from meldpunt.media.errors import PhotoTooLarge
from meldpunt.media.schemas import PhotoLimits, PhotoUpload

Fields = TypeVar("Fields", bound=BaseModel)


class ReportFields(BaseModel):
    """The text fields of a report upload."""

    description: str = Field(
        min_length=1, max_length=4000, description="What is wrong, in your own words"
    )
    lat: float | None = Field(None, ge=-90, le=90, description="WGS84 latitude")
    lon: float | None = Field(None, ge=-180, le=180, description="WGS84 longitude")
    email: str | None = Field(
        None,
        max_length=320,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Optional: to hear what happens to the report",
    )
    category: str | None = Field(None, description="The resident's own choice, if any")


class _FileTooLarge(MultiPartException):
    def __init__(self, filename: str | None, limit: int) -> None:
        super().__init__(f"{filename!r} exceeds {limit} bytes")
        self.filename, self.limit = filename, limit


class _LimitedParser(MultiPartParser):
    """Starlette's parser, counting each file's bytes as they arrive."""

    def __init__(self, *args: Any, max_file_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_file_bytes = max_file_bytes
        self._current_file_bytes = 0

    def on_part_begin(self) -> None:
        super().on_part_begin()
        self._current_file_bytes = 0

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        file = self._current_part.file
        if file is not None:
            self._current_file_bytes += end - start
            if self._current_file_bytes > self.max_file_bytes:
                raise _FileTooLarge(file.filename, self.max_file_bytes)
        super().on_part_data(data, start, end)


class NoteFields(BaseModel):
    """The text field of a ticket note."""

    text: str = Field(min_length=1, max_length=4000, description="What was done or seen")


def form_schema(fields: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI description of a multipart body with photos (the endpoint parses it itself)."""
    schema = fields.model_json_schema()
    schema["properties"]["photo"] = {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "description": "Photos (repeat the field; 5 at most by default): JPEG, PNG, WebP or HEIC",
    }
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


async def read_form(
    request: Request, fields: type[Fields], limits: PhotoLimits
) -> tuple[Fields, tuple[PhotoUpload, ...]]:
    """Parse and validate a form with photos; each photo is cut off at `limits.max_bytes`."""
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("application/x-www-form-urlencoded"):  # no photos
            form = await request.form(max_files=0, max_fields=20)
        elif content_type.startswith("multipart/form-data"):
            form = await _LimitedParser(
                request.headers,
                request.stream(),
                # One more than allowed, so the service can say how many were sent.
                max_files=limits.max_photos + 1,
                max_fields=20,
                max_file_bytes=limits.max_bytes,
            ).parse()
        else:
            raise InvalidInput(
                "send the form as multipart/form-data (or form-urlencoded without photos)",
                field="content-type",
            )
    except _FileTooLarge as exc:
        raise PhotoTooLarge(
            f"{exc.filename or 'the photo'!r} is larger than the limit of {exc.limit:,} bytes",
            filename=exc.filename,
            limit=exc.limit,
        ) from None
    except MultiPartException as exc:
        raise InvalidInput(f"the upload could not be read: {exc.message}") from None
    texts = {k: v for k, v in form.multi_items() if isinstance(v, str) and v != ""}
    try:
        values = fields.model_validate(texts)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None
    photos = []
    for name, value in form.multi_items():
        if name == "photo" and isinstance(value, UploadFile) and (value.filename or value.size):
            photos.append(PhotoUpload(value.filename, await value.read()))
            await value.close()
    return values, tuple(photos)
