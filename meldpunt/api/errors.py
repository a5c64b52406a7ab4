"""The one table from domain errors to HTTP status, and RFC 9457 problem+json responses."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from meldpunt.accounts.errors import Forbidden, NotAuthenticated
from meldpunt.core.errors import Conflict, InvalidInput, MeldpuntError, NotFound
from meldpunt.media.errors import NotAnImage, PhotoTooLarge
from meldpunt.models.database import DatabaseUnavailable
from meldpunt.routing.errors import (
    InvalidModelFile,
    NoResponsibleDepartment,
    NothingToClassify,
    OutsideCoverage,
)

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
_STANDARD = frozenset({"type", "title", "status", "detail", "instance", "code"})

STATUS_BY_ERROR: dict[type[MeldpuntError], int] = {
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    InvalidInput: 422,
    Conflict: 409,
    OutsideCoverage: 422,
    PhotoTooLarge: 413,
    NotAnImage: 415,
    NoResponsibleDepartment: 503,
    NothingToClassify: 422,
    InvalidModelFile: 503,
    DatabaseUnavailable: 503,
}
"""Most specific class wins: the lookup walks each error's MRO."""


def status_for(error: MeldpuntError) -> int:
    """The HTTP status for a domain error (500 for anything the table does not name)."""
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 500


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """An RFC 9457 problem document; `code` is Meldpunt's stable error code."""
    body = {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
        # Extension members never replace the standard ones.
        **{k: v for k, v in (extra or {}).items() if v is not None and k not in _STANDARD},
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MeldpuntError)
    status = status_for(exc)
    if status >= 500:
        logger.error("%s on %s: %s", exc.code, request.url.path, exc.detail)
    response = problem(status, exc.code, exc.title, exc.detail, request.url.path, exc.extra)
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _describe_location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    return ".".join(parts) or "request"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _describe_location(tuple(e.get("loc", ()))), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(
        422, "validation_error", "Invalid request", detail, request.url.path, {"errors": errors}
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    code = phrase.lower().replace(" ", "_").replace("-", "_")
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    return problem(exc.status_code, code, phrase, detail, request.url.path)


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("database unavailable on %s: %s", request.url.path, exc)
    return problem(
        503,
        DatabaseUnavailable.code,
        DatabaseUnavailable.title,
        "the database cannot be reached; please try again later",
        request.url.path,
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        500,
        "internal_error",
        "Internal server error",
        "something went wrong on our side; please try again later",
        request.url.path,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error as problem+json."""
    app.add_exception_handler(MeldpuntError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
