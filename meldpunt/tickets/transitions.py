"""The ticket lifecycle as an explicit table: which moves exist and which need a note."""

from __future__ import annotations

from meldpunt.models import TicketStatus as S

ALLOWED: dict[S, frozenset[S]] = {
    S.NEW: frozenset({S.ACCEPTED, S.ON_HOLD, S.FORWARDED, S.REJECTED, S.DUPLICATE}),
    S.ACCEPTED: frozenset(
        {S.IN_PROGRESS, S.ON_HOLD, S.FORWARDED, S.RESOLVED, S.REJECTED, S.DUPLICATE}
    ),
    S.IN_PROGRESS: frozenset({S.ON_HOLD, S.FORWARDED, S.RESOLVED}),
    S.ON_HOLD: frozenset({S.ACCEPTED, S.IN_PROGRESS, S.FORWARDED, S.REJECTED}),
    # A forwarded ticket sits with its new department until that department takes it on.
    S.FORWARDED: frozenset({S.ACCEPTED, S.FORWARDED, S.REJECTED, S.DUPLICATE}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.REJECTED: frozenset({S.CLOSED, S.REOPENED}),
    S.DUPLICATE: frozenset({S.CLOSED, S.REOPENED}),
    S.REOPENED: frozenset(
        {S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD, S.FORWARDED, S.REJECTED, S.DUPLICATE}
    ),
    S.CLOSED: frozenset({S.REOPENED}),
}
"""Every state and where it may go; anything not listed is refused."""

NOTE_REQUIRED: frozenset[S] = frozenset({S.REJECTED, S.RESOLVED, S.REOPENED, S.FORWARDED})
"""Moves a reader cannot understand without a note (why rejected, what was done, ...)."""

OPEN_STATUSES: frozenset[str] = frozenset(
    {S.NEW, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD, S.FORWARDED, S.REOPENED}
)
"""States in which a ticket still has work to do, and so can be overdue."""


def can_move(source: S, target: S) -> bool:
    """True when the table allows source → target."""
    return target in ALLOWED[source]
