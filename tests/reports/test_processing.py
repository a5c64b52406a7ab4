"""Report intake and processing on both databases, without HTTP or Celery."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from meldpunt.core.settings import Settings
from meldpunt.media.errors import NotAnImage
from meldpunt.media.schemas import PhotoLimits, PhotoUpload
from meldpunt.media.storage import MediaStorage
from meldpunt.models import AuthorityKind, Photo, Report, ReportStatus, StatusChange, Ticket
from meldpunt.reports.errors import InvalidReport, ReportNotFound
from meldpunt.reports.processing import ProcessingContext, process_report
from meldpunt.reports.schemas import NewReport
from meldpunt.reports.service import get_public_report, hash_tracking_token, submit_report
from meldpunt.routing.classifier import CategoryGuess
from meldpunt.routing.errors import OutsideCoverage
from meldpunt.routing.service import RoutingService
from meldpunt.tickets.schemas import TicketRules
from tests.conftest import SHARED_DATA
from tests.helpers import (
    WEST_TOWN,
    create_authority,
    create_department,
    create_town,
    create_zone,
)

LIMITS = PhotoLimits(max_bytes=20_000_000, max_pixels=64_000_000)
PHOTO = SHARED_DATA / "photos" / "orient_landscape_6.jpg"


def fixed_classifier(category: str, probability: float):  # type: ignore[no-untyped-def]
    def classify(_: str) -> list[CategoryGuess]:
        return [CategoryGuess(category, probability), CategoryGuess("overig.overig", 0.01)]

    return classify


def context_for(
    settings: Settings,
    routing: RoutingService,
    category: str = "groen.boom",
    probability: float = 0.9,
) -> ProcessingContext:
    return ProcessingContext(
        routing=routing,
        classify=fixed_classifier(category, probability),
        media=MediaStorage.local(settings.effective_media_dir),
        limits=LIMITS,
        thumbnail_px=320,
        confidence_threshold=0.5,
        tickets=TicketRules.from_settings(settings),
    )


def submit(session: Session, settings: Settings, routing: RoutingService, **fields: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"description": "boom omgewaaid", "lat": 52.02, "lon": 5.02}
    values.update(fields)
    return submit_report(
        session,
        NewReport(**values),  # type: ignore[arg-type]
        media=MediaStorage.local(settings.effective_media_dir),
        limits=LIMITS,
        routing=routing,
    )


@pytest.fixture
def town(session: Session) -> None:
    authority = create_town(session, "GM0001", WEST_TOWN, ["kcc", "groen"])
    create_department(session, authority, "water")
    session.commit()


@pytest.mark.usefixtures("town")
def test_report_becomes_one_ticket_and_processing_twice_changes_nothing(
    session: Session, settings: Settings
) -> None:
    routing = RoutingService()
    submitted = submit(
        session, settings, routing, photos=(PhotoUpload("tree.jpg", PHOTO.read_bytes()),)
    )
    session.commit()
    context = context_for(settings, routing)
    assert process_report(session, submitted.id, context) == ReportStatus.ROUTED
    session.commit()
    history = session.scalar(select(func.count()).select_from(StatusChange))
    assert process_report(session, submitted.id, context) == ReportStatus.ROUTED
    session.commit()
    assert session.scalar(select(func.count()).select_from(Ticket)) == 1
    assert session.scalar(select(func.count()).select_from(StatusChange)) == history
    ticket = session.scalars(select(Ticket)).one()
    assert ticket.decision["department"]["code"] == "GM0001.groen"
    assert ticket.decision["classification"]["source"] == "classifier"
    public = get_public_report(session, submitted.id)
    assert public.category is not None
    assert (public.category.code, public.department.code) == ("groen.boom", "GM0001.groen")  # type: ignore[union-attr]
    assert public.photos[0].thumbnail_key is not None
    assert public.photos[0].thumbnail_key.endswith(".webp")


@pytest.mark.usefixtures("town")
def test_low_confidence_uses_the_residents_choice_else_overig(
    session: Session, settings: Settings
) -> None:
    routing = RoutingService()
    chosen = submit(session, settings, routing, category="water.oever")
    unsure = submit(session, settings, routing)
    session.commit()
    context = context_for(settings, routing, probability=0.2)
    process_report(session, chosen.id, context)
    process_report(session, unsure.id, context)
    session.commit()
    chosen_report = session.get(Report, chosen.id)
    unsure_report = session.get(Report, unsure.id)
    assert chosen_report is not None
    assert unsure_report is not None
    assert (chosen_report.category_code, chosen_report.category_source) == (
        "water.oever",
        "resident",
    )
    assert (unsure_report.category_code, unsure_report.category_source) == (
        "overig.overig",
        "fallback",
    )
    assert get_public_report(session, unsure.id).department.code == "GM0001.kcc"  # type: ignore[union-attr]


@pytest.mark.usefixtures("town")
def test_location_outside_coverage_at_processing_time_is_recorded(
    session: Session, settings: Settings
) -> None:
    routing = RoutingService()
    submitted = submit(session, settings, routing)
    session.commit()
    # The municipality disappears between intake and processing (boundary re-import).
    session.execute(update(Report).values(location=func.ST_GeomFromText("POINT(3 54.5)", 4326)))
    session.commit()
    assert process_report(session, submitted.id, context_for(settings, routing)) == (
        ReportStatus.OUTSIDE_COVERAGE
    )
    session.commit()
    report = session.get(Report, submitted.id)
    assert report is not None
    assert "outside the area" in (report.processing_error or "")


@pytest.mark.usefixtures("town")
def test_intake_keeps_contact_only_with_consent_and_hashes_the_token(
    session: Session, settings: Settings
) -> None:
    routing = RoutingService()
    with_consent = submit(session, settings, routing, email="a@example.org")
    without = submit(session, settings, routing, email="b@example.org", contact_consent=False)
    session.commit()
    stored = session.get(Report, with_consent.id)
    assert stored is not None
    assert stored.contact_email == "a@example.org"
    assert stored.tracking_token_hash == hash_tracking_token(with_consent.tracking_token)
    assert with_consent.tracking_token not in stored.tracking_token_hash
    assert len(with_consent.tracking_token) >= 43  # 256 random bits, url-safe
    assert session.get(Report, without.id).contact_email is None  # type: ignore[union-attr]


@pytest.mark.usefixtures("town")
@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"description": "   "}, InvalidReport, "description is empty"),
        ({"lat": None}, InvalidReport, "'lat' is missing"),
        ({"lon": float("nan")}, InvalidReport, "not a longitude"),
        ({"category": "lamp"}, InvalidReport, "unknown category"),
        ({"lat": 54.5, "lon": 3.0}, OutsideCoverage, "outside the area"),
        ({"photos": (PhotoUpload("notes.txt", b"hello"),)}, NotAnImage, "'notes.txt'"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_stored(
    session: Session,
    settings: Settings,
    fields: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        submit(session, settings, RoutingService(), **fields)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Report)) == 0
    assert session.scalar(select(func.count()).select_from(Photo)) == 0


def test_unknown_report_is_not_found(session: Session, settings: Settings) -> None:
    with pytest.raises(ReportNotFound):
        get_public_report(session, uuid.uuid4())
    with pytest.raises(ReportNotFound):
        process_report(session, uuid.uuid4(), context_for(settings, RoutingService()))


@pytest.mark.usefixtures("town")
def test_zone_of_another_authority_gets_the_ticket(session: Session, settings: Settings) -> None:
    board = create_authority(session, "WS01", WEST_TOWN.buffer(0.1), kind=AuthorityKind.WATERBOARD)
    board_water = create_department(session, board, "water")
    create_zone(session, board_water, WEST_TOWN, ["water.*"], priority=10, name="canal")
    session.commit()
    routing = RoutingService()
    submitted = submit(session, settings, routing)
    session.commit()
    process_report(session, submitted.id, context_for(settings, routing, "water.vervuiling"))
    session.commit()
    public = get_public_report(session, submitted.id)
    assert public.authority is not None
    assert (public.authority.code, public.authority_kind) == ("WS01", "waterboard")


@pytest.mark.usefixtures("town")
def test_the_same_problem_nearby_becomes_a_plus_one_not_a_second_ticket(
    session: Session, settings: Settings
) -> None:
    routing = RoutingService()
    context = context_for(settings, routing)
    first = submit(session, settings, routing)
    session.commit()
    process_report(session, first.id, context)
    session.commit()
    # 0.0001° of latitude is about 11 m: the same fallen tree.
    again = submit(session, settings, routing, description="omgevallen boom", lat=52.0201)
    far = submit(session, settings, routing, lat=52.021)  # about 110 m away: another tree
    session.commit()
    assert process_report(session, again.id, context) == ReportStatus.LINKED
    assert process_report(session, far.id, context) == ReportStatus.ROUTED
    session.commit()
    tickets = session.scalars(select(Ticket).order_by(Ticket.id)).all()
    assert [t.report_id for t in tickets] == [first.id, far.id]
    assert tickets[0].due_at is not None  # groen.boom: 2 working days by default
    plus_one = get_public_report(session, again.id)
    assert (plus_one.status, plus_one.joined_report_id, plus_one.progress) == (
        ReportStatus.LINKED,
        first.id,
        "new",
    )
    assert plus_one.department is not None
    assert plus_one.department.code == "GM0001.groen"
    assert get_public_report(session, first.id).supporters == 1
    # Processing the "+1" again changes nothing.
    assert process_report(session, again.id, context) == ReportStatus.LINKED
    assert tickets[0].version == 2  # version 1 at creation, one "+1" change since
    assert tickets[1].version == 1
