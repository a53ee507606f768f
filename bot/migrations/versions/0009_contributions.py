"""Photos and voice notes the team adds to tutorial steps, approved by a coordinator.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

KIND = sa.Enum("photo", "voice", name="contributionkind", native_enum=False, length=20)
STATUS = sa.Enum("pending", "approved", name="contributionstatus", native_enum=False, length=20)


def upgrade() -> None:
    op.create_table(
        "step_contribution",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tutorial_id", sa.String(length=80), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column(
            "reviewed_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_step_contribution_tutorial_id", "step_contribution", ["tutorial_id"])
    op.create_index("ix_step_contribution_author_id", "step_contribution", ["author_id"])


def downgrade() -> None:
    op.drop_table("step_contribution")
