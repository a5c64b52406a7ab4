"""Plain data the routing domain works on and answers with (no ORM objects, no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import MultiPolygon


@dataclass(frozen=True, slots=True)
class AuthorityRef:
    """Who an authority is: enough to show and to store."""

    id: int
    code: str
    name: str
    kind: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"code": self.code, "name": self.name, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class DepartmentRef:
    """A department and the authority it belongs to."""

    id: int
    code: str
    name: str
    role: str
    authority_code: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"code": self.code, "name": self.name, "role": self.role}


@dataclass(frozen=True, slots=True)
class MunicipalityShape:
    """A routable municipality: its boundary and its departments by role."""

    authority: AuthorityRef
    boundary: MultiPolygon
    departments_by_role: dict[str, DepartmentRef]


@dataclass(frozen=True, slots=True)
class ZoneShape:
    """A published zone as the index sees it."""

    id: int
    name: str
    authority: AuthorityRef
    department: DepartmentRef
    geometry: MultiPolygon
    category_patterns: frozenset[str]
    priority: int
    area_m2: float

    def accepts(self, category_code: str) -> bool:
        """True if the zone takes this category: listed itself, as its group (`wegen.*`) or `*`."""
        group = category_code.split(".", 1)[0]
        patterns = self.category_patterns
        return category_code in patterns or f"{group}.*" in patterns or "*" in patterns


@dataclass(frozen=True, slots=True)
class ZoneRef:
    """The zone that decided, as shown to staff."""

    id: int
    name: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"id": self.id, "name": self.name}


@dataclass(slots=True)  # not frozen: built per request, and frozen init is slow
class RoutingDecision:
    """Where a (point, category) goes, and why."""

    authority: AuthorityRef
    department: DepartmentRef
    municipality: AuthorityRef
    zone: ZoneRef | None
    rule: str  # "zone" | "municipality_role" | "municipality_kcc"
    category_code: str
    ambiguous: bool = False
    alternatives: tuple[dict[str, Any], ...] = ()
    # The parts of the explanation; it is assembled only when someone reads it.
    point: tuple[float, float] = (0.0, 0.0)
    explanation_base: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def explanation(self) -> dict[str, Any]:
        """Why: zones considered, the winner and the rule, ambiguity; stored on the ticket."""
        lon, lat = self.point
        return {
            "point": {"lon": lon, "lat": lat},
            **self.explanation_base,
            **self.context,
            "ambiguous": self.ambiguous,
            "alternatives": list(self.alternatives),
        }
