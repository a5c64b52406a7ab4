"""Zones keep their centre line and width (roads, canals) and their area in m².

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import shapely
import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from pyproj import Transformer

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_geospatial_column(  # type: ignore[attr-defined]
        "zone",
        sa.Column(
            "centerline",
            Geometry("MULTILINESTRING", srid=4326, spatial_index=False, nullable=True),
            nullable=True,
        ),
    )
    op.add_column("zone", sa.Column("width_m", sa.Float, nullable=True))
    op.add_column("zone", sa.Column("area_m2", sa.Float, nullable=False, server_default="0"))
    # Existing zones get their area in m², measured in RD New (EPSG:28992) as new ones are.
    to_rd = Transformer.from_crs(4326, 28992, always_xy=True)
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, ST_AsBinary(geometry) FROM zone")).all()
    for zone_id, wkb in rows:
        metric = shapely.transform(shapely.from_wkb(bytes(wkb)), to_rd.transform, interleaved=False)
        bind.execute(
            sa.text("UPDATE zone SET area_m2 = :area WHERE id = :id"),
            {"area": float(metric.area), "id": zone_id},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SpatiaLite's triggers on the column must go before SQLite can drop it.
        op.execute("SELECT DiscardGeometryColumn('zone', 'centerline')")
    op.drop_column("zone", "centerline")
    op.drop_column("zone", "area_m2")
    op.drop_column("zone", "width_m")
