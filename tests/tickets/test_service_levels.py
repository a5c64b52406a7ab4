"""Service levels: deadlines in working days, per authority, and the overdue list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import CATEGORY_CODES
from meldpunt.models import Department, Ticket, TicketStatus
from meldpunt.models.base import utc_now
from meldpunt.tickets import repository
from meldpunt.tickets.errors import InvalidServiceLevel
from meldpunt.tickets.service_levels import (
    DEFAULT_WORKING_DAYS,
    WorkingCalendar,
    service_levels_of,
    set_deadline,
    set_service_level,
    working_days_for,
)
from tests.helpers import WEST_TOWN, create_department, create_ticket, create_town

CALENDAR = WorkingCalendar("Europe/Amsterdam", "NL")


def amsterdam(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=CALENDAR.zone)


@pytest.mark.parametrize(
    ("start", "days", "due_end_of"),
    [
        (amsterdam(2026, 11, 23), 1, amsterdam(2026, 11, 24)),  # Monday → Tuesday
        (amsterdam(2026, 11, 27), 1, amsterdam(2026, 11, 30)),  # Friday → Monday
        (amsterdam(2026, 11, 28), 1, amsterdam(2026, 11, 30)),  # Saturday → Monday
        (amsterdam(2026, 11, 28), 0, amsterdam(2026, 11, 30)),  # weekend: next working day
        (amsterdam(2026, 11, 25), 0, amsterdam(2026, 11, 25)),  # same working day
        (amsterdam(2026, 12, 24), 1, amsterdam(2026, 12, 28)),  # over Christmas (Fri, Sat)
        (amsterdam(2026, 4, 24), 1, amsterdam(2026, 4, 28)),  # over King's Day (Mon 27 April)
        (amsterdam(2026, 11, 20), 10, amsterdam(2026, 12, 4)),  # two weeks
        # 23:30 local is already the next day in UTC: the local day counts.
        (amsterdam(2026, 11, 23, 23), 1, amsterdam(2026, 11, 24)),
    ],
)
def test_deadline_counts_working_days_in_local_time(
    start: datetime, days: int, due_end_of: datetime
) -> None:
    due = CALENDAR.due_at(start.astimezone(UTC), days)
    expected = datetime.combine(
        due_end_of.date() + timedelta(days=1), datetime.min.time(), tzinfo=CALENDAR.zone
    )
    assert due == expected
    assert due.tzinfo is not None


def test_every_category_has_a_default() -> None:
    assert set(DEFAULT_WORKING_DAYS) == CATEGORY_CODES


@pytest.fixture
def roads(session: Session) -> Department:
    return create_department(session, create_town(session, "GM0001", WEST_TOWN, []), "wegen")


def test_an_authority_sets_its_own_level(session: Session, roads: Department) -> None:
    authority = roads.authority_id
    assert (
        working_days_for(session, authority, "wegen.stoep") == DEFAULT_WORKING_DAYS["wegen.stoep"]
    )
    set_service_level(session, authority_id=authority, category_code="wegen.stoep", working_days=2)
    assert working_days_for(session, authority, "wegen.stoep") == 2
    assert service_levels_of(session, authority)["wegen.stoep"] == (2, True)
    assert service_levels_of(session, authority)["wegen.wegdek"] == (5, False)
    set_service_level(session, authority_id=authority, category_code="wegen.stoep", working_days=3)
    assert working_days_for(session, authority, "wegen.stoep") == 3
    set_service_level(
        session, authority_id=authority, category_code="wegen.stoep", working_days=None
    )
    assert (
        working_days_for(session, authority, "wegen.stoep") == DEFAULT_WORKING_DAYS["wegen.stoep"]
    )
    with pytest.raises(InvalidServiceLevel):
        set_service_level(session, authority_id=authority, category_code="nope", working_days=1)
    with pytest.raises(InvalidServiceLevel):
        set_service_level(
            session, authority_id=authority, category_code="wegen.stoep", working_days=-1
        )


def _list(session: Session, **filters: object) -> list[int]:
    arguments: dict[str, object] = {
        "department_ids": None,
        "statuses": [],
        "category": None,
        "overdue": None,
        "near": None,
        "sort": "created",
        "limit": 50,
        "offset": 0,
    }
    arguments.update(filters)
    return [t.id for t, _ in repository.list_tickets(session, **arguments)]  # type: ignore[arg-type]


def _with_deadline(
    session: Session, roads: Department, due: datetime | None, **kw: object
) -> Ticket:
    ticket = create_ticket(session, roads, **kw)  # type: ignore[arg-type]
    ticket.due_at = due
    session.flush()
    return ticket


def test_overdue_tickets_are_flagged_listed_and_sorted(session: Session, roads: Department) -> None:
    now = utc_now()
    late = _with_deadline(session, roads, now - timedelta(hours=1))
    later_late = _with_deadline(session, roads, now - timedelta(days=3))
    on_time = _with_deadline(session, roads, now + timedelta(days=2))
    done_late = _with_deadline(
        session, roads, now - timedelta(days=5), status=TicketStatus.RESOLVED
    )
    no_deadline = _with_deadline(session, roads, None)
    assert repository.is_overdue(late)
    assert not repository.is_overdue(on_time)
    assert not repository.is_overdue(done_late)  # work is done: no longer overdue
    assert sorted(_list(session, overdue=True)) == sorted([late.id, later_late.id])
    assert sorted(_list(session, overdue=False)) == sorted(
        [on_time.id, done_late.id, no_deadline.id]
    )
    assert _list(session, sort="deadline") == [
        done_late.id,
        later_late.id,
        late.id,
        on_time.id,
        no_deadline.id,
    ]


def test_set_deadline_uses_the_departments_authority(session: Session, roads: Department) -> None:
    ticket = create_ticket(session, roads)
    set_service_level(
        session, authority_id=roads.authority_id, category_code="wegen.stoep", working_days=0
    )
    start = amsterdam(2026, 11, 25, 9)
    set_deadline(session, ticket, "wegen.stoep", start, CALENDAR)
    assert ticket.due_at == amsterdam(2026, 11, 26, 0)
