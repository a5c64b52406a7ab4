"""Ticket notes with "after" photos: checked before anything is stored, derived later."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from meldpunt.media.errors import NotAnImage
from meldpunt.media.photos import derive_missing
from meldpunt.media.schemas import PhotoLimits, PhotoUpload
from meldpunt.media.storage import MediaStorage
from meldpunt.models import Photo, Ticket, TicketNote
from meldpunt.reports.repository import list_photos
from meldpunt.tickets.errors import InvalidNote, TicketNotFound
from meldpunt.tickets.notes import add_note, list_notes, list_notes_waiting_for_derivatives
from tests.conftest import SHARED_DATA
from tests.helpers import WEST_TOWN, create_department, create_ticket, create_town

LIMITS = PhotoLimits(max_bytes=20 << 20, max_pixels=64_000_000, max_photos=2)
AFTER = PhotoUpload("after.jpg", (SHARED_DATA / "photos" / "orient_landscape_6.jpg").read_bytes())


@pytest.fixture
def ticket(session: Session) -> Ticket:
    return create_ticket(
        session, create_department(session, create_town(session, "GM0001", WEST_TOWN, []), "wegen")
    )


@pytest.fixture
def media(tmp_path: Path) -> MediaStorage:
    return MediaStorage.local(tmp_path / "media")


def note(
    session: Session, ticket_id: int, media: MediaStorage, text: str, *photos: PhotoUpload
) -> TicketNote:
    return add_note(
        session,
        ticket_id=ticket_id,
        text=text,
        photos=photos,
        media=media,
        limits=LIMITS,
        actor="user:1",
    )


def test_a_note_with_an_after_photo(session: Session, ticket: Ticket, media: MediaStorage) -> None:
    added = note(session, ticket.id, media, "  tegel teruggelegd  ", AFTER)
    assert added.text == "tegel teruggelegd"
    [(stored, photos)] = list_notes(session, ticket.id)
    assert stored.id == added.id
    assert [(p.position, p.note_id, p.thumbnail_key) for p in photos] == [(1, added.id, None)]
    assert media.private.get(photos[0].original_key) == AFTER.data
    # The resident's photo list stays the resident's.
    assert list_photos(session, ticket.report_id) == []
    assert list_notes_waiting_for_derivatives(session, older_than_s=-60) == [added.id]
    made = derive_missing(photos, media, LIMITS, thumbnail_px=320)
    assert made == 1
    assert photos[0].thumbnail_key is not None
    assert photos[0].phash is not None
    session.flush()
    assert list_notes_waiting_for_derivatives(session, older_than_s=-60) == []
    second = note(session, ticket.id, media, "nog een", AFTER)
    assert [p.position for _, ps in list_notes(session, ticket.id) for p in ps] == [1, 2]
    assert second.id != added.id


def test_bad_notes_store_nothing(
    session: Session, ticket: Ticket, media: MediaStorage, tmp_path: Path
) -> None:
    with pytest.raises(InvalidNote):
        note(session, ticket.id, media, "   ")
    with pytest.raises(InvalidNote):
        note(session, ticket.id, media, "te veel", AFTER, AFTER, AFTER)
    with pytest.raises(NotAnImage):
        note(session, ticket.id, media, "kapot", AFTER, PhotoUpload("x.jpg", b"not an image"))
    with pytest.raises(TicketNotFound):
        note(session, 999_999, media, "bestaat niet")
    assert session.scalar(select(func.count()).select_from(TicketNote)) == 0
    assert session.scalar(select(func.count()).select_from(Photo)) == 0
    # No orphan originals: every photo was checked before the first one was stored.
    assert [f for f in (tmp_path / "media").rglob("*") if f.is_file()] == []
