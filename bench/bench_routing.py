"""Routing benchmark: in-memory batch and single-point decisions against a PostGIS join.

1,000,000 random points in the Netherlands' bounding box, random categories; all 342
municipalities plus Amsterdam's 481 buurten as zones. Run with `make bench-routing`.
"""

from __future__ import annotations

import gc
import os
import time
import uuid
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.results import write_section
from meldpunt.core.settings import Settings
from meldpunt.core.taxonomy import CATEGORIES
from meldpunt.demo.netherlands import load_netherlands
from meldpunt.models.database import Database, normalise_database_url
from meldpunt.models.migrate import upgrade_database
from meldpunt.routing.batch import route_many
from meldpunt.routing.decision import core_at, resolve_department
from meldpunt.routing.errors import OutsideCoverage
from meldpunt.routing.service import build_index
from meldpunt.routing.sql import postgis_decision_one, postgis_decisions

NL_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "nl-municipalities"
NL_BBOX = (3.31, 50.75, 7.23, 53.56)
POINTS = int(os.environ.get("BENCH_POINTS", "1000000"))
SINGLE_POINTS = int(os.environ.get("BENCH_SINGLE_POINTS", "100000"))
PG_SINGLE_POINTS = int(os.environ.get("BENCH_PG_SINGLE_POINTS", "5000"))
ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def rss_mib() -> float:
    """Resident memory of this process."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def fresh_postgis() -> tuple[str, str]:
    admin = create_engine(normalise_database_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
    name = f"meldpunt_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(normalise_database_url(ADMIN_URL)).set(database=name)
    return url.render_as_string(hide_password=False), name


def drop_database(name: str) -> None:
    admin = create_engine(normalise_database_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def best_of(runs: int, work):  # type: ignore[no-untyped-def]
    """Fastest wall time of `runs` runs, and the last result."""
    times, result = [], None
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    """Run the benchmark and write its section of bench/RESULTS.md."""
    url, name = fresh_postgis()
    try:
        database = Database(Settings(database_url=url))
        upgrade_database(database)
        with database.session() as session:
            load_netherlands(session, NL_DATA.resolve())
        rng = np.random.default_rng(20261128)
        lons = rng.uniform(NL_BBOX[0], NL_BBOX[2], POINTS)
        lats = rng.uniform(NL_BBOX[1], NL_BBOX[3], POINTS)
        categories = rng.integers(0, len(CATEGORIES), POINTS)

        with database.session() as session:
            gc.collect()
            rss_before = rss_mib()
            started = time.perf_counter()
            index = build_index(session)
            build_s = time.perf_counter() - started
            index_mib = rss_mib() - rss_before
        print(f"index built in {build_s:.2f} s, +{index_mib:.0f} MiB RSS")

        route_many(index, lons[:1000], lats[:1000], categories[:1000])  # warm caches
        plain_s, _ = best_of(
            3, lambda: route_many(index, lons, lats, categories, with_ambiguity=False)
        )
        batch_s, batch = best_of(3, lambda: route_many(index, lons, lats, categories))
        print(
            f"batch: {POINTS / batch_s:,.0f} points/s with ambiguity, "
            f"{POINTS / plain_s:,.0f} without"
        )

        cats = [CATEGORIES[c] for c in categories[:SINGLE_POINTS]]
        full_ns, core_ns = [], []
        gc.collect()
        gc.disable()  # as timeit does: collector pauses are not the code under test
        for lon, lat, category in zip(
            lons[:SINGLE_POINTS].tolist(), lats[:SINGLE_POINTS].tolist(), cats, strict=True
        ):
            started = time.perf_counter_ns()
            try:  # noqa: SIM105 - contextlib.suppress would add its own cost to the timing
                core_at(index, lon, lat, category)
            except OutsideCoverage:
                pass
            core_ns.append(time.perf_counter_ns() - started)
            started = time.perf_counter_ns()
            try:  # noqa: SIM105
                resolve_department(index, lon, lat, category)
            except OutsideCoverage:
                pass
            full_ns.append(time.perf_counter_ns() - started)
        gc.enable()
        full_us = np.array(full_ns) / 1000
        core_us = np.array(core_ns) / 1000
        single_rate = SINGLE_POINTS / (full_us.sum() / 1e6)
        print(
            f"single: p50 {np.percentile(full_us, 50):.1f} µs, p99 "
            f"{np.percentile(full_us, 99):.1f} µs"
        )

        with database.session() as session:
            sql, timings = postgis_decisions(
                session, lons.tolist(), lats.tolist(), [CATEGORIES[c].code for c in categories]
            )
            session.rollback()
            one_ns = []
            for lon, lat, category in zip(
                lons[:PG_SINGLE_POINTS].tolist(),
                lats[:PG_SINGLE_POINTS].tolist(),
                cats[:PG_SINGLE_POINTS],
                strict=True,
            ):
                started = time.perf_counter_ns()
                postgis_decision_one(session, lon, lat, category.code)
                one_ns.append(time.perf_counter_ns() - started)
        postgis_rate = POINTS / timings.join_s
        one_us = np.array(one_ns) / 1000
        postgis_single_rate = len(one_us) / (one_us.sum() / 1e6)
        print(f"PostGIS join: {postgis_rate:,.0f} points/s (+{timings.load_s:.1f} s loading)")
        disagreements = 0
        for i, decision in enumerate(sql):
            mine = batch.outcome(i)
            disagreements += mine != (
                decision.authority_code,
                decision.department_code,
                decision.zone_id,
            )
        database.dispose()
    finally:
        drop_database(name)

    batch_rate, plain_rate = POINTS / batch_s, POINTS / plain_s
    routed = int((batch.core_ids >= 0).sum())

    core_rate = SINGLE_POINTS / (core_us.sum() / 1e6)
    single_rows = [
        ("`resolve_department` (decision, explanation, ambiguity)", single_rate, full_us),
        ("decision core only (authority, department, zone)", core_rate, core_us),
        ("PostGIS, one query per point", postgis_single_rate, one_us),
    ]
    single_table = "\n".join(
        ["| path | points/s | p50 µs | p99 µs | vs PostGIS query |", "|---|---:|---:|---:|---:|"]
        + [
            f"| {name} | {rate:,.0f} | {np.percentile(us, 50):,.1f} | "
            f"{np.percentile(us, 99):,.1f} | {rate / postgis_single_rate:,.0f}× |"
            for name, rate, us in single_rows
        ]
    ) + (
        f"\n\nSingle calls against the PostGIS *join* instead: "
        f"{single_rate / postgis_rate:,.1f}× (full) and {core_rate / postgis_rate:,.1f}× (core)."
    )

    write_section(
        "Routing",
        f"""
