"""Importing the real CBS municipality boundaries, on both databases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from meldpunt.models import Authority, AuthorityKind, Department
from meldpunt.routing.errors import InvalidBoundaryFile
from meldpunt.routing.importer import import_boundaries, read_features
from meldpunt.routing.service import RoutingService
from tests.conftest import SHARED_DATA

MUNICIPALITIES = SHARED_DATA / "nl-municipalities" / "gemeenten_2023_wgs84.geojson"
LANDMARKS = {
    "Dam, Amsterdam": (52.3731, 4.8932, "GM0363"),
    "Domtoren, Utrecht": (52.0907, 5.1214, "GM0344"),
    "Erasmusbrug, Rotterdam": (51.9094, 4.4868, "GM0599"),
    "Binnenhof, Den Haag": (52.0799, 4.3133, "GM0518"),
    "Martinitoren, Groningen": (53.2193, 6.5681, "GM0014"),
    "Vrijthof, Maastricht": (50.8489, 5.6889, "GM0935"),
}


@pytest.fixture(scope="module")
def features() -> list[dict[str, object]]:
    if not MUNICIPALITIES.exists():
        pytest.fail(f"shared data missing: {MUNICIPALITIES}")
    return read_features(MUNICIPALITIES)


def test_all_municipalities_load_and_landmarks_route_right(
    session: Session, features: list[dict[str, object]]
) -> None:
    summary = import_boundaries(
        session,
        features,
        kind=AuthorityKind.MUNICIPALITY,
        code_field="gemeentecode",
        name_field="gemeentenaam",
    )
    session.commit()
    assert summary.created == 343
    assert [n.split(":")[0] for n in summary.non_routable] == ["GM0998 Buitenland"]
    # The five municipalities SOURCE.md lists as invalid after simplification were repaired.
    assert sorted(r.split()[0] for r in summary.repaired) == [
        "GM0303",
        "GM0716",
        "GM0852",
        "GM1895",
        "GM1924",
    ]
    routable = session.scalar(
        select(func.count()).select_from(Authority).where(Authority.routable.is_(True))
    )
    assert routable == 342
    assert session.scalar(select(func.count()).select_from(Department)) == 342  # kcc desks
    routing = RoutingService()
    for name, (lat, lon, code) in LANDMARKS.items():
        decision = routing.resolve(session, lon=lon, lat=lat, category_code="wegen.wegdek")
        assert decision.municipality.code == code, name
        assert decision.department.code == f"{code}.kcc", name


def test_importing_again_updates_instead_of_duplicating(
    session: Session, features: list[dict[str, object]]
) -> None:
    subset = features[:5]
    import_boundaries(
        session,
        subset,
        kind=AuthorityKind.MUNICIPALITY,
        code_field="gemeentecode",
        name_field="gemeentenaam",
    )
    again = import_boundaries(
        session,
        subset,
        kind=AuthorityKind.MUNICIPALITY,
        code_field="gemeentecode",
        name_field="gemeentenaam",
    )
    assert (again.created, again.updated, again.desks_created) == (0, 5, 0)
    assert session.scalar(select(func.count()).select_from(Authority)) == 5


def test_missing_field_names_the_fields_that_exist(features: list[dict[str, object]]) -> None:
    with pytest.raises(InvalidBoundaryFile, match=r"no 'code' or 'naam' property.*gemeentecode"):
        import_boundaries(
            cast(Session, None),
            features[:1],
            kind=AuthorityKind.MUNICIPALITY,
            code_field="code",
            name_field="naam",
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a GeoJSON file"),
        (json.dumps({"type": "Feature"}), "expected a GeoJSON FeatureCollection"),
        (json.dumps({"type": "FeatureCollection"}), "no 'features' list"),
    ],
)
def test_unreadable_files_are_refused_clearly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(InvalidBoundaryFile, match=message):
        read_features(path)


def test_missing_file_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(InvalidBoundaryFile, match="no such file"):
        read_features(tmp_path / "nope.geojson")
