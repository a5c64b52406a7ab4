"""An exact point-in-polygon layer, accelerated by a raster of cells that need no test at all.

Cells are labelled once at build time. A cell that no polygon boundary comes near is covered
by the same set of polygons everywhere, so a point in it is answered by one array lookup.
Only points in cells near a boundary are tested exactly (prepared geometries, vectorised).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from scipy import ndimage
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

# Cell labels: >= 0 is a cover-set id; a negative label -k-1 marks boundary cell number k,
# whose points are tested exactly against that cell's candidate geometries.

MAX_SUB = 8
"""Subcells per cell side at most (boundary cells are split to answer without geometry)."""
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class GridSpec:
    """Cell size in degrees; ~0.002° × 0.0012° is about 135 m square in the Netherlands."""

    cell_lon: float = 0.002
    cell_lat: float = 0.0012


class CoverSets:
    """Interns sets of polygon indices: id 0 is the empty set."""

    def __init__(self) -> None:
        self.sets: list[tuple[int, ...]] = [()]
        self._ids: dict[tuple[int, ...], int] = {(): 0}
        self._lock = threading.Lock()

    def intern(self, members: tuple[int, ...]) -> int:
        """The id of a sorted tuple of polygon indices, created on first sight."""
        found = self._ids.get(members)
        if found is not None:
            return found
        with self._lock:  # several request threads may meet the same new set
            found = self._ids.get(members)
            if found is None:
                found = len(self.sets)
                self.sets.append(members)
                self._ids[members] = found
            return found


class GridLayer:
    """Which of `geometries` cover a point: exact, with most answers from the cell raster."""

    def __init__(
        self,
        geometries: Sequence[BaseGeometry],
        spec: GridSpec | None = None,
        *,
        near_m: float = 10.0,
    ) -> None:
        self.spec = spec or GridSpec()
        self.geometries = np.array(list(geometries), dtype=object)
        shapely.prepare(self.geometries)
        self.tree = STRtree(self.geometries)
        self.covers = CoverSets()
        self._single_ids = np.array(
            [self.covers.intern((i,)) for i in range(len(self.geometries))], dtype=np.int64
        )
        self.near_m = near_m
        self._build_raster()

    # -- build ---------------------------------------------------------------------------

    def _build_raster(self) -> None:
        dx, dy = self.spec.cell_lon, self.spec.cell_lat
        if len(self.geometries) == 0:
            self.x0, self.y0, self.nx, self.ny = 0.0, 0.0, 1, 1
            self.cells = np.zeros((1, 1), dtype=np.int32)
            self.candidate_geoms = np.zeros(0, dtype=np.int64)
            self.candidate_offsets = np.zeros(1, dtype=np.int64)
            self.sub = self.cover_sub = 1
            self.near_bits = np.zeros(0, dtype=np.uint64)
            self.sub_covers = np.zeros((0, 1), dtype=np.int32)
            return
        minx, miny, maxx, maxy = shapely.total_bounds(self.geometries)
        # Two empty cells on every side: boundary marking spreads one cell beyond a vertex, so
        # the outermost ring is never a boundary cell and off-grid points can be clamped onto it.
        self.x0, self.y0 = minx - 2 * dx, miny - 2 * dy
        self.nx = math.floor((maxx - self.x0) / dx) + 3
        self.ny = math.floor((maxy - self.y0) / dy) + 3
        near_boundary = self._boundary_mask()
        # Cells away from every boundary form regions, each inside the same polygons everywhere:
        # one exact test per region labels all its cells.
        regions, count = ndimage.label(~near_boundary)
        cells = np.full((self.ny, self.nx), -1, dtype=np.int32)
        if count:
            flat = regions.ravel()
            order = np.argsort(flat, kind="stable")
            starts = np.searchsorted(flat[order], np.arange(1, count + 1))
            representative = order[starts]
            iy, ix = np.divmod(representative, self.nx)
            xs = self.x0 + (ix + 0.5) * dx
            ys = self.y0 + (iy + 0.5) * dy
            region_cover = self._exact_cover_ids(xs, ys)
            lookup = np.concatenate(([-1], region_cover)).astype(np.int32)
            cells = lookup[regions]
        self._attach_candidates(cells)
        self.cells = cells
        self._attach_near_bits(maxy)
        self._attach_subcell_covers()

    def _attach_candidates(self, cells: npt.NDArray[np.int32]) -> None:
        """Number the boundary cells and list, per cell, the geometries that touch it."""
        dx, dy = self.spec.cell_lon, self.spec.cell_lat
        flat = cells.reshape(-1)
        boundary = np.flatnonzero(flat < 0)
        flat[boundary] = -np.arange(1, len(boundary) + 1, dtype=np.int32)
        self._boundary_flat = boundary
        iy, ix = np.divmod(boundary, self.nx)
        boxes = shapely.box(
            self.x0 + ix * dx, self.y0 + iy * dy, self.x0 + (ix + 1) * dx, self.y0 + (iy + 1) * dy
        )
        cell_idx, geom_idx = self.tree.query(boxes, predicate="intersects")
        order = np.lexsort((geom_idx, cell_idx))
        self.candidate_geoms = geom_idx[order]
        self.candidate_offsets = np.searchsorted(
            cell_idx[order], np.arange(len(boundary) + 1)
        ).astype(np.int64)

    def _attach_near_bits(self, max_lat: float) -> None:
        """Split boundary cells into sub×sub subcells and flag those a boundary may come within
        `near_m` of, so "is a border near?" is mostly answered without geometry."""
        dx, dy = self.spec.cell_lon, self.spec.cell_lat
        cell_m = min(dx * 111_320 * math.cos(math.radians(min(abs(max_lat), 89.0))), dy * 110_574)
        # Outlines are densified to half a subcell, so every boundary point lies within a
        # quarter subcell of a vertex; marking the subcells around each vertex then covers all
        # points within near_m of a boundary as long as near_m + subcell/4 <= subcell.
        self.sub = max(1, min(MAX_SUB, int(cell_m / (1.4 * max(self.near_m, 1e-9)))))
        n_boundary = len(self.candidate_offsets) - 1
        self.near_bits = np.zeros(n_boundary, dtype=np.uint64)
        if self.sub == 1:
            self.near_bits[:] = np.uint64(1)
            return
        sdx, sdy = dx / self.sub, dy / self.sub
        outlines = shapely.segmentize(shapely.boundary(self.geometries), min(sdx, sdy) / 2)
        coords = shapely.get_coordinates(outlines)
        sx = np.floor((coords[:, 0] - self.x0) / sdx).astype(np.int64)
        sy = np.floor((coords[:, 1] - self.y0) / sdy).astype(np.int64)
        # Several vertices fall in one subcell: mark each subcell's neighbourhood once.
        width = self.nx * self.sub
        sy, sx = np.divmod(np.unique(sy * width + sx), width)
        marked_x = np.concatenate([sx + o for o in (-1, 0, 1) for _ in (-1, 0, 1)])
        marked_y = np.concatenate([sy + o for _ in (-1, 0, 1) for o in (-1, 0, 1)])
        labels = self.cells[marked_y // self.sub, marked_x // self.sub]
        inside = labels < 0  # always true by construction; guards the indexing below
        bits = (marked_y % self.sub) * self.sub + marked_x % self.sub
        # A boolean table set by fancy indexing, then packed: far faster than ufunc.at.
        marked = np.zeros((n_boundary, 64), dtype=bool)
        marked[-labels[inside] - 1, bits[inside]] = True
        self.near_bits = np.packbits(marked, axis=1, bitorder="little").view("<u8").ravel()

    def _attach_subcell_covers(self) -> None:
        """The cover set of every subcell no boundary enters (its near bit is clear), so most
        points in a boundary cell need no point-in-polygon test either."""
        # Covers at half the near-bit resolution: a quarter of the exact tests at build time,
        # and a covered square is clean when all four of its near-bit subcells are.
        self.cover_sub = self.sub // 2 if self.sub >= 4 else self.sub
        n, squares = len(self.near_bits), self.cover_sub * self.cover_sub
        self.sub_covers = np.full((n, squares), -1, dtype=np.int32)
        if self.sub == 1:
            return
        shifts = np.arange(self.sub * self.sub, dtype=np.uint64)
        clean_fine = (self.near_bits[:, None] >> shifts[None, :]) & np.uint64(1) == 0
        f = self.sub // self.cover_sub
        clean = clean_fine.reshape(n, self.cover_sub, f, self.cover_sub, f).all(axis=(2, 4))
        cell, square = np.nonzero(clean.reshape(n, squares))
        iy, ix = np.divmod(self._boundary_flat[cell], self.nx)
        sy, sx = np.divmod(square, self.cover_sub)
        xs = self.x0 + (ix + (sx + 0.5) / self.cover_sub) * self.spec.cell_lon
        ys = self.y0 + (iy + (sy + 0.5) / self.cover_sub) * self.spec.cell_lat
        self.sub_covers[cell, square] = self._boundary_cover_ids(xs, ys, cell)

    def near_border_points(self, xs: FloatArray, ys: FloatArray) -> npt.NDArray[np.bool_]:
        """Per point: could a boundary lie within `near_m`? False is certain."""
        sdx, sdy = self.spec.cell_lon / self.sub, self.spec.cell_lat / self.sub
        sx = np.clip((xs - self.x0) / sdx, 0, self.nx * self.sub - 1).astype(np.int64)
        sy = np.clip((ys - self.y0) / sdy, 0, self.ny * self.sub - 1).astype(np.int64)
        labels = self.cells[sy // self.sub, sx // self.sub].astype(np.int64)
        result = labels < 0
        k = -labels[result] - 1
        bit = ((sy[result] % self.sub) * self.sub + sx[result] % self.sub).astype(np.uint64)
        result[result] = (self.near_bits[k] >> bit) & np.uint64(1) == np.uint64(1)
        return result

    def _boundary_mask(self) -> npt.NDArray[np.bool_]:
        """Cells within one cell of a boundary vertex, after densifying to one cell's length.

        Any point of a boundary lies within half a step of a vertex, so it falls in the 3×3
        block around that vertex's cell; the same holds for points within half a cell of it.
        """
        dx, dy = self.spec.cell_lon, self.spec.cell_lat
        step = min(dx, dy)
        outlines = shapely.segmentize(shapely.boundary(self.geometries), step)
        coords = shapely.get_coordinates(outlines)
        ix = np.floor((coords[:, 0] - self.x0) / dx).astype(np.int64)
        iy = np.floor((coords[:, 1] - self.y0) / dy).astype(np.int64)
        mask = np.zeros((self.ny, self.nx), dtype=bool)
        for oy in (-1, 0, 1):
            for ox in (-1, 0, 1):
                mask[np.clip(iy + oy, 0, self.ny - 1), np.clip(ix + ox, 0, self.nx - 1)] = True
        return mask

    # -- queries -------------------------------------------------------------------------

    def _exact_cover_ids(self, xs: FloatArray, ys: FloatArray) -> IntArray:
        """Exact cover-set ids for points (bbox candidates, then prepared intersects)."""
        result = np.zeros(len(xs), dtype=np.int64)
        if len(xs) == 0:
            return result
        point_idx, geom_idx = self.tree.query(shapely.points(xs, ys))
        if len(point_idx):
            hit = shapely.intersects_xy(self.geometries[geom_idx], xs[point_idx], ys[point_idx])
            point_idx, geom_idx = point_idx[hit], geom_idx[hit]
        # Group the hits by point; intern each distinct set once.
        order = np.lexsort((geom_idx, point_idx))
        point_idx, geom_idx = point_idx[order], geom_idx[order]
        bounds = np.flatnonzero(np.diff(point_idx)) + 1
        for members, owner in zip(
            np.split(geom_idx, bounds), np.split(point_idx, bounds), strict=True
        ):
            if len(owner):
                result[owner[0]] = self.covers.intern(tuple(int(m) for m in members))
        return result

    def _boundary_cover_ids(
        self, xs: FloatArray, ys: FloatArray, boundary_cells: IntArray
    ) -> IntArray:
        """Exact cover-set ids for points in boundary cells: from the subcell table where no
        boundary enters the subcell, else by testing the cell's candidate geometries."""
        if self.sub > 1 and len(self.sub_covers):
            c = self.cover_sub
            sx = np.floor((xs - self.x0) * c / self.spec.cell_lon).astype(np.int64)
            sy = np.floor((ys - self.y0) * c / self.spec.cell_lat).astype(np.int64)
            known: IntArray = self.sub_covers[boundary_cells, (sy % c) * c + sx % c].astype(
                np.int64
            )
            todo = np.flatnonzero(known < 0)
            if len(todo):
                known[todo] = self._test_candidates(xs[todo], ys[todo], boundary_cells[todo])
            return known
        return self._test_candidates(xs, ys, boundary_cells)

    def _test_candidates(
        self, xs: FloatArray, ys: FloatArray, boundary_cells: IntArray
    ) -> IntArray:
        starts = self.candidate_offsets[boundary_cells]
        counts = self.candidate_offsets[boundary_cells + 1] - starts
        point_idx = np.repeat(np.arange(len(xs)), counts)
        within = np.arange(len(point_idx)) - np.repeat(np.cumsum(counts) - counts, counts)
        geom_idx = self.candidate_geoms[np.repeat(starts, counts) + within]
        hit = shapely.intersects_xy(self.geometries[geom_idx], xs[point_idx], ys[point_idx])
        point_idx, geom_idx = point_idx[hit], geom_idx[hit]
        result = np.zeros(len(xs), dtype=np.int64)
        hits_per_point = np.bincount(point_idx, minlength=len(xs))
        single = hits_per_point[point_idx] == 1
        result[point_idx[single]] = self._single_ids[geom_idx[single]]
        for point in np.unique(point_idx[~single]):  # on a shared border: rare
            members = tuple(sorted(int(g) for g in geom_idx[point_idx == point]))
            result[point] = self.covers.intern(members)
        return result

    def cell_labels(self, xs: FloatArray, ys: FloatArray) -> IntArray:
        """The raster label of each point: a cover-set id or a (negative) boundary cell."""
        # Points off the grid are clamped onto its rim of empty cells (never covered, never a
        # boundary cell): one gather, no masking.
        ix = np.clip((xs - self.x0) * (1.0 / self.spec.cell_lon), 0, self.nx - 1).astype(np.intp)
        iy = np.clip((ys - self.y0) * (1.0 / self.spec.cell_lat), 0, self.ny - 1).astype(np.intp)
        labels: IntArray = self.cells.ravel()[iy * self.nx + ix].astype(np.int64)
        return labels

    def cover_ids(self, xs: FloatArray, ys: FloatArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """Per point: the cover-set id (which geometries contain it, exact) and whether it
        lies in a boundary cell (the only places a boundary can be near)."""
        labels = self.cell_labels(xs, ys)
        near = labels < 0
        exact = np.flatnonzero(near)
        if len(exact):
            labels[exact] = self._boundary_cover_ids(xs[exact], ys[exact], -labels[exact] - 1)
        return labels, near

    def cover_id(self, x: float, y: float) -> int:
        """The cover-set id of one point, without numpy overhead for the common case."""
        ix = math.floor((x - self.x0) / self.spec.cell_lon)
        iy = math.floor((y - self.y0) / self.spec.cell_lat)
        if not (0 <= ix < self.nx and 0 <= iy < self.ny):
            return 0
        label: int = self.cells.item(iy, ix)
        if label >= 0:
            return label
        if self.sub > 1:
            c = self.cover_sub
            sx = math.floor((x - self.x0) * c / self.spec.cell_lon) - ix * c
            sy = math.floor((y - self.y0) * c / self.spec.cell_lat) - iy * c
            known: int = self.sub_covers.item(-label - 1, sy * c + sx)
            if known >= 0:
                return known
        start, end = self.candidate_offsets[-label - 1], self.candidate_offsets[-label]
        candidates = self.candidate_geoms[start:end]
        # One vectorised call for all candidates: cheaper than a call per candidate.
        hits = shapely.intersects_xy(self.geometries[candidates], x, y)
        members = tuple(candidates[hits].tolist())
        if len(members) == 1:
            return int(self._single_ids[members[0]])
        return self.covers.intern(members)

    def members(self, cover_id: int) -> tuple[int, ...]:
        """The geometry indices of a cover set."""
        return self.covers.sets[cover_id]

    def near_boundary(self, x: float, y: float) -> bool:
        """Could a boundary lie within `near_m` of the point? False is certain."""
        sx = math.floor((x - self.x0) * self.sub / self.spec.cell_lon)
        sy = math.floor((y - self.y0) * self.sub / self.spec.cell_lat)
        if not (0 <= sx < self.nx * self.sub and 0 <= sy < self.ny * self.sub):
            return False
        label: int = self.cells.item(sy // self.sub, sx // self.sub)
        if label >= 0:
            return False
        bit = (sy % self.sub) * self.sub + sx % self.sub
        return bool((int(self.near_bits[-label - 1]) >> bit) & 1)

    @property
    def nbytes(self) -> int:
        """Memory held by the raster."""
        return int(
            self.cells.nbytes
            + self.candidate_geoms.nbytes
            + self.candidate_offsets.nbytes
            + self.near_bits.nbytes
            + self.sub_covers.nbytes
        )