Command: `make bench-routing`. {POINTS:,} random points in the Netherlands' bounding box
{NL_BBOX} with random categories; 342 municipalities + 481 Amsterdam buurten as zones
(`meldpunt/demo/netherlands.py`). {routed:,} points fall in a municipality (the rest is sea,
Belgium, Germany: a clear "outside coverage" answer); {int(batch.ambiguous.sum()):,} lie within
{index.tolerance_m:g} m of a border that would change the decision (flagged ambiguous).

**Many points at once** (numpy arrays in and out) against one PostGIS join over the same
points with the same rule (`routing/sql.py`, GiST indexes; loading the points into PostGIS
took another {timings.load_s:.1f} s, not counted):

| path | points/s | vs PostGIS join |
|---|---:|---:|
| `route_many`, with border ambiguity | {batch_rate:,.0f} | {batch_rate / postgis_rate:,.0f}× |
| `route_many`, decision only | {plain_rate:,.0f} | {plain_rate / postgis_rate:,.0f}× |
| PostGIS join | {postgis_rate:,.0f} | 1× |

**One point per call**, as the API and the pipeline route a report
({SINGLE_POINTS:,} points in memory with the garbage collector paused as `timeit` does,
{len(one_us):,} PostGIS queries):

{single_table}

Index build {build_s:.2f} s; {index.nbytes / 2**20:.1f} MiB of rasters, +{index_mib:.0f} MiB
process RSS in all (rasters, geometries, trees, metric outlines).

Agreement with PostGIS on all {POINTS:,} points (authority, department, zone):
**{disagreements} disagreements**.
""",
    )


if __name__ == "__main__":
    main()
