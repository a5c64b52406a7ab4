"""Notes staff add to a ticket, with optional "after" photos that go through the media pipeline."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from meldpunt.media.photos import store_photo
from meldpunt.media.schemas import PhotoLimits, PhotoUpload
from meldpunt.media.service import inspect_photo
from meldpunt.media.storage import MediaStorage
from meldpunt.models import Photo, TicketNote
from meldpunt.models.base import utc_now
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
    position = 1 + (
        session.scalar(select(func.max(Photo.position)).where(Photo.report_id == ticket.report_id))
        or 0
    )
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
    notes = list(
        session.scalars(
            select(TicketNote)
            .where(TicketNote.ticket_id == ticket_id)
            .order_by(TicketNote.created_at, TicketNote.id)
        )
    )
    photos = list_note_photos(session, [n.id for n in notes])
    return [(n, [p for p in photos if p.note_id == n.id]) for n in notes]


def list_note_photos(session: Session, note_ids: list[int]) -> list[Photo]:
    """Photos of these notes, in position order."""
    if not note_ids:
        return []
    return list(
        session.scalars(select(Photo).where(Photo.note_id.in_(note_ids)).order_by(Photo.position))
    )


def list_notes_waiting_for_derivatives(session: Session, *, older_than_s: int) -> list[int]:
    """Notes with a photo still without derivatives after `older_than_s` (for the sweeper)."""
    cutoff = utc_now() - timedelta(seconds=older_than_s)
    return list(
        session.scalars(
            select(Photo.note_id)
            .where(
                Photo.note_id.is_not(None),
                Photo.thumbnail_key.is_(None),
                Photo.created_at < cutoff,
            )
            .distinct()
        )
    )
