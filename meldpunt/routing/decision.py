"""The routing rule: zone (priority, then smallest area) → municipality role → municipality kcc."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from meldpunt.core.errors import MeldpuntError
from meldpunt.core.taxonomy import FALLBACK_ROLE, CategoryDefinition
from meldpunt.routing.errors import CoordinatesLookSwapped, NoResponsibleDepartment, OutsideCoverage
from meldpunt.routing.index import GeofenceIndex
from meldpunt.routing.schemas import (
    AuthorityRef,
    DepartmentRef,
    MunicipalityShape,
    RoutingDecision,
    ZoneRef,
    ZoneShape,
)


@dataclass(frozen=True, slots=True)
class DecisionCore:
    """The decision for a municipality, the zones at the point and a category (no point)."""

    authority: AuthorityRef
    department: DepartmentRef
    municipality: AuthorityRef
    zone: ZoneRef | None
    rule: str
    reason: str
    zones_considered: tuple[dict[str, Any], ...]
    category: CategoryDefinition
    # Derived once: decisions are cached and reused for every point they apply to.
    target: tuple[str, str] = field(init=False, compare=False)
    explanation_base: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", (self.authority.code, self.department.code))
        object.__setattr__(
            self,
            "explanation_base",
            {
                "category": self.category.code,
                "category_role": self.category.role,
                "municipality": self.municipality.as_dict(),
                "zones_considered": list(self.zones_considered),
                "rule": self.rule,
                "reason": self.reason,
                "winner_zone_id": self.zone.id if self.zone else None,
                "authority": self.authority.as_dict(),
                "department": self.department.as_dict(),
            },
        )


def outside_coverage_error(index: GeofenceIndex, lon: float, lat: float) -> OutsideCoverage:
    """The error for a point no municipality covers, saying so when lat/lon look swapped."""
    if index.municipality_cover(lat, lon):
        return CoordinatesLookSwapped(
            f"no municipality at lat={lat}, lon={lon}, but there is one at lat={lon}, lon={lat}: "
            "latitude and longitude look swapped",
            lat=lat,
            lon=lon,
        )
    return OutsideCoverage(
        f"no municipality covers lat={lat}, lon={lon}: the location is outside the area "
        "Meldpunt serves",
        lat=lat,
        lon=lon,
    )


def locate_municipality(index: GeofenceIndex, lon: float, lat: float) -> MunicipalityShape:
    """The municipality at the point (lowest code on a shared border), or a clear error."""
    found = index.municipalities_at(lon, lat)
    if not found:
        raise outside_coverage_error(index, lon, lat)
    return found[0]


def zone_rank(zone: ZoneShape) -> tuple[int, float, int]:
    """Highest priority first, then the most specific (smallest) area, then the oldest id."""
    return (-zone.priority, zone.area_m2, zone.id)


def _zone_entry(zone: ZoneShape, category_code: str) -> dict[str, Any]:
    return {
        "id": zone.id,
        "name": zone.name,
        "authority": zone.authority.code,
        "department": zone.department.code,
        "priority": zone.priority,
        "area_m2": round(zone.area_m2, 1),
        "accepts_category": zone.accepts(category_code),
    }


def decide(
    municipality: MunicipalityShape, zones_here: list[ZoneShape], category: CategoryDefinition
) -> DecisionCore:
    """Apply the rule to the municipality and zones that contain a point."""
    ranked = sorted(zones_here, key=zone_rank)
    considered = tuple(_zone_entry(z, category.code) for z in ranked)
    accepting = [z for z in ranked if z.accepts(category.code)]
    if accepting:
        winner = accepting[0]
        reason = f"zone '{winner.name}' accepts {category.code}"
        if len(accepting) > 1:
            reason += (
                f"; chosen over {len(accepting) - 1} other accepting zone(s) by priority "
                f"{winner.priority}, then smallest area ({winner.area_m2:.0f} m²)"
            )
        return DecisionCore(
            winner.authority,
            winner.department,
            municipality.authority,
            ZoneRef(winner.id, winner.name),
            "zone",
            reason,
            considered,
            category,
        )
    name, by_role = municipality.authority.name, municipality.departments_by_role
    if category.role in by_role:
        department = by_role[category.role]
        reason = (
            f"no zone here takes {category.code}; {name} handles role "
            f"'{category.role}' in department {department.code}"
        )
        return DecisionCore(
            municipality.authority,
            department,
            municipality.authority,
            None,
            "municipality_role",
            reason,
            considered,
            category,
        )
    if FALLBACK_ROLE in by_role:
        reason = (
            f"no zone here takes {category.code} and {name} has no '{category.role}' "
            "department; its customer contact desk triages it"
        )
        return DecisionCore(
            municipality.authority,
            by_role[FALLBACK_ROLE],
            municipality.authority,
            None,
            "municipality_kcc",
            reason,
            considered,
            category,
        )
    raise NoResponsibleDepartment(
        f"{name} ({municipality.authority.code}) has no department for role "
        f"'{category.role}' and no '{FALLBACK_ROLE}' desk",
        municipality=municipality.authority.code,
    )


def decide_cached(
    index: GeofenceIndex, municipality_idx: int, zone_cover: int, category: CategoryDefinition
) -> DecisionCore:
    """`decide` for index positions, memoised on the index (decisions repeat endlessly)."""
    key = (municipality_idx, zone_cover, category.code)
    cached = index.decision_cache.get(key)
    if cached is None:
        zones = [index.zones[i] for i in index.zone_layer.members(zone_cover)]
        try:
            cached = decide(index.municipalities[municipality_idx], zones, category)
        except MeldpuntError as exc:
            cached = exc
        index.decision_cache[key] = cached
    if isinstance(cached, MeldpuntError):
        raise cached
    assert isinstance(cached, DecisionCore)
    return cached


def core_at(
    index: GeofenceIndex, lon: float, lat: float, category: CategoryDefinition
) -> DecisionCore:
    """The decision core at a point; raises OutsideCoverage and NoResponsibleDepartment."""
    members = index.municipality_layer.members(index.municipality_cover(lon, lat))
    if not members:
        raise outside_coverage_error(index, lon, lat)
    return decide_cached(index, members[0], index.zone_cover(lon, lat), category)


def _ambiguity() -> Any:
    # Imported on first use: ambiguity decides at probe points, so it imports this module.
    import meldpunt.routing.ambiguity as ambiguity

    return ambiguity


def resolve_department(
    index: GeofenceIndex, lon: float, lat: float, category: CategoryDefinition
) -> RoutingDecision:
    """Decide authority and department for a point and category, with the reasons."""
    core = core_at(index, lon, lat, category)
    alternatives = (
        _ambiguity().alternatives_near(index, lon, lat, category, core)
        if index.near_a_border(lon, lat)
        else []
    )
    return RoutingDecision(
        authority=core.authority,
        department=core.department,
        municipality=core.municipality,
        zone=core.zone,
        rule=core.rule,
        category_code=category.code,
        ambiguous=bool(alternatives),
        alternatives=tuple(alternatives),
        point=(lon, lat),
        explanation_base=core.explanation_base,
        context=index.explanation_context,
    )
