"""Routing service: keeps the process's geofence index current and answers routing questions."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import CATEGORIES, FALLBACK_CATEGORY, CategoryDefinition
from meldpunt.routing import repository
from meldpunt.routing.decision import locate_municipality, resolve_department
from meldpunt.routing.errors import UnknownCategory
from meldpunt.routing.index import GeofenceIndex
from meldpunt.routing.schemas import RoutingDecision

logger = logging.getLogger(__name__)

_CATEGORIES_BY_CODE = {c.code: c for c in CATEGORIES}


def category_definition(code: str | None) -> CategoryDefinition:
    """The taxonomy entry for a code (None means "something else"), or UnknownCategory."""
    code = code or FALLBACK_CATEGORY
    try:
        return _CATEGORIES_BY_CODE[code]
    except KeyError:
        raise UnknownCategory(
            f"unknown category {code!r}; see GET /api/v1/categories for the codes", category=code
        ) from None


def build_index(session: Session, *, tolerance_m: float = 10.0) -> GeofenceIndex:
    """Build a fresh index from the published routing data in the database."""
    started = time.perf_counter()
    revision = repository.current_revision(session)
    index = GeofenceIndex(
        repository.load_municipalities(session),
        repository.load_published_zones(session),
        revision,
        tolerance_m=tolerance_m,
    )
    logger.info(
        "geofence index r%s built: %d municipalities, %d zones in %.0f ms",
        revision,
        len(index.municipalities),
        len(index.zones),
        (time.perf_counter() - started) * 1000,
    )
    return index


class RoutingService:
    """One per process: rebuilds its index only when the database's routing revision moved."""

    def __init__(self, *, tolerance_m: float = 10.0) -> None:
        self.tolerance_m = tolerance_m
        self._index: GeofenceIndex | None = None
        self._lock = threading.Lock()

    def index(self, session: Session) -> GeofenceIndex:
        """The index for the current revision, rebuilt once when the revision changed."""
        revision = repository.current_revision(session)
        index = self._index
        if index is not None and index.revision == revision:
            return index
        with self._lock:
            if self._index is None or self._index.revision != revision:
                self._index = build_index(session, tolerance_m=self.tolerance_m)
            return self._index

    def check_coverage(self, session: Session, *, lon: float, lat: float) -> None:
        """Raise OutsideCoverage (or CoordinatesLookSwapped) unless a municipality covers it."""
        locate_municipality(self.index(session), lon, lat)

    def resolve(
        self, session: Session, *, lon: float, lat: float, category_code: str | None
    ) -> RoutingDecision:
        """The routing decision for a point and category (None: route as "something else")."""
        category = category_definition(category_code)
        return resolve_department(self.index(session), lon, lat, category)
