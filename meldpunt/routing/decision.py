"""The routing rule: zone (priority, then smallest area) → municipality role → municipality kcc."""

from __future__ import annotations

from typing import Any

from meldpunt.core.taxonomy import FALLBACK_ROLE, CategoryDefinition
from meldpunt.routing.errors import CoordinatesLookSwapped, NoResponsibleDepartment, OutsideCoverage
from meldpunt.routing.index import GeofenceIndex
from meldpunt.routing.schemas import (
    DepartmentRef,
    MunicipalityShape,
    RoutingDecision,
    ZoneRef,
    ZoneShape,
)


def locate_municipality(index: GeofenceIndex, lon: float, lat: float) -> MunicipalityShape:
    """The municipality at the point, or a clear error (with a hint when lat/lon look swapped)."""
    found = index.municipalities_at(lon, lat)
    if found:
        return found[0]
    if index.municipalities_at(lat, lon):
        raise CoordinatesLookSwapped(
            f"no municipality at lat={lat}, lon={lon}, but there is one at lat={lon}, lon={lat}: "
            "latitude and longitude look swapped",
            lat=lat,
            lon=lon,
        )
    raise OutsideCoverage(
        f"no municipality covers lat={lat}, lon={lon}: the location is outside the area "
        "Meldpunt serves",
        lat=lat,
        lon=lon,
    )


def _zone_rank(zone: ZoneShape) -> tuple[int, float, int]:
    # Highest priority first, then the most specific (smallest) area, then the oldest id.
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


def resolve_department(
    index: GeofenceIndex, lon: float, lat: float, category: CategoryDefinition
) -> RoutingDecision:
    """Decide authority and department for a point and category, with the reasons."""
    municipality = locate_municipality(index, lon, lat)
    zones_here = index.zones_at(lon, lat)
    accepting = sorted((z for z in zones_here if z.accepts(category.code)), key=_zone_rank)
    explanation: dict[str, Any] = {
        "point": {"lon": lon, "lat": lat},
        "category": category.code,
        "category_role": category.role,
        "municipality": municipality.authority.as_dict(),
        "zones_considered": [
            _zone_entry(z, category.code) for z in sorted(zones_here, key=_zone_rank)
        ],
        "index_revision": index.revision,
    }
    zone: ZoneRef | None = None
    department: DepartmentRef
    if accepting:
        winner = accepting[0]
        zone = ZoneRef(winner.id, winner.name)
        department = winner.department
        authority = winner.authority
        rule = "zone"
        reason = f"zone '{winner.name}' accepts {category.code}"
        if len(accepting) > 1:
            reason += (
                f"; chosen over {len(accepting) - 1} other accepting zone(s) by priority "
                f"{winner.priority}, then smallest area ({winner.area_m2:.0f} m²)"
            )
    else:
        authority = municipality.authority
        by_role = municipality.departments_by_role
        if category.role in by_role:
            department = by_role[category.role]
            rule = "municipality_role"
            reason = (
                f"no zone here takes {category.code}; {municipality.authority.name} handles "
                f"role '{category.role}' in department {department.code}"
            )
        elif FALLBACK_ROLE in by_role:
            department = by_role[FALLBACK_ROLE]
            rule = "municipality_kcc"
            reason = (
                f"no zone here takes {category.code} and {municipality.authority.name} has no "
                f"'{category.role}' department; its customer contact desk triages it"
            )
        else:
            raise NoResponsibleDepartment(
                f"{municipality.authority.name} ({municipality.authority.code}) has no department "
                f"for role '{category.role}' and no '{FALLBACK_ROLE}' desk",
                municipality=municipality.authority.code,
            )
    explanation.update(
        {
            "rule": rule,
            "reason": reason,
            "winner_zone_id": zone.id if zone else None,
            "authority": authority.as_dict(),
            "department": department.as_dict(),
        }
    )
    return RoutingDecision(
        authority=authority,
        department=department,
        municipality=municipality.authority,
        zone=zone,
        rule=rule,
        category_code=category.code,
        explanation=explanation,
    )
