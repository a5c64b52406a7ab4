"""Service levels: a deadline in working days per category, configurable per authority."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import CATEGORY_CODES
from meldpunt.models import Authority, ServiceLevel, Ticket
from meldpunt.routing.repository import get_authority_by_code
from meldpunt.tickets import repository
from meldpunt.tickets.errors import InvalidServiceLevel, UnknownAuthority

DEFAULT_WORKING_DAYS: dict[str, int] = {
    "afval.zwerfafval": 5,
    "afval.container": 3,
    "afval.dumping": 5,
    "wegen.wegdek": 5,
    "wegen.stoep": 10,
    "wegen.verkeersbord": 5,
    # Safety first: a dark traffic light, a fallen tree or black ice cannot wait a week.
    "wegen.verkeerslicht": 1,
    "wegen.straatmeubilair": 10,
    "wegen.fietswrak": 20,
    "verlichting.lamp": 10,
    "groen.boom": 2,
    "groen.onderhoud": 20,
    "groen.speelplaats": 5,
    "water.vervuiling": 3,
    "water.oever": 20,
    "riool.kolk": 3,
    "riool.stank": 3,
    "overlast.graffiti": 10,
    "overlast.geluid": 3,
    "overlast.parkeren": 5,
    "dieren.ongedierte": 10,
    "dieren.dood": 2,
    "winter.gladheid": 1,
    "overig.overig": 5,
}
"""Working days per category where an authority has not set its own."""

MAX_WORKING_DAYS = 365


class WorkingCalendar:
    """Weekdays that are not public holidays, in the service's own time zone."""

    def __init__(self, timezone: str, country: str) -> None:
        self.zone = ZoneInfo(timezone)
        self._holidays = _holiday_calendar(country)

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a public holiday."""
        return day.weekday() < 5 and day not in self._holidays

    def due_at(self, start: datetime, working_days: int) -> datetime:
        """The end of the `working_days`-th working day after `start` (UTC).

        0 means the end of the day it arrived on, or of the next working day when it
        arrived on a weekend or holiday.
        """
        day = start.astimezone(self.zone).date()
        remaining = working_days
        if remaining == 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        end_of_day = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone)
        return end_of_day.astimezone(UTC)


@lru_cache(maxsize=8)
def _holiday_calendar(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country)


def working_days_for(session: Session, authority_id: int, category_code: str) -> int:
    """The authority's own service level for the category, else the default."""
    own = repository.get_service_level(session, authority_id, category_code)
    return own.working_days if own is not None else DEFAULT_WORKING_DAYS.get(category_code, 5)


def deadline_for(
    session: Session,
    department_id: int,
    category_code: str,
    start: datetime,
    calendar: WorkingCalendar,
) -> datetime:
    """The deadline the department's authority gives the category, counted from `start`."""
    department = repository.get_department(session, department_id)
    assert department is not None  # a foreign key guarantees it
    days = working_days_for(session, department.authority_id, category_code)
    return calendar.due_at(start, days)


def set_deadline(
    session: Session, ticket: Ticket, category_code: str, start: datetime, calendar: WorkingCalendar
) -> None:
    """Give the ticket the deadline of its department's authority for the category."""
    ticket.due_at = deadline_for(session, ticket.department_id, category_code, start, calendar)


def set_service_level(
    session: Session, *, authority_id: int, category_code: str, working_days: int | None
) -> ServiceLevel | None:
    """Set (or with None remove) an authority's own deadline for a category."""
    if category_code not in CATEGORY_CODES:
        raise InvalidServiceLevel(f"unknown category {category_code!r}", field="category")
    if working_days is not None and not 0 <= working_days <= MAX_WORKING_DAYS:
        raise InvalidServiceLevel(
            f"working_days must be between 0 and {MAX_WORKING_DAYS}", field="working_days"
        )
    row = repository.get_service_level(session, authority_id, category_code)
    if working_days is None:
        if row is not None:
            session.delete(row)
            session.flush()
        return None
    if row is None:
        row = ServiceLevel(authority_id=authority_id, category_code=category_code)
        session.add(row)
    row.working_days = working_days
    session.flush()
    return row


def service_levels_of(session: Session, authority_id: int) -> dict[str, tuple[int, bool]]:
    """Every category's working days for an authority, and whether it is the authority's own."""
    own = repository.own_service_levels(session, authority_id)
    return {
        code: (own[code], True) if code in own else (DEFAULT_WORKING_DAYS[code], False)
        for code in sorted(CATEGORY_CODES)
    }


def get_authority(session: Session, code: str) -> Authority:
    """The authority with that code, or UnknownAuthority."""
    found = get_authority_by_code(session, code)
    if found is None:
        raise UnknownAuthority(f"no authority {code!r}", authority=code)
    return found


def authorities_of_departments(session: Session, department_ids: frozenset[int]) -> set[int]:
    """The authorities these departments belong to."""
    return repository.authority_ids_of_departments(session, department_ids)
