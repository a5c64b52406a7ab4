"""The routing rule in SQL for PostGIS (ST_Intersects over GiST indexes), to compare with the
in-memory index; the service itself routes in memory."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from meldpunt.core.errors import InvalidInput

_CREATE_POINTS = """
CREATE TEMPORARY TABLE routing_point (
    id integer PRIMARY KEY, lon double precision, lat double precision, category text,
    geom geometry(Point, 4326)
) ON COMMIT DROP
"""
_FILL_GEOMETRY = "UPDATE routing_point SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326)"
_INDEX_POINTS = "CREATE INDEX ON routing_point USING gist (geom); ANALYZE routing_point"

# The same rule as routing/decision.py: accepting zone by priority, then smallest area, then
# id; else the municipality's department for the category's role; else its kcc desk.
_DECISION_TEMPLATE = """
WITH located AS (
    SELECT p.id, p.category, c.role, p.geom,
           (SELECT a.id FROM authority a
             WHERE a.kind = 'municipality' AND a.routable AND ST_Intersects(a.boundary, p.geom)
             ORDER BY a.code LIMIT 1) AS municipality_id
      FROM {points} p JOIN category c ON c.code = p.category
)
SELECT l.id,
       COALESCE(zone_authority.code, municipality.code) AS authority_code,
       COALESCE(zone_department.code, role_department.code, kcc.code) AS department_code,
       best.id AS zone_id
  FROM located l
  LEFT JOIN authority municipality ON municipality.id = l.municipality_id
  LEFT JOIN LATERAL (
        SELECT z.id, z.authority_id, z.department_id FROM zone z
         WHERE z.status = 'published' AND ST_Intersects(z.geometry, l.geom)
           AND (jsonb_exists(z.category_codes, l.category)
                OR jsonb_exists(z.category_codes, split_part(l.category, '.', 1) || '.*')
                OR jsonb_exists(z.category_codes, '*'))
         ORDER BY z.priority DESC, z.area_m2 ASC, z.id ASC LIMIT 1
       ) best ON l.municipality_id IS NOT NULL
  LEFT JOIN authority zone_authority ON zone_authority.id = best.authority_id
  LEFT JOIN department zone_department ON zone_department.id = best.department_id
  LEFT JOIN LATERAL (
        SELECT d.code FROM department d
         WHERE d.authority_id = l.municipality_id AND d.role = l.role ORDER BY d.id LIMIT 1
       ) role_department ON true
  LEFT JOIN LATERAL (
        SELECT d.code FROM department d
         WHERE d.authority_id = l.municipality_id AND d.role = 'kcc' ORDER BY d.id LIMIT 1
       ) kcc ON true
 ORDER BY l.id
"""
DECISION_SQL = _DECISION_TEMPLATE.format(points="routing_point")
ONE_POINT_SQL = _DECISION_TEMPLATE.format(
    points="(SELECT 0 AS id, CAST(:category AS text) AS category, "
    "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS geom)"
)


@dataclass(frozen=True, slots=True)
class SqlDecision:
    """One point's decision from PostGIS; codes are None outside coverage."""

    authority_code: str | None
    department_code: str | None
    zone_id: int | None


@dataclass(frozen=True, slots=True)
class SqlTimings:
    """Seconds spent loading the points and running the join."""

    load_s: float
    join_s: float


def postgis_decisions(
    session: Session,
    lons: Sequence[float],
    lats: Sequence[float],
    categories: Sequence[str],
) -> tuple[list[SqlDecision], SqlTimings]:
    """Decide for many points inside PostGIS; the points live in a temporary table."""
    if session.get_bind().dialect.name != "postgresql":
        raise InvalidInput("the SQL routing path needs PostgreSQL + PostGIS")
    started = time.perf_counter()
    session.execute(text("DROP TABLE IF EXISTS routing_point"))
    session.execute(text(_CREATE_POINTS))
    raw: Any = session.connection().connection.driver_connection
    with (
        raw.cursor() as cursor,
        cursor.copy("COPY routing_point (id, lon, lat, category) FROM STDIN") as copy,
    ):
        for i, (lon, lat, category) in enumerate(zip(lons, lats, categories, strict=True)):
            copy.write_row((i, lon, lat, category))
    session.execute(text(_FILL_GEOMETRY))
    for statement in _INDEX_POINTS.split(";"):
        session.execute(text(statement))
    loaded = time.perf_counter()
    rows = session.execute(text(DECISION_SQL)).all()
    joined = time.perf_counter()
    decisions = [SqlDecision(r.authority_code, r.department_code, r.zone_id) for r in rows]
    return decisions, SqlTimings(loaded - started, joined - loaded)


def postgis_decision_one(session: Session, lon: float, lat: float, category: str) -> SqlDecision:
    """One point, one query: what a service routing in PostGIS would do per report."""
    row = session.execute(text(ONE_POINT_SQL), {"lon": lon, "lat": lat, "category": category}).one()
    return SqlDecision(row.authority_code, row.department_code, row.zone_id)
