"""Load the demo region: authorities, departments and zones; running it twice changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geoalchemy2.shape import from_shape
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from meldpunt.models import Authority, Department, Zone
from meldpunt.routing import repository
from meldpunt.routing.geometry import as_multipolygon
from meldpunt.routing.zones import save_zone

REGION_FILE = Path(__file__).parent / "region.json"

DEPARTMENT_NAMES = {
    "kcc": "Klantcontactcentrum",
    "wegen": "Wegen en openbare ruimte",
    "verkeer": "Verkeer",
    "verlichting": "Openbare verlichting",
    "groen": "Groen en spelen",
    "afval": "Afval",
    "reiniging": "Reiniging",
    "water": "Water en kades",
    "riolering": "Riolering",
    "handhaving": "Handhaving",
}

# Lekmond is small: it has no traffic or water department, so those reports go to its kcc desk.
MUNICIPAL_ROLES = {
    "GM9901": list(DEPARTMENT_NAMES),
    "GM9902": list(DEPARTMENT_NAMES),
    "GM9903": ["kcc", "wegen", "verlichting", "groen", "afval", "riolering", "handhaving"],
}

OTHER_DEPARTMENTS = [
    ("PV99", "PV99.wegen", "Wegen, vaarwegen en gladheidsbestrijding", "wegen"),
    ("WS99", "WS99.water", "Watersysteem en waterkwaliteit", "water"),
]


@dataclass(frozen=True)
class DemoZone:
    """A zone of the demo region; lines are buffered to `width_m` in metres."""

    name: str
    authority: str
    department: str
    categories: tuple[str, ...]
    priority: int
    width_m: float | None = None


DEMO_ZONES = [
    DemoZone(
        "N998 (provinciale weg)",
        "PV99",
        "PV99.wegen",
        ("wegen.*", "winter.gladheid"),
        10,
        width_m=24,
    ),
    DemoZone("Vlietkanaal", "WS99", "WS99.water", ("water.*",), 10, width_m=30),
    DemoZone("Stadspark Vlietdam", "GM9901", "GM9901.groen", ("groen.*", "afval.zwerfafval"), 5),
    DemoZone("Parkvijver", "GM9901", "GM9901.water", ("water.*", "afval.zwerfafval"), 5),
]


@dataclass
class DemoSummary:
    """Counts of what the demo load created."""

    authorities: int = 0
    departments: int = 0
    zones: int = 0


def _upsert_authority(session: Session, item: dict[str, Any]) -> Authority:
    geometry, _ = as_multipolygon(shape(item["geometry"]))
    authority = repository.get_authority_by_code(session, item["code"])
    if authority is None:
        authority = Authority(
            code=item["code"], kind=item["kind"], name=item["name"], routable=True
        )
        session.add(authority)
    authority.kind, authority.name = item["kind"], item["name"]
    authority.boundary = from_shape(geometry, srid=4326)
    return authority


def _upsert_department(
    session: Session, authority: Authority, code: str, name: str, role: str
) -> Department:
    department = repository.get_department_by_code(session, code)
    if department is None:
        department = Department(
            authority_id=authority.id, code=code, name=name, role=role, delivery={}
        )
        session.add(department)
    department.name, department.role = name, role
    return department


def load_demo(session: Session, region_file: Path = REGION_FILE) -> DemoSummary:
    """Create or update the demo region and bump the routing revision."""
    region = json.loads(region_file.read_text(encoding="utf-8"))
    summary = DemoSummary()
    authorities: dict[str, Authority] = {}
    for item in region["authorities"]:
        authorities[item["code"]] = _upsert_authority(session, item)
        summary.authorities += 1
    session.flush()
    departments: dict[str, Department] = {}
    for code, roles in MUNICIPAL_ROLES.items():
        authority = authorities[code]
        for role in roles:
            name = f"{DEPARTMENT_NAMES[role]} {authority.name}"
            departments[f"{code}.{role}"] = _upsert_department(
                session, authority, f"{code}.{role}", name, role
            )
    for authority_code, code, name, role in OTHER_DEPARTMENTS:
        departments[code] = _upsert_department(
            session, authorities[authority_code], code, name, role
        )
    summary.departments = len(departments)
    session.flush()
    shapes = {**region["lines"], **region["polygons"]}
    for spec in DEMO_ZONES:
        authority = authorities[spec.authority]
        existing = session.scalar(
            select(Zone).where(Zone.authority_id == authority.id, Zone.name == spec.name)
        )
        save_zone(
            session,
            department=departments[spec.department],
            name=spec.name,
            geometry=shape(shapes[spec.name.split(" (")[0]]),
            categories=list(spec.categories),
            priority=spec.priority,
            width_m=spec.width_m,
            zone=existing,
        )
        summary.zones += 1
    repository.bump_revision(session)
    session.flush()
    return summary
