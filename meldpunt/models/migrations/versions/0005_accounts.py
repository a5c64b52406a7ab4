"""Staff accounts, their departments, refresh tokens and API keys.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from meldpunt.models.base import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("authority_id", sa.Integer, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_user_account"),
        sa.UniqueConstraint("email", name="uq_user_account_email"),
        sa.ForeignKeyConstraint(
            ["authority_id"], ["authority.id"], name="fk_user_account_authority_id_authority"
        ),
    )
    op.create_table(
        "user_department",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("department_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "department_id", name="pk_user_department"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name="fk_user_department_user_id_user_account",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name="fk_user_department_department_id_department",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "credential",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("expires_at", UTCDateTime, nullable=True),
        sa.Column("revoked_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_credential"),
        sa.UniqueConstraint("secret_hash", name="uq_credential_secret_hash"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name="fk_credential_user_id_user_account",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_credential_user_id", "credential", ["user_id"])


def downgrade() -> None:
    op.drop_table("credential")
    op.drop_table("user_department")
    op.drop_table("user_account")
