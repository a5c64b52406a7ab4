"""Where the photo was taken: used when the report has no location, flagged when far off."""

from __future__ import annotations

import io

import piexif
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from meldpunt.api.app import create_app
from meldpunt.core.settings import Settings
from meldpunt.media.schemas import PhotoLimits, PhotoUpload
from meldpunt.media.storage import MediaStorage
from meldpunt.models import AuthorityKind, Photo, Report
from meldpunt.reports.errors import InvalidReport, PhotosRejected
from meldpunt.reports.schemas import NewReport
from meldpunt.reports.service import submit_report
from meldpunt.routing.importer import import_boundaries, read_features
from meldpunt.routing.service import RoutingService
from tests.conftest import SHARED_DATA
from tests.helpers import WEST_TOWN, create_town
from tests.http_helpers import wait_until_processed

DOMTOREN = (52.0907, 5.1214)
PHOTO = SHARED_DATA / "photos" / "mex_sony_cybershot3_o6.jpg"  # a real camera JPEG, no GPS


def with_gps(lat: float, lon: float) -> bytes:
    """The real camera photo with its GPS block rewritten (degrees, minutes, seconds)."""

    def dms(value: float) -> tuple[tuple[int, int], ...]:
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = round(((value - degrees) * 60 - minutes) * 60 * 1000)
        return ((degrees, 1), (minutes, 1), (seconds, 1000))

    exif = piexif.load(PHOTO.read_bytes())
    exif["GPS"] = {
        piexif.GPSIFD.GPSLatitudeRef: b"N" if lat >= 0 else b"S",
        piexif.GPSIFD.GPSLatitude: dms(abs(lat)),
        piexif.GPSIFD.GPSLongitudeRef: b"E" if lon >= 0 else b"W",
        piexif.GPSIFD.GPSLongitude: dms(abs(lon)),
    }
    exif.pop("thumbnail", None)
    out = io.BytesIO()
    piexif.insert(piexif.dump(exif), PHOTO.read_bytes(), out)
    return out.getvalue()


def submit(session: Session, settings: Settings, **fields: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"description": "kapotte bank", "lat": None, "lon": None}
    values.update(fields)
    return submit_report(
        session,
        NewReport(**values),  # type: ignore[arg-type]
        media=MediaStorage.local(settings.effective_media_dir),
        limits=PhotoLimits(20_000_000, 64_000_000),
        routing=RoutingService(),
    )


@pytest.fixture
def town(session: Session) -> None:
    create_town(session, "GM0001", WEST_TOWN, ["kcc"])
    session.commit()


@pytest.mark.usefixtures("town")
def test_photo_position_is_the_location_when_none_is_sent(
    session: Session, settings: Settings
) -> None:
    submitted = submit(session, settings, photos=(PhotoUpload("a.jpg", with_gps(52.02, 5.02)),))
    session.commit()
    report = session.get(Report, submitted.id)
    assert report is not None
    assert (submitted.location_source, report.location_source) == ("exif", "exif")
    photo = session.query(Photo).one()
    assert (photo.gps_lat, photo.gps_lon) == pytest.approx((52.02, 5.02), abs=1e-6)


@pytest.mark.usefixtures("town")
def test_far_apart_positions_are_flagged_close_ones_not(
    session: Session, settings: Settings
) -> None:
    far = submit(
        session,
        settings,
        lat=52.02,
        lon=5.02,
        photos=(PhotoUpload("a.jpg", with_gps(52.02, 5.03)),),
    )  # ~690 m east
    near = submit(
        session,
        settings,
        lat=52.02,
        lon=5.02,
        photos=(PhotoUpload("b.jpg", with_gps(52.0201, 5.0201)),),
    )  # ~13 m
    session.commit()
    far_report, near_report = session.get(Report, far.id), session.get(Report, near.id)
    assert far_report is not None
    assert near_report is not None
    assert far_report.location_source == "device"
    assert "the photo was taken 686 m from the reported location" in (
        far_report.location_note or ""
    )
    assert near_report.location_note is None


@pytest.mark.usefixtures("town")
def test_no_location_anywhere_is_refused(session: Session, settings: Settings) -> None:
    with pytest.raises(InvalidReport, match="no location"):
        submit(session, settings, photos=(PhotoUpload("a.jpg", PHOTO.read_bytes()),))


@pytest.mark.usefixtures("town")
def test_one_bad_photo_of_several_does_not_lose_the_report(
    session: Session, settings: Settings
) -> None:
    bomb = (SHARED_DATA / "photos" / "pil_decompression_bomb.gif").read_bytes()
    submitted = submit(
        session,
        settings,
        lat=52.02,
        lon=5.02,
        photos=(
            PhotoUpload("good.jpg", PHOTO.read_bytes()),
            PhotoUpload("bomb.gif", bomb),
            PhotoUpload("notes.txt", b"hello"),
        ),
    )
    session.commit()
    assert [(r.position, r.filename, r.code) for r in submitted.refused_photos] == [
        (1, "bomb.gif", "photo_too_many_pixels"),
        (2, "notes.txt", "photo_not_an_image"),
    ]
    assert [p.filename for p in session.query(Photo).all()] == ["good.jpg"]
    with pytest.raises(PhotosRejected, match="none of the photos could be used") as caught:
        submit(
            session,
            settings,
            lat=52.02,
            lon=5.02,
            photos=(PhotoUpload("bomb.gif", bomb), PhotoUpload("notes.txt", b"hello")),
        )
    assert [r["filename"] for r in caught.value.extra["refused"]] == ["bomb.gif", "notes.txt"]


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, "PNG")
    return out.getvalue()


def test_report_with_only_an_exif_position_in_utrecht_is_routed_to_utrecht(
    session: Session, settings: Settings
) -> None:
    utrecht = [
        f
        for f in read_features(SHARED_DATA / "nl-municipalities" / "gemeenten_2023_wgs84.geojson")
        if f["properties"]["gemeentecode"] in ("GM0344", "GM0353")
    ]
    import_boundaries(
        session,
        utrecht,
        kind=AuthorityKind.MUNICIPALITY,
        code_field="gemeentecode",
        name_field="gemeentenaam",
    )
    session.commit()
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/api/v1/reports",
            data={"description": "Bankje bij de Domtoren is kapot"},
            files=[
                ("photo", ("dom.jpg", with_gps(*DOMTOREN), "image/jpeg")),
                ("photo", ("plain.png", png_bytes(), "image/png")),
            ],
        )
        assert response.status_code == 202, response.text
        assert response.json()["location_source"] == "exif"
        assert response.json()["photos_refused"] == []
        report = wait_until_processed(client, response.json()["id"])
    assert report["authority"]["code"] == "GM0344"
    assert report["location"]["source"] == "exif"
    assert report["location"]["lat"] == pytest.approx(DOMTOREN[0], abs=1e-5)
    assert [p["url"].endswith(".jpg") for p in report["photos"]] == [True, True]


@pytest.mark.usefixtures("town")
def test_too_many_photos_are_refused_with_the_limit(session: Session, settings: Settings) -> None:
    photo = PhotoUpload("a.png", png_bytes())
    with pytest.raises(InvalidReport, match="6 photos sent; at most 5 per report"):
        submit(session, settings, lat=52.02, lon=5.02, photos=(photo,) * 6)
