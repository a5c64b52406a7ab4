"""What the tickets domain takes and hands out besides ORM rows."""

from __future__ import annotations

from dataclasses import dataclass

from meldpunt.core.settings import Settings
from meldpunt.tickets.service_levels import WorkingCalendar


@dataclass(frozen=True, slots=True)
class DuplicateRules:
    """When a new report is the same problem as an open ticket."""

    radius_m: float
    period_days: int
    photo_radius_m: float  # a near-identical photo makes a match this far away still count
    max_photo_distance: int = 8  # bits that may differ between two 64-bit perceptual hashes

    @classmethod
    def from_settings(cls, settings: Settings) -> DuplicateRules:
        """The rules as configured."""
        return cls(
            radius_m=settings.duplicate_radius_m,
            period_days=settings.duplicate_period_days,
            photo_radius_m=max(settings.duplicate_photo_radius_m, settings.duplicate_radius_m),
        )


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """An open ticket the new report joins, and why."""

    ticket_id: int
    distance_m: float
    similar_photo: bool

    def describe(self) -> str:
        """A line for the audit trail."""
        photo = ", similar photo" if self.similar_photo else ""
        return f"same category {self.distance_m:.0f} m away{photo}"


@dataclass(frozen=True, slots=True)
class TicketRules:
    """The settings ticket work follows, built once per process."""

    calendar: WorkingCalendar
    duplicates: DuplicateRules

    @classmethod
    def from_settings(cls, settings: Settings) -> TicketRules:
        """The rules as configured."""
        return cls(
            calendar=WorkingCalendar(settings.service_timezone, settings.holiday_country),
            duplicates=DuplicateRules.from_settings(settings),
        )
