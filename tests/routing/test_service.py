"""The routing service on a real database: revision-checked index, zones, statuses."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from meldpunt.models import ZoneStatus
from meldpunt.routing.errors import UnknownCategory
from meldpunt.routing.repository import bump_revision, current_revision
from meldpunt.routing.service import RoutingService
from tests.helpers import (
    EAST_TOWN,
    WEST_TOWN,
    bowtie,
    create_authority,
    create_department,
    create_town,
    create_zone,
    ring_with_hole,
)


def test_decisions_follow_published_zones_on_both_databases(session: Session) -> None:
    west = create_authority(session, "GM0001", WEST_TOWN)
    create_department(session, west, "kcc")
    parks = create_department(session, west, "groen")
    water = create_department(session, west, "water")
    create_town(session, "GM0002", EAST_TOWN, ["kcc"])
    create_zone(session, parks, ring_with_hole(), ["groen.*", "afval.zwerfafval"], name="park")
    create_zone(session, water, bowtie(), ["water.*"], name="repaired bowtie")
    create_zone(
        session, water, WEST_TOWN, ["*"], name="draft", status=ZoneStatus.DRAFT, priority=99
    )
    session.commit()

    routing = RoutingService()
    in_park = routing.resolve(session, lon=5.015, lat=52.015, category_code="afval.zwerfafval")
    assert (in_park.rule, in_park.department.code, in_park.zone.name) == (  # type: ignore[union-attr]
        "zone",
        "GM0001.groen",
        "park",
    )
    # The draft zone (priority 99, covers everything) takes no part in routing.
    in_pond = routing.resolve(session, lon=5.025, lat=52.025, category_code="afval.zwerfafval")
    assert in_pond.rule == "municipality_kcc"
    # The bow tie was stored repaired: a point in one of its lobes is in the zone.
    lobe = routing.resolve(session, lon=5.003, lat=52.01, category_code="water.vervuiling")
    assert lobe.zone is not None
    assert lobe.zone.name == "repaired bowtie"
    east = routing.resolve(session, lon=5.07, lat=52.02, category_code=None)
    assert (east.department.code, east.category_code) == ("GM0002.kcc", "overig.overig")


def test_index_is_rebuilt_only_when_the_revision_changes(session: Session) -> None:
    create_town(session, "GM0001", WEST_TOWN, ["kcc"])
    session.commit()
    routing = RoutingService()
    first = routing.index(session)
    assert routing.index(session) is first
    bump_revision(session)
    session.commit()
    second = routing.index(session)
    assert second is not first
    assert second.revision == current_revision(session)


def test_unknown_category_is_refused(session: Session) -> None:
    create_town(session, "GM0001", WEST_TOWN, ["kcc"])
    with pytest.raises(UnknownCategory, match="unknown category 'lampen'"):
        RoutingService().resolve(session, lon=5.02, lat=52.02, category_code="lampen")
