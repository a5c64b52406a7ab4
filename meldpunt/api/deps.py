"""Request dependencies: the unit of work (commit or roll back, then send tasks) and app state."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from meldpunt.accounts.errors import NotAuthenticated
from meldpunt.accounts.schemas import Principal, TokenPolicy
from meldpunt.accounts.service import principal_from_access_token, principal_from_api_key
from meldpunt.api.dispatch import TaskDispatcher
from meldpunt.core.settings import Settings
from meldpunt.media.schemas import PhotoLimits
from meldpunt.media.storage import MediaStorage
from meldpunt.models.database import Database
from meldpunt.routing.service import RoutingService
from meldpunt.tickets.schemas import TicketRules


@dataclass
class AppState:
    """Everything the API shares across requests, built once in `create_app`."""

    settings: Settings
    database: Database
    routing: RoutingService
    media: MediaStorage
    limits: PhotoLimits
    dispatcher: TaskDispatcher
    tickets: TicketRules


@dataclass
class UnitOfWork:
    """A request's session plus the work to send to the pipeline once it has committed."""

    session: Session
    reports_to_process: list[uuid.UUID] = field(default_factory=list)
    notes_to_derive: list[int] = field(default_factory=list)


def get_state(request: Request) -> AppState:
    """The application's shared state."""
    state: AppState = request.app.state.meldpunt
    return state


def token_policy(settings: Settings) -> TokenPolicy:
    """Signing secret and lifetimes of staff tokens, from the settings."""
    return TokenPolicy(
        settings.secret_key, settings.access_token_minutes, settings.refresh_token_days
    )


def get_unit_of_work(state: Annotated[AppState, Depends(get_state)]) -> Iterator[UnitOfWork]:
    """Commit when the handler succeeds, roll back when it fails; send tasks only after commit."""
    with state.database.session() as session:
        unit = UnitOfWork(session)
        yield unit
    for report_id in unit.reports_to_process:
        state.dispatcher.send_process_report(report_id)
    for note_id in unit.notes_to_derive:
        state.dispatcher.send_derive_note_photos(note_id)


StateDep = Annotated[AppState, Depends(get_state)]
# scope="function": commit before the response is sent, so a 2xx always means "stored".
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_unit_of_work, scope="function")]


_bearer = HTTPBearer(auto_error=False, description="Access token from /api/v1/auth/token")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="Key for systems")


def get_principal(
    state: Annotated[AppState, Depends(get_state)],
    unit: Annotated[UnitOfWork, Depends(get_unit_of_work, scope="function")],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    """The staff member (or system) making the request; NotAuthenticated otherwise."""
    if bearer is not None:
        return principal_from_access_token(
            unit.session, bearer.credentials, secret=state.settings.secret_key
        )
    if api_key:
        return principal_from_api_key(unit.session, api_key)
    raise NotAuthenticated("log in first: send a bearer token or an X-API-Key header")


PrincipalDep = Annotated[Principal, Depends(get_principal)]
