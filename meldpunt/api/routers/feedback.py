"""Routing feedback for GIS staff: where staff had to forward or recategorize tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from geoalchemy2.shape import to_shape
from pydantic import BaseModel

from meldpunt.accounts.errors import Forbidden
from meldpunt.api.deps import PrincipalDep, UnitOfWorkDep
from meldpunt.models import FeedbackKind, Role
from meldpunt.tickets import repository

router = APIRouter(prefix="/api/v1/routing", tags=["routing"])


class FeedbackOut(BaseModel):
    """One correction: from which department (and category) to which, where, and why."""

    id: int
    ticket_id: int
    kind: FeedbackKind
    from_department: str
    to_department: str
    from_category: str | None
    to_category: str | None
    reason: str | None
    lat: float | None
    lon: float | None
    created_at: datetime


@router.get("/feedback", operation_id="list_routing_feedback")
def list_routing_feedback(
    principal: PrincipalDep,
    unit: UnitOfWorkDep,
    kind: FeedbackKind | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[FeedbackOut]:
    """Forwards and recategorizations of tickets that the asker's authority's zones routed
    (all of them for admins), newest first: where zones or categories need a look."""
    if principal.role == Role.ADMIN:
        authority_id = None
    elif principal.role == Role.GIS_EDITOR and principal.authority_id is not None:
        authority_id = principal.authority_id
    else:
        raise Forbidden(f"a {principal.role} does not review routing feedback")
    rows = repository.list_feedback(
        unit.session, authority_id=authority_id, kind=kind, limit=limit, offset=offset
    )
    codes = repository.department_codes(
        unit.session,
        {f.from_department_id for f, _ in rows} | {f.to_department_id for f, _ in rows},
    )
    result = []
    for feedback, report in rows:
        point = to_shape(report.location) if report.location is not None else None
        result.append(
            FeedbackOut(
                id=feedback.id,
                ticket_id=feedback.ticket_id,
                kind=FeedbackKind(feedback.kind),
                from_department=codes[feedback.from_department_id],
                to_department=codes[feedback.to_department_id],
                from_category=feedback.from_category,
                to_category=feedback.to_category,
                reason=feedback.reason,
                lat=point.y if point else None,
                lon=point.x if point else None,
                created_at=feedback.created_at,
            )
        )
    return result
