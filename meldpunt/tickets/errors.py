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


class InvalidServiceLevel(InvalidInput):
    """A service level outside the taxonomy or the allowed range."""

    code = "invalid_service_level"
    title = "Invalid service level"


class InvalidDuplicate(InvalidInput):
    """A duplicate mark that makes no sense (of itself, or not marked at all)."""

    code = "invalid_duplicate"
    title = "Invalid duplicate"


class ReportNotLinked(NotFound):
    """The report is not a "+1" of that ticket."""

    code = "report_not_linked"
    title = "Report not linked to this ticket"


class InvalidCorrection(InvalidInput):
    """A forward or recategorization that changes nothing or names an unknown category."""

    code = "invalid_correction"
    title = "Invalid correction"


class UnknownDepartment(InvalidInput):
    """No department with that code."""

    code = "unknown_department"
    title = "Unknown department"


class InvalidNote(InvalidInput):
    """An empty note, or more photos than allowed."""

    code = "invalid_note"
    title = "Invalid note"


class UnknownAuthority(NotFound):
    """No authority with that code."""

    code = "authority_not_found"
    title = "Authority not found"
