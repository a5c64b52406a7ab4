"""Initial schema: authorities, departments, categories, zones, reports, photos, tickets.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

from meldpunt.core.taxonomy import CATEGORIES
from meldpunt.models.base import JSONDocument, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    op.create_table(
        "authority",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("routable", sa.Boolean, nullable=False),
        sa.Column(
            "boundary",
            Geometry("MULTIPOLYGON", srid=4326, spatial_index=True, nullable=False),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_authority"),
        sa.UniqueConstraint("code", name="uq_authority_code"),
    )
    op.create_index("ix_authority_kind", "authority", ["kind"])

    op.create_table(
        "department",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("authority_id", sa.Integer, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("delivery", JSONDocument, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_department"),
        sa.UniqueConstraint("code", name="uq_department_code"),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
            name="fk_department_authority_id_authority",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_department_authority_id", "department", ["authority_id"])
    op.create_index("ix_department_role", "department", ["role"])

    category = op.create_table(
        "category",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("group", sa.String(32), nullable=False),
        sa.Column("name_nl", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_category"),
    )
    op.create_index("ix_category_group", "category", ["group"])
    op.bulk_insert(
        category,
        [
            {
                "code": c.code,
                "group": c.group,
                "name_nl": c.name_nl,
                "name_en": c.name_en,
                "role": c.role,
            }
            for c in CATEGORIES
        ],
    )

    op.create_table(
        "zone",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("authority_id", sa.Integer, nullable=False),
        sa.Column("department_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column(
            "geometry",
            Geometry("MULTIPOLYGON", srid=4326, spatial_index=True, nullable=False),
            nullable=False,
        ),
        sa.Column("category_codes", JSONDocument, nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_zone"),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
            name="fk_zone_authority_id_authority",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name="fk_zone_department_id_department",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_zone_authority_id", "zone", ["authority_id"])
    op.create_index("ix_zone_department_id", "zone", ["department_id"])
    op.create_index("ix_zone_status", "zone", ["status"])

    op.create_table(
        "report",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column(
            "location",
            Geometry("POINT", srid=4326, spatial_index=True, nullable=True),
            nullable=True,
        ),
        sa.Column("location_source", sa.String(16)),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("requested_category", sa.String(64)),
        sa.Column("category_code", sa.String(64)),
        sa.Column("category_confidence", sa.Float),
        sa.Column("category_source", sa.String(16)),
        sa.Column("authority_id", sa.Integer),
        sa.Column("department_id", sa.Integer),
        sa.Column("contact_email", sa.String(320)),
        sa.Column("contact_consent", sa.Boolean, nullable=False),
        sa.Column("tracking_token_hash", sa.String(64), nullable=False),
        sa.Column("processing_attempts", sa.Integer, nullable=False),
        sa.Column("processing_error", sa.Text),
        sa.Column("processed_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report"),
        sa.UniqueConstraint("tracking_token_hash", name="uq_report_tracking_token_hash"),
        sa.ForeignKeyConstraint(
            ["requested_category"],
            ["category.code"],
            name="fk_report_requested_category_category",
        ),
        sa.ForeignKeyConstraint(
            ["category_code"], ["category.code"], name="fk_report_category_code_category"
        ),
        sa.ForeignKeyConstraint(
            ["authority_id"], ["authority.id"], name="fk_report_authority_id_authority"
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name="fk_report_department_id_department"
        ),
    )
    op.create_index("ix_report_status", "report", ["status"])
    op.create_index("ix_report_category_code", "report", ["category_code"])
    op.create_index("ix_report_authority_id", "report", ["authority_id"])
    op.create_index("ix_report_department_id", "report", ["department_id"])
    op.create_index("ix_report_created_at", "report", ["created_at"])

    op.create_table(
        "photo",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Uuid, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("filename", sa.String(255)),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("original_key", sa.String(128), nullable=False),
        sa.Column("thumbnail_key", sa.String(128)),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("taken_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_photo"),
        sa.UniqueConstraint("report_id", "position", name="uq_photo_report_id"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name="fk_photo_report_id_report", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_photo_report_id", "photo", ["report_id"])
    op.create_index("ix_photo_sha256", "photo", ["sha256"])

    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Uuid, nullable=False),
        sa.Column("department_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("decision", JSONDocument, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket"),
        sa.UniqueConstraint("report_id", name="uq_ticket_report_id"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name="fk_ticket_report_id_report", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name="fk_ticket_department_id_department"
        ),
    )
    op.create_index("ix_ticket_department_id", "ticket", ["department_id"])
    op.create_index("ix_ticket_status", "ticket", ["status"])

    op.create_table(
        "status_change",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Uuid, nullable=False),
        sa.Column("ticket_id", sa.Integer),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("from_status", sa.String(24)),
        sa.Column("to_status", sa.String(24), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_status_change"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name="fk_status_change_report_id_report",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
            name="fk_status_change_ticket_id_ticket",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_status_change_report_id", "status_change", ["report_id"])
    op.create_index("ix_status_change_ticket_id", "status_change", ["ticket_id"])

    revision_table = op.create_table(
        "routing_revision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("changed_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_routing_revision"),
    )
    op.bulk_insert(revision_table, [{"id": 1, "revision": 0, "changed_at": datetime.now(UTC)}])


def downgrade() -> None:
    for table in (
        "routing_revision",
        "status_change",
        "ticket",
        "photo",
        "report",
        "zone",
        "category",
        "department",
        "authority",
    ):
        op.drop_table(table)
