"""Load real Dutch data: CBS municipalities, and Amsterdam's buurten as zones of the
stadsdeel departments (waste, green and graffiti are handled per stadsdeel)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import shape
from sqlalchemy.orm import Session

from meldpunt.models import AuthorityKind, Department
from meldpunt.routing import repository
from meldpunt.routing.errors import AuthorityNotFound
from meldpunt.routing.importer import import_boundaries, read_features
from meldpunt.routing.zones import save_zone

MUNICIPALITIES_FILE = "gemeenten_2023_wgs84.geojson"
STADSDELEN_FILE = "districts/amsterdam_stadsdelen_2019_wgs84.geojson"
BUURTEN_FILE = "districts/amsterdam_buurten_2019_wgs84.geojson"
AMSTERDAM = "GM0363"
STADSDEEL_CATEGORIES = ["afval.*", "groen.*", "overlast.graffiti"]


@dataclass
class NetherlandsSummary:
    """What was loaded."""

    municipalities: int
    departments: int
    zones: int


def load_netherlands(session: Session, data_dir: Path) -> NetherlandsSummary:
    """Municipalities from `data_dir` (the shared nl-municipalities folder) plus Amsterdam's
    481 buurten as zones, each handed to its stadsdeel's department."""
    imported = import_boundaries(
        session,
        read_features(data_dir / MUNICIPALITIES_FILE),
        kind=AuthorityKind.MUNICIPALITY,
        code_field="gemeentecode",
        name_field="gemeentenaam",
    )
    amsterdam = repository.get_authority_by_code(session, AMSTERDAM)
    if amsterdam is None:
        raise AuthorityNotFound(f"{AMSTERDAM} missing from {MUNICIPALITIES_FILE}")
    departments: dict[str, Department] = {}
    for feature in read_features(data_dir / STADSDELEN_FILE):
        letter, name = feature["properties"]["code"], feature["properties"]["naam"]
        code = f"{AMSTERDAM}.{letter}.afval"
        department = repository.get_department_by_code(session, code)
        if department is None:
            department = Department(
                authority_id=amsterdam.id,
                code=code,
                name=f"Stadsdeel {name}: afval, groen en reiniging",
                role="afval",
                delivery={},
            )
            session.add(department)
        departments[letter] = department
    session.flush()
    zones = 0
    for feature in read_features(data_dir / BUURTEN_FILE):
        properties = feature["properties"]
        save_zone(
            session,
            department=departments[properties["vollcode"][0]],
            name=f"{properties['vollcode']} {properties['naam']}",
            geometry=shape(feature["geometry"]),
            categories=STADSDEEL_CATEGORIES,
        )
        zones += 1
    return NetherlandsSummary(imported.created + imported.updated, len(departments), zones)
