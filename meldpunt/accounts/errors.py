"""Account errors: stable codes, unaware of HTTP."""

from __future__ import annotations

from meldpunt.core.errors import InvalidInput, MeldpuntError


class NotAuthenticated(MeldpuntError):
    """No valid credentials: missing, wrong, expired or revoked."""

    code = "not_authenticated"
    title = "Not authenticated"


class Forbidden(MeldpuntError):
    """Authenticated, but this role may not do this."""

    code = "forbidden"
    title = "Forbidden"


class InvalidAccount(InvalidInput):
    """An account that cannot be created as asked."""

    code = "invalid_account"
    title = "Invalid account"
