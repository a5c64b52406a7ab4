"""Request dependencies: the unit of work (commit or roll back, then send tasks) and app state."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from meldpunt.api.dispatch import TaskDispatcher
from meldpunt.core.settings import Settings
from meldpunt.media.storage import MediaStorage
from meldpunt.models.database import Database
from meldpunt.routing.service import RoutingService


@dataclass
class AppState:
    """Everything the API shares across requests, built once in `create_app`."""

    settings: Settings
    database: Database
    routing: RoutingService
    media: MediaStorage
    dispatcher: TaskDispatcher


@dataclass
class UnitOfWork:
    """A request's session plus the reports to send to the pipeline once it has committed."""

    session: Session
    reports_to_process: list[uuid.UUID] = field(default_factory=list)


def get_state(request: Request) -> AppState:
    """The application's shared state."""
    state: AppState = request.app.state.meldpunt
    return state


def get_unit_of_work(state: Annotated[AppState, Depends(get_state)]) -> Iterator[UnitOfWork]:
    """Commit when the handler succeeds, roll back when it fails; send tasks only after commit."""
    with state.database.session() as session:
        unit = UnitOfWork(session)
        yield unit
    for report_id in unit.reports_to_process:
        state.dispatcher.send_process_report(report_id)


StateDep = Annotated[AppState, Depends(get_state)]
# scope="function": commit before the response is sent, so a 2xx always means "stored".
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_unit_of_work, scope="function")]
