"""POST /api/v1/auth/token (OAuth2 password form) and /auth/refresh."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from meldpunt.accounts.schemas import TokenPair
from meldpunt.accounts.service import authenticate, issue_tokens, rotate_refresh_token
from meldpunt.api.deps import PrincipalDep, StateDep, UnitOfWorkDep, token_policy

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class TokenOut(BaseModel):
    """Bearer tokens: send `access_token` as `Authorization: Bearer …`."""

    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


def _out(pair: TokenPair) -> TokenOut:
    return TokenOut(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post("/token", operation_id="create_token")
def create_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], state: StateDep, unit: UnitOfWorkDep
) -> TokenOut:
    """Log in with email (`username`) and password."""
    user = authenticate(unit.session, form.username, form.password)
    return _out(issue_tokens(unit.session, user, token_policy(state.settings)))


@router.post("/refresh", operation_id="refresh_token")
def refresh_token(
    refresh_token: Annotated[str, Form()], state: StateDep, unit: UnitOfWorkDep
) -> TokenOut:
    """A new token pair for a refresh token; the old refresh token stops working."""
    return _out(rotate_refresh_token(unit.session, refresh_token, token_policy(state.settings)))


class MeOut(BaseModel):
    """The account behind the credentials."""

    id: int
    email: str
    role: str
    department_ids: list[int]
    authority_id: int | None


@router.get("/me", operation_id="who_am_i")
def who_am_i(principal: PrincipalDep) -> MeOut:
    """Who the bearer token or API key belongs to, and where they may act."""
    return MeOut(
        id=principal.user_id,
        email=principal.email,
        role=principal.role,
        department_ids=sorted(principal.department_ids),
        authority_id=principal.authority_id,
    )
