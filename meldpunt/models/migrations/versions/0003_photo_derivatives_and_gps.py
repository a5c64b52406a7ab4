"""Photos: display derivative, perceptual hash and EXIF position; reports: location note.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from meldpunt.models.base import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("photo", sa.Column("display_key", sa.String(128), nullable=True))
    op.add_column("photo", sa.Column("phash", sa.String(16), nullable=True))
    op.add_column("photo", sa.Column("gps_lat", sa.Float, nullable=True))
    op.add_column("photo", sa.Column("gps_lon", sa.Float, nullable=True))
    op.add_column("photo", sa.Column("original_deleted_at", UTCDateTime, nullable=True))
    op.add_column("report", sa.Column("location_note", sa.Text, nullable=True))
    op.create_index("ix_photo_phash", "photo", ["phash"])


def downgrade() -> None:
    op.drop_index("ix_photo_phash", "photo")
    op.drop_column("report", "location_note")
    for column in ("original_deleted_at", "gps_lon", "gps_lat", "phash", "display_key"):
        op.drop_column("photo", column)
