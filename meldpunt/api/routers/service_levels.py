"""Service levels: each authority's deadline per category, in working days."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status
from pydantic import BaseModel, Field

from meldpunt.accounts.errors import Forbidden
from meldpunt.accounts.schemas import Principal
from meldpunt.api.deps import PrincipalDep, UnitOfWorkDep, get_principal
from meldpunt.models import Authority, Role
from meldpunt.tickets.service_levels import (
    MAX_WORKING_DAYS,
    authorities_of_departments,
    get_authority,
    service_levels_of,
    set_service_level,
)

router = APIRouter(prefix="/api/v1/service-levels", tags=["service levels"])


class ServiceLevelOut(BaseModel):
    """The deadline for one category at one authority."""

    category: str
    working_days: int
    own: bool = Field(description="False: the national default applies")


class ServiceLevelIn(BaseModel):
    """A new deadline in working days (weekends and public holidays do not count)."""

    working_days: int = Field(ge=0, le=MAX_WORKING_DAYS)


AuthorityCode = Annotated[str, Path(max_length=32, description="e.g. GM0363")]


def _check_may_edit(unit: UnitOfWorkDep, principal: Principal, authority: Authority) -> None:
    if principal.role == Role.ADMIN:
        return
    if principal.role == Role.COORDINATOR and authority.id in authorities_of_departments(
        unit.session, principal.department_ids
    ):
        return
    raise Forbidden(f"only an admin or a coordinator of {authority.code} sets its service levels")


@router.get(
    "/{authority_code}",
    operation_id="list_service_levels",
    dependencies=[Depends(get_principal)],  # staff only
)
def list_service_levels(
    authority_code: AuthorityCode, unit: UnitOfWorkDep
) -> list[ServiceLevelOut]:
    """Every category's deadline at the authority (its own, or the default)."""
    authority = get_authority(unit.session, authority_code)
    return [
        ServiceLevelOut(category=code, working_days=days, own=own)
        for code, (days, own) in service_levels_of(unit.session, authority.id).items()
    ]


@router.put("/{authority_code}/{category}", operation_id="set_service_level")
def put_service_level(
    authority_code: AuthorityCode,
    category: str,
    body: ServiceLevelIn,
    principal: PrincipalDep,
    unit: UnitOfWorkDep,
) -> ServiceLevelOut:
    """Set the authority's own deadline for a category; new tickets get it from now on."""
    authority = get_authority(unit.session, authority_code)
    _check_may_edit(unit, principal, authority)
    set_service_level(
        unit.session,
        authority_id=authority.id,
        category_code=category,
        working_days=body.working_days,
    )
    return ServiceLevelOut(category=category, working_days=body.working_days, own=True)


@router.delete(
    "/{authority_code}/{category}",
    operation_id="reset_service_level",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_service_level(
    authority_code: AuthorityCode, category: str, principal: PrincipalDep, unit: UnitOfWorkDep
) -> None:
    """Drop the authority's own deadline: the default applies again."""
    authority = get_authority(unit.session, authority_code)
    _check_may_edit(unit, principal, authority)
    set_service_level(
        unit.session, authority_id=authority.id, category_code=category, working_days=None
    )
