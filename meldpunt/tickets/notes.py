"""Notes staff add to a ticket, with optional "after" photos that go through the media pipeline."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from meldpunt.media.photos import store_photo
from meldpunt.media.schemas import PhotoLimits, PhotoUpload
from meldpunt.media.service import inspect_photo
from meldpunt.media.storage import MediaStorage
from meldpunt.models import Photo, TicketNote
from meldpunt.models.base import utc_now
from meldpunt.tickets import repository
from meldpunt.tickets.errors import InvalidNote
from meldpunt.tickets.service import get_ticket


def add_note(
    session: Session,
    *,
    ticket_id: int,
    text: str,
    photos: tuple[PhotoUpload, ...],
    media: MediaStorage,
    limits: PhotoLimits,
    actor: str,
) -> TicketNote:
    """Store the note and its photos' originals; derivatives are made later by the pipeline.

    Every photo is checked before anything is stored: a refused photo refuses the note.
    """
    text = text.strip()
    if not text:
        raise InvalidNote("the note is empty: say what was done or seen", field="text")
    if len(photos) > limits.max_photos:
        raise InvalidNote(
            f"{len(photos)} photos sent; at most {limits.max_photos} per note",
            field="photo",
            limit=limits.max_photos,
        )
    checked = [(upload, inspect_photo(upload.data, upload.filename, limits)) for upload in photos]
    ticket = get_ticket(session, ticket_id)
    note = TicketNote(ticket_id=ticket.id, actor=actor, text=text)
    session.add(note)
    session.flush()
    # Positions are per report and shared with the resident's photos, so that one URL
    # scheme (…/photos/{position}/original) serves both.
    position = 1 + (repository.last_photo_position(session, ticket.report_id) or 0)
    for offset, (upload, info) in enumerate(checked):
        session.add(
            store_photo(
                media,
                report_id=ticket.report_id,
                position=position + offset,
                upload=upload,
                info=info,
                note_id=note.id,
            )
        )
    session.flush()
    return note


def list_notes(session: Session, ticket_id: int) -> list[tuple[TicketNote, list[Photo]]]:
    """The ticket's notes, oldest first, each with its photos."""
    notes = repository.notes_of_ticket(session, ticket_id)
    photos = list_note_photos(session, [n.id for n in notes])
    return [(n, [p for p in photos if p.note_id == n.id]) for n in notes]


def list_note_photos(session: Session, note_ids: list[int]) -> list[Photo]:
    """Photos of these notes, in position order."""
    return repository.photos_of_notes(session, note_ids)


def list_notes_waiting_for_derivatives(session: Session, *, older_than_s: int) -> list[int]:
    """Notes with a photo still without derivatives after `older_than_s` (for the sweeper)."""
    cutoff = utc_now() - timedelta(seconds=older_than_s)
    return repository.notes_with_photos_missing_derivatives(session, cutoff)
