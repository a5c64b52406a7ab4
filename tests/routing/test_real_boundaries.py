"""Routing on the real Dutch boundaries; the in-memory index against PostGIS."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import CATEGORIES
from meldpunt.demo.netherlands import load_netherlands
from meldpunt.routing.batch import route_many
from meldpunt.routing.errors import OutsideCoverage
from meldpunt.routing.service import RoutingService, build_index
from meldpunt.routing.sql import postgis_decisions
from tests.conftest import SHARED_DATA

NL_DATA = SHARED_DATA / "nl-municipalities"
NL_BBOX = (3.31, 50.75, 7.23, 53.56)  # lon/lat; includes North Sea, Belgium and Germany


@pytest.fixture
def netherlands(session: Session) -> Session:
    summary = load_netherlands(session, NL_DATA)
    session.commit()
    assert (summary.municipalities, summary.departments, summary.zones) == (343, 8, 481)
    return session


def test_landmarks_and_amsterdam_buurten(netherlands: Session) -> None:
    routing = RoutingService()
    dam = routing.resolve(netherlands, lon=4.8932, lat=52.3731, category_code="afval.zwerfafval")
    assert dam.municipality.code == "GM0363"
    assert dam.department.code == "GM0363.A.afval"  # stadsdeel Centrum
    assert dam.zone is not None
    assert dam.zone.name == "A01e Nieuwe Kerk e.o."
    lamp = routing.resolve(netherlands, lon=4.8932, lat=52.3731, category_code="verlichting.lamp")
    assert (lamp.rule, lamp.department.code) == ("municipality_kcc", "GM0363.kcc")
    assert (
        routing.resolve(netherlands, lon=5.1214, lat=52.0907, category_code=None).municipality.code
        == "GM0344"
    )
    # Baarle-Hertog's Belgian enclaves (GM0998, holes in Baarle-Nassau) are loaded but not
    # routed: a point there is abroad, not Dutch.
    with pytest.raises(OutsideCoverage):
        routing.resolve(netherlands, lon=4.92827, lat=51.43733, category_code=None)


@pytest.mark.postgis
@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_100k_random_points_agree_with_postgis(netherlands: Session) -> None:
    rng = np.random.default_rng(20261128)
    n = 100_000
    lons = rng.uniform(NL_BBOX[0], NL_BBOX[2], n)
    lats = rng.uniform(NL_BBOX[1], NL_BBOX[3], n)
    categories = rng.integers(0, len(CATEGORIES), n)
    index = build_index(netherlands)
    ours = route_many(index, lons, lats, categories, with_ambiguity=False)
    theirs, _ = postgis_decisions(
        netherlands, lons.tolist(), lats.tolist(), [CATEGORIES[c].code for c in categories]
    )
    disagreements = []
    for i, sql in enumerate(theirs):
        mine = ours.outcome(i)
        if mine != (sql.authority_code, sql.department_code, sql.zone_id):
            disagreements.append((lons[i], lats[i], mine, sql))
    assert disagreements == []
    routed = int((ours.core_ids >= 0).sum())
    assert 40_000 < routed < 70_000  # the bbox is about half Dutch land
    in_amsterdam_zones = sum(1 for s in theirs if s.zone_id is not None)
    assert in_amsterdam_zones > 0
