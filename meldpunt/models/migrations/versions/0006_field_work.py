"""Field work: deadlines, duplicates, "+1" links, notes with after photos, feedback, examples.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from meldpunt.models.base import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, referenced table, ondelete): nullable references added to existing tables.
_REFERENCES = (
    ("ticket", "duplicate_of_id", "ticket", "SET NULL"),
    ("report", "linked_ticket_id", "ticket", "SET NULL"),
    ("photo", "note_id", "ticket_note", "CASCADE"),
)


def upgrade() -> None:
    op.create_table(
        "ticket_note",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("ticket_id", sa.Integer, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_note"),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name="fk_ticket_note_ticket_id_ticket", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_ticket_note_ticket_id", "ticket_note", ["ticket_id"])
    op.create_table(
        "service_level",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("authority_id", sa.Integer, nullable=False),
        sa.Column("category_code", sa.String(64), nullable=False),
        sa.Column("working_days", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_service_level"),
        sa.UniqueConstraint("authority_id", "category_code", name="uq_service_level_authority_id"),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
            name="fk_service_level_authority_id_authority",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_code"], ["category.code"], name="fk_service_level_category_code_category"
        ),
    )
    op.create_index("ix_service_level_authority_id", "service_level", ["authority_id"])
    op.create_table(
        "routing_feedback",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("ticket_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("authority_id", sa.Integer, nullable=True),
        sa.Column("from_department_id", sa.Integer, nullable=False),
        sa.Column("to_department_id", sa.Integer, nullable=False),
        sa.Column("from_category", sa.String(64), nullable=True),
        sa.Column("to_category", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_routing_feedback"),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
            name="fk_routing_feedback_ticket_id_ticket",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["authority_id"], ["authority.id"], name="fk_routing_feedback_authority_id_authority"
        ),
        sa.ForeignKeyConstraint(
            ["from_department_id"],
            ["department.id"],
            name="fk_routing_feedback_from_department_id_department",
        ),
        sa.ForeignKeyConstraint(
            ["to_department_id"],
            ["department.id"],
            name="fk_routing_feedback_to_department_id_department",
        ),
        sa.ForeignKeyConstraint(
            ["from_category"], ["category.code"], name="fk_routing_feedback_from_category_category"
        ),
        sa.ForeignKeyConstraint(
            ["to_category"], ["category.code"], name="fk_routing_feedback_to_category_category"
        ),
    )
    op.create_index("ix_routing_feedback_ticket_id", "routing_feedback", ["ticket_id"])
    op.create_index("ix_routing_feedback_authority_id", "routing_feedback", ["authority_id"])
    op.create_index("ix_routing_feedback_created_at", "routing_feedback", ["created_at"])
    op.create_table(
        "training_example",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("category_code", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("ticket_id", sa.Integer, nullable=True),
        sa.Column("actor", sa.String(128), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_training_example"),
        sa.ForeignKeyConstraint(
            ["category_code"], ["category.code"], name="fk_training_example_category_code_category"
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
            name="fk_training_example_ticket_id_ticket",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_training_example_category_code", "training_example", ["category_code"])
    op.create_index("ix_training_example_created_at", "training_example", ["created_at"])
    op.add_column("ticket", sa.Column("due_at", UTCDateTime, nullable=True))
    op.create_index("ix_ticket_due_at", "ticket", ["due_at"])
    for table, column, target, ondelete in _REFERENCES:
        _add_reference(table, column, target, ondelete)


def _add_reference(table: str, column: str, target: str, ondelete: str) -> None:
    """Add a nullable foreign key column without rebuilding the table.

    SQLite cannot add a constraint to an existing table, but it accepts REFERENCES on ADD
    COLUMN; a batch rebuild would drop SpatiaLite's geometry registration of `report`.
    """
    name = f"fk_{table}_{column}_{target}"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES {target} (id) ON DELETE {ondelete}"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer, nullable=True))
        op.create_foreign_key(name, table, target, [column], ["id"], ondelete=ondelete)
    op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column, target, _ in reversed(_REFERENCES):
        op.drop_index(f"ix_{table}_{column}", table)
        if op.get_bind().dialect.name != "sqlite":
            op.drop_constraint(f"fk_{table}_{column}_{target}", table, type_="foreignkey")
        op.drop_column(table, column)
    op.drop_index("ix_ticket_due_at", "ticket")
    op.drop_column("ticket", "due_at")
    for table in ("training_example", "routing_feedback", "service_level", "ticket_note"):
        op.drop_table(table)
