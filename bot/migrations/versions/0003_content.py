"""Tutorials and tips: opened/finished events, weekly tip subscriptions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True
        ),
        sa.Column("item_id", sa.String(80), nullable=False, index=True),
        sa.Column(
            "kind", sa.Enum("opened", "finished", name="contenteventkind", native_enum=False, length=20), nullable=False
        ),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "tip_subscription",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, unique=True
        ),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "tip_sent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("tip_id", sa.String(80), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("person_id", "tip_id", "cycle", name="uq_tip_sent"),
    )


def downgrade() -> None:
    op.drop_table("tip_sent")
    op.drop_table("tip_subscription")
    op.drop_table("content_event")
