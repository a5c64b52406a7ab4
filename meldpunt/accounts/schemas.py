"""What the accounts domain hands out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking, and where they may act."""

    user_id: int
    email: str
    role: str
    department_ids: frozenset[int]
    authority_id: int | None


@dataclass(frozen=True, slots=True)
class TokenPair:
    """An access token (short-lived JWT) and a refresh token (opaque, single use)."""

    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True, slots=True)
class TokenPolicy:
    """How tokens are signed and how long they live."""

    secret: str
    access_minutes: int
    refresh_days: int
