"""Ticket errors: stable codes, unaware of HTTP."""

from __future__ import annotations

from meldpunt.core.errors import Conflict, InvalidInput, NotFound


class TicketNotFound(NotFound):
    """No ticket with that id (or not visible to the asker)."""

    code = "ticket_not_found"
    title = "Ticket not found"


class TransitionNotAllowed(Conflict):
    """The ticket's current state does not allow this move."""

    code = "transition_not_allowed"
    title = "Transition not allowed"


class StaleTicket(Conflict):
    """Someone changed the ticket since the client read it; `extra` holds the current state."""

    code = "ticket_changed"
    title = "Ticket changed meanwhile"


class NoteRequired(InvalidInput):
    """This move needs a note for whoever reads the history."""

    code = "note_required"
    title = "Note required"
