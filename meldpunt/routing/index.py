"""In-memory geofence index over municipalities and published zones: exact, cell-accelerated."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from shapely import STRtree

from meldpunt.core.taxonomy import CATEGORIES
from meldpunt.routing.geometry import to_metric
from meldpunt.routing.grid import FloatArray, GridLayer, GridSpec, IntArray
from meldpunt.routing.schemas import MunicipalityShape, ZoneShape

_METRES_PER_DEGREE = 111_320.0
PIECE_VERTICES = 16
MUNICIPALITY_GRID = GridSpec(cell_lon=0.002, cell_lat=0.0012)  # ~135 m
PIECE_CELL = GridSpec(cell_lon=0.005, cell_lat=0.003)  # ~340 m: pieces near each cell
ZONE_GRID = GridSpec(cell_lon=0.001, cell_lat=0.0006)  # ~67 m: zones are smaller


def _cut_outlines(outlines: np.ndarray, max_vertices: int) -> tuple[np.ndarray, IntArray]:
    """Split every outline into line pieces of at most `max_vertices` vertices."""
    parts, part_owner = shapely.get_parts(outlines, return_index=True)
    pieces: list[object] = []
    owners: list[int] = []
    for line, owner in zip(parts, part_owner.tolist(), strict=True):
        coords = shapely.get_coordinates(line)
        for start in range(0, len(coords) - 1, max_vertices - 1):
            pieces.append(shapely.linestrings(coords[start : start + max_vertices]))
            owners.append(owner)
    return np.array(pieces, dtype=object), np.array(owners, dtype=np.int64)


def _spec_for_tolerance(spec: GridSpec, tolerance_m: float) -> GridSpec:
    """Cells must be more than twice the border tolerance, so that every point within the
    tolerance of a boundary falls in a boundary cell (whose points are examined exactly)."""
    min_lat = 2.2 * tolerance_m / _METRES_PER_DEGREE
    min_lon = 2.2 * tolerance_m / (_METRES_PER_DEGREE * math.cos(math.radians(60)))
    return GridSpec(max(spec.cell_lon, min_lon), max(spec.cell_lat, min_lat))


class GeofenceIndex:
    """Answers "which municipalities and zones contain this point?" for one point or many."""

    def __init__(
        self,
        municipalities: Sequence[MunicipalityShape],
        zones: Sequence[ZoneShape],
        revision: int,
        *,
        tolerance_m: float = 10.0,
    ) -> None:
        self.revision = revision
        self.tolerance_m = tolerance_m
        # Sorted by code, so the lowest index is the lowest code: the tie-break on a border.
        self.municipalities = sorted(municipalities, key=lambda m: m.authority.code)
        self.zones = list(zones)
        self.municipality_layer = GridLayer(
            [m.boundary for m in self.municipalities],
            _spec_for_tolerance(MUNICIPALITY_GRID, tolerance_m),
            near_m=tolerance_m,
        )
        self.zone_layer = GridLayer(
            [z.geometry for z in self.zones],
            _spec_for_tolerance(ZONE_GRID, tolerance_m),
            near_m=tolerance_m,
        )
        # Outlines of municipalities, then zones: in degrees for a quick conservative
        # "within the tolerance?" test, in metres (RD New) for the exact one.
        outlines = [m.boundary.boundary for m in self.municipalities]
        outlines += [z.geometry.boundary for z in self.zones]
        self.outlines = np.array(outlines, dtype=object)
        shapely.prepare(self.outlines)
        # Outlines cut into short pieces with tight bounding boxes: "which borders are within
        # the tolerance of this point" becomes a cheap tree query.
        pieces, owners = _cut_outlines(self.outlines, PIECE_VERTICES)
        self.outline_pieces = pieces
        self.piece_outline = owners
        self.metric_pieces = np.array([to_metric(p) for p in pieces], dtype=object)
        self.piece_tree = STRtree(pieces)
        # A distance in degrees that is at least tolerance_m everywhere in the index.
        max_lat = 60.0
        if self.municipalities:
            max_lat = float(shapely.total_bounds(self.municipality_layer.geometries)[3])
        self.tolerance_deg = tolerance_m / (
            _METRES_PER_DEGREE * math.cos(math.radians(min(abs(max_lat), 89.0)))
        )
        # zone_accepts[zone, category]: can this zone decide for this category at all?
        self.zone_accepts = np.array(
            [[z.accepts(c.code) for c in CATEGORIES] for z in self.zones], dtype=bool
        ).reshape(len(self.zones), len(CATEGORIES))
        self._index_pieces_by_cell()
        self._first_municipality = np.zeros(0, dtype=np.int64)
        self.explanation_context = {"index_revision": revision, "border_tolerance_m": tolerance_m}
        # Cached decision cores per (municipality, zone cover, category); see decision.py.
        self.decision_cache: dict[tuple[int, int, str], object] = {}

    # -- single points -------------------------------------------------------------------

    def municipality_cover(self, lon: float, lat: float) -> int:
        """Cover-set id of the municipalities at a point (0: none)."""
        return self.municipality_layer.cover_id(lon, lat)

    def zone_cover(self, lon: float, lat: float) -> int:
        """Cover-set id of the published zones at a point (0: none)."""
        return self.zone_layer.cover_id(lon, lat)

    def municipalities_at(self, lon: float, lat: float) -> list[MunicipalityShape]:
        """Municipalities whose boundary covers the point (more than one only on a border)."""
        members = self.municipality_layer.members(self.municipality_cover(lon, lat))
        return [self.municipalities[i] for i in members]

    def near_a_border(self, lon: float, lat: float) -> bool:
        """Could a municipality or zone border lie within the tolerance? False is certain."""
        if not (
            self.municipality_layer.near_boundary(lon, lat)
            or self.zone_layer.near_boundary(lon, lat)
        ):
            return False  # the common case, from the rasters alone
        ix = math.floor((lon - self._piece_x0) / PIECE_CELL.cell_lon)
        iy = math.floor((lat - self._piece_y0) / PIECE_CELL.cell_lat)
        if not (0 <= ix < self._piece_nx and 0 <= iy < self._piece_ny):
            return False
        cell = iy * self._piece_nx + ix
        start, end = self._cell_piece_offsets[cell], self._cell_piece_offsets[cell + 1]
        if start == end:
            return False
        pieces = self.outline_pieces[self._cell_pieces[start:end]]
        return bool(shapely.dwithin(pieces, shapely.Point(lon, lat), self.tolerance_deg).any())

    def _index_pieces_by_cell(self) -> None:
        """Per coarse cell, the outline pieces within the tolerance of it: a single point's
        "border nearby?" then tests a handful of pieces instead of querying a tree."""
        d = self.tolerance_deg
        if len(self.outline_pieces) == 0:
            self._piece_x0 = self._piece_y0 = 0.0
            self._piece_nx = self._piece_ny = 0
            self._cell_piece_offsets = np.zeros(1, dtype=np.int64)
            self._cell_pieces = np.zeros(0, dtype=np.int64)
            return
        minx, miny, maxx, maxy = shapely.total_bounds(self.outline_pieces)
        self._piece_x0, self._piece_y0 = minx - d, miny - d
        self._piece_nx = math.floor((maxx + d - self._piece_x0) / PIECE_CELL.cell_lon) + 1
        self._piece_ny = math.floor((maxy + d - self._piece_y0) / PIECE_CELL.cell_lat) + 1
        iy, ix = np.divmod(np.arange(self._piece_nx * self._piece_ny), self._piece_nx)
        x0 = self._piece_x0 + ix * PIECE_CELL.cell_lon
        y0 = self._piece_y0 + iy * PIECE_CELL.cell_lat
        boxes = shapely.box(
            x0 - d, y0 - d, x0 + PIECE_CELL.cell_lon + d, y0 + PIECE_CELL.cell_lat + d
        )
        cells, pieces = self.piece_tree.query(boxes)
        order = np.argsort(cells, kind="stable")
        self._cell_pieces = pieces[order].astype(np.int64)
        self._cell_piece_offsets = np.searchsorted(
            cells[order], np.arange(self._piece_nx * self._piece_ny + 1)
        ).astype(np.int64)

    # -- many points ---------------------------------------------------------------------

    def municipality_covers(self, lons: FloatArray, lats: FloatArray) -> IntArray:
        """Cover-set ids of municipalities for many points."""
        return self.municipality_layer.cover_ids(lons, lats)[0]

    def first_municipality(self, covers: IntArray) -> IntArray:
        """Index of the deciding municipality per cover id (lowest code; -1 for none)."""
        sets = self.municipality_layer.covers.sets
        if len(self._first_municipality) != len(sets):  # new cover sets were met since
            self._first_municipality = np.array([s[0] if s else -1 for s in sets], dtype=np.int64)
        return self._first_municipality[covers]

    @property
    def nbytes(self) -> int:
        """Memory held by the rasters (geometries not counted)."""
        return self.municipality_layer.nbytes + self.zone_layer.nbytes
