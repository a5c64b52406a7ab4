"""GET /api/v1/routing/resolve: the routing decision for a point, without creating anything."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from meldpunt.api.deps import StateDep, UnitOfWorkDep
from meldpunt.api.schemas import AuthorityOut, CodeName, RoutingDecisionOut, ZoneOut
from meldpunt.routing.schemas import AuthorityRef

router = APIRouter(prefix="/api/v1/routing", tags=["routing"])


def _authority(ref: AuthorityRef) -> AuthorityOut:
    return AuthorityOut(code=ref.code, name=ref.name, kind=ref.kind)


@router.get("/resolve", operation_id="resolve_routing")
def resolve_routing(
    state: StateDep,
    unit: UnitOfWorkDep,
    lat: Annotated[float, Query(ge=-90, le=90, description="WGS84 latitude")],
    lon: Annotated[float, Query(ge=-180, le=180, description="WGS84 longitude")],
    category: Annotated[
        str | None, Query(description="Category code; omitted = route as 'overig.overig'")
    ] = None,
) -> RoutingDecisionOut:
    """Which authority, department and zone handle this category at this point, and why."""
    decision = state.routing.resolve(unit.session, lon=lon, lat=lat, category_code=category)
    return RoutingDecisionOut(
        authority=_authority(decision.authority),
        department=CodeName(code=decision.department.code, name=decision.department.name),
        zone=ZoneOut(id=decision.zone.id, name=decision.zone.name) if decision.zone else None,
        municipality=_authority(decision.municipality),
        rule=decision.rule,
        category=decision.category_code,
        ambiguous=decision.ambiguous,
        alternatives=list(decision.alternatives),
        explanation=decision.explanation,
    )
