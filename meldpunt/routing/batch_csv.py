"""Route a CSV of points (id,lat,lon[,category]) into a CSV of decisions, in chunks."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from meldpunt.core.errors import InvalidInput
from meldpunt.routing.batch import CATEGORY_INDEX, ERROR_CODES, FALLBACK_INDEX, route_many
from meldpunt.routing.index import GeofenceIndex

OUTPUT_COLUMNS = ("id", "authority_code", "department_code", "zone_id", "ambiguous", "error")
CHUNK_ROWS = 100_000


class InvalidPointsFile(InvalidInput):
    """The points file lacks the required columns."""

    code = "invalid_points_file"
    title = "Invalid points file"


@dataclass
class BatchSummary:
    """Counts for the CLI to print."""

    rows: int = 0
    routed: int = 0
    ambiguous: int = 0
    errors: int = 0


def _parse_float(text: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return math.nan
    return value


def _chunks(reader: csv.DictReader[str]) -> Iterator[list[dict[str, str]]]:
    chunk: list[dict[str, str]] = []
    for row in reader:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def route_csv(
    index: GeofenceIndex,
    source: TextIO,
    target: TextIO,
    *,
    on_progress: Callable[[int], None] = lambda _: None,
) -> BatchSummary:
    """Read points, write one decision row per point; bad rows get an error, not an abort."""
    reader = csv.DictReader(source)
    check_columns(reader.fieldnames)
    writer = csv.writer(target)
    writer.writerow(OUTPUT_COLUMNS)
    summary = BatchSummary()
    for chunk in _chunks(reader):
        lats = np.array([_parse_float(r["lat"]) for r in chunk])
        lons = np.array([_parse_float(r["lon"]) for r in chunk])
        raw_categories = [(r.get("category") or "").strip() for r in chunk]
        unknown = np.array([bool(c) and c not in CATEGORY_INDEX for c in raw_categories])
        categories = np.array(
            [CATEGORY_INDEX.get(c, FALLBACK_INDEX) for c in raw_categories], dtype=np.int64
        )
        decided = route_many(index, lons, lats, categories)
        for i, row in enumerate(chunk):
            authority, department, zone_id = decided.outcome(i)
            if unknown[i] or authority is None:
                error = "unknown_category" if unknown[i] else ERROR_CODES[decided.errors[i]]
                writer.writerow((row["id"], "", "", "", "", error))
                summary.errors += 1
            else:
                ambiguous = bool(decided.ambiguous[i])
                writer.writerow(
                    (
                        row["id"],
                        authority,
                        department,
                        "" if zone_id is None else zone_id,
                        str(ambiguous).lower(),
                        "",
                    )
                )
                summary.routed += 1
                summary.ambiguous += ambiguous
        summary.rows += len(chunk)
        on_progress(len(chunk))
    return summary


def check_columns(fieldnames: Sequence[str] | None) -> None:
    """Refuse a points file without id, lat and lon columns."""
    missing = {"id", "lat", "lon"} - set(fieldnames or ())
    if missing:
        raise InvalidPointsFile(
            f"the points file lacks the column(s) {', '.join(sorted(missing))}; "
            "expected id,lat,lon and optionally category"
        )


def read_columns(path: Path) -> list[str]:
    """The header of a CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def count_rows(path: Path) -> int:
    """Data rows in a CSV file (for the progress bar's total)."""
    with path.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)
