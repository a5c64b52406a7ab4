"""Routing errors; each has a stable code, none knows about HTTP."""

from __future__ import annotations

from meldpunt.core.errors import Conflict, InvalidInput, MeldpuntError, NotFound


class OutsideCoverage(MeldpuntError):
    """The point lies outside every routable municipality: there is nobody to route to."""

    code = "outside_coverage"
    title = "Location outside the covered area"


class CoordinatesLookSwapped(OutsideCoverage):
    """Outside coverage, but swapping latitude and longitude would land inside it."""

    code = "coordinates_swapped"
    title = "Latitude and longitude look swapped"


class UnknownCategory(InvalidInput):
    """The category code is not in the taxonomy."""

    code = "unknown_category"
    title = "Unknown category"


class NoResponsibleDepartment(MeldpuntError):
    """The municipality has neither a department for the role nor a customer contact desk."""

    code = "no_responsible_department"
    title = "No responsible department configured"


class InvalidBoundaryFile(InvalidInput):
    """A boundary file cannot be read or lacks the named fields."""

    code = "invalid_boundary_file"
    title = "Invalid boundary file"


class AuthorityNotFound(NotFound):
    """No authority with that code."""

    code = "authority_not_found"
    title = "Authority not found"


class InvalidZone(InvalidInput):
    """A zone definition that cannot be used (no categories, unknown codes, line without width)."""

    code = "invalid_zone"
    title = "Invalid zone"


class DepartmentNotFound(NotFound):
    """No department with that code."""

    code = "department_not_found"
    title = "Department not found"


class NothingToClassify(InvalidInput):
    """The description has no letters or digits (empty, blanks, only emoji)."""

    code = "nothing_to_classify"
    title = "Nothing to classify"


class InvalidTrainingFile(InvalidInput):
    """A labelled CSV that cannot be read, lacks `text`/`category`, or uses unknown codes."""

    code = "invalid_training_file"
    title = "Invalid training file"


class InvalidModelFile(MeldpuntError):
    """A saved classifier that cannot be loaded: damaged, untrusted types, or other feature code."""

    code = "invalid_model_file"
    title = "Invalid classifier model file"


class PromotionRefused(Conflict):
    """A new classifier scores lower on the fixed validation split than the active one."""

    code = "promotion_refused"
    title = "Classifier not promoted"


class ZoneNotFound(NotFound):
    """No zone with that id (or not one of the asker's authority)."""

    code = "zone_not_found"
    title = "Zone not found"
