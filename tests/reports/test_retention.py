"""Original photos are deleted after the retention period; derivatives and shared bytes stay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from meldpunt.core.settings import Settings
from meldpunt.media.schemas import PhotoLimits, PhotoUpload
from meldpunt.media.storage import MediaStorage
from meldpunt.models import Photo
from meldpunt.models.base import utc_now
from meldpunt.reports.schemas import NewReport
from meldpunt.reports.service import purge_expired_originals, submit_report
from meldpunt.routing.service import RoutingService
from tests.conftest import SHARED_DATA
from tests.helpers import WEST_TOWN, create_town

PHOTOS = SHARED_DATA / "photos"


def submit_photo(session: Session, media: MediaStorage, name: str) -> None:
    submit_report(
        session,
        NewReport(
            description="kapot",
            lat=52.02,
            lon=5.02,
            photos=(PhotoUpload(name, (PHOTOS / name).read_bytes()),),
        ),
        media=media,
        limits=PhotoLimits(20_000_000, 64_000_000),
        routing=RoutingService(),
    )


def test_only_originals_past_retention_are_deleted(session: Session, settings: Settings) -> None:
    create_town(session, "GM0001", WEST_TOWN, ["kcc"])
    media = MediaStorage.local(settings.effective_media_dir)
    submit_photo(session, media, "orient_landscape_3.jpg")  # old
    submit_photo(session, media, "orient_landscape_6.jpg")  # old, but the same bytes ...
    submit_photo(session, media, "orient_landscape_6.jpg")  # ... are sent again today
    photos = session.query(Photo).order_by(Photo.id).all()
    old_ids = [photos[0].id, photos[1].id]
    session.execute(
        update(Photo)
        .where(Photo.id.in_(old_ids))
        .values(created_at=utc_now() - timedelta(days=400))
    )
    session.commit()

    assert purge_expired_originals(session, media=media, retention_days=365) == 2
    session.commit()
    first, second, fresh = session.query(Photo).order_by(Photo.id).all()
    assert first.original_deleted_at is not None
    assert not media.private.exists(first.original_key)
    assert second.original_deleted_at is not None
    assert media.private.exists(second.original_key)  # still needed by today's photo
    assert fresh.original_deleted_at is None
    assert purge_expired_originals(session, media=media, retention_days=365) == 0
