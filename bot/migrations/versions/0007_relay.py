"""Write to my animator: messages relayed between a household and the team.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

DIRECTION = sa.Enum("to_team", "to_household", name="relaydirection", native_enum=False, length=20)
KIND = sa.Enum("text", "photo", "voice", name="relaykind", native_enum=False, length=20)


def upgrade() -> None:
    op.create_table(
        "relay_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("sender_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("direction", DIRECTION, nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("file_id", sa.String(255), nullable=True),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("relay_message")
