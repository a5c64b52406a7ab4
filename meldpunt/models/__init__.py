"""ORM tables (one module per table), engine and sessions, migrations."""

from meldpunt.models.authority import Authority, AuthorityKind
from meldpunt.models.base import Base
from meldpunt.models.category import Category
from meldpunt.models.department import Department
from meldpunt.models.photo import Photo
from meldpunt.models.report import CategorySource, LocationSource, Report, ReportStatus
from meldpunt.models.routing_feedback import FeedbackKind, RoutingFeedback
from meldpunt.models.routing_revision import RoutingRevision
from meldpunt.models.service_level import ServiceLevel
from meldpunt.models.status_change import StatusChange
from meldpunt.models.ticket import Ticket, TicketStatus
from meldpunt.models.ticket_note import TicketNote
from meldpunt.models.training_example import TrainingExample
from meldpunt.models.user import Credential, Role, User, user_department
from meldpunt.models.zone import Zone, ZoneStatus

__all__ = [
    "Authority",
    "AuthorityKind",
    "Base",
    "Category",
    "CategorySource",
    "Credential",
    "Department",
    "FeedbackKind",
    "LocationSource",
    "Photo",
    "Report",
    "ReportStatus",
    "Role",
    "RoutingFeedback",
    "RoutingRevision",
    "ServiceLevel",
    "StatusChange",
    "Ticket",
    "TicketNote",
    "TicketStatus",
    "TrainingExample",
    "User",
    "Zone",
    "ZoneStatus",
    "user_department",
]
