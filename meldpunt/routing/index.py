"""In-memory geofence index over municipalities and published zones (exact, no approximation)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import Point

from meldpunt.routing.schemas import MunicipalityShape, ZoneShape


class GeofenceIndex:
    """Answers "which municipalities and zones contain this point?" from prepared geometries."""

    def __init__(
        self,
        municipalities: Sequence[MunicipalityShape],
        zones: Sequence[ZoneShape],
        revision: int,
    ) -> None:
        self.revision = revision
        self.municipalities = list(municipalities)
        self.zones = list(zones)
        self._municipality_geoms = np.array([m.boundary for m in self.municipalities], dtype=object)
        self._zone_geoms = np.array([z.geometry for z in self.zones], dtype=object)
        # Prepared geometries make the exact containment test after the bbox query cheap.
        shapely.prepare(self._municipality_geoms)
        shapely.prepare(self._zone_geoms)
        self._municipality_tree = STRtree(self._municipality_geoms)
        self._zone_tree = STRtree(self._zone_geoms)

    def municipalities_at(self, lon: float, lat: float) -> list[MunicipalityShape]:
        """Municipalities whose boundary covers the point (more than one only on a border)."""
        hits = self._exact_hits(self._municipality_tree, self._municipality_geoms, lon, lat)
        return sorted((self.municipalities[i] for i in hits), key=lambda m: m.authority.code)

    def zones_at(self, lon: float, lat: float) -> list[ZoneShape]:
        """Published zones whose area covers the point, in index order."""
        hits = self._exact_hits(self._zone_tree, self._zone_geoms, lon, lat)
        return [self.zones[i] for i in hits]

    @staticmethod
    def _exact_hits(tree: STRtree, geoms: np.ndarray, lon: float, lat: float) -> list[int]:
        point = Point(lon, lat)
        candidates = tree.query(point)
        if len(candidates) == 0:
            return []
        # `intersects` counts a point on the boundary as inside, like PostGIS ST_Intersects.
        inside = shapely.intersects(geoms[candidates], point)
        return sorted(int(i) for i in candidates[inside])
