"""Report errors: stable codes, unaware of HTTP."""

from __future__ import annotations

from meldpunt.core.errors import InvalidInput, NotFound


class ReportNotFound(NotFound):
    """No report with that id."""

    code = "report_not_found"
    title = "Report not found"


class InvalidReport(InvalidInput):
    """The report's fields are well-formed but do not make a usable report."""

    code = "invalid_report"
    title = "Invalid report"


class PhotosRejected(InvalidReport):
    """Every photo of a report was refused (each reason is listed)."""

    code = "photos_rejected"
    title = "No usable photo"
