"""Privacy: proactive messages paused by the person, households' closing and anonymisation dates.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable, no default) works on SQLite without rebuilding the tables.
    op.add_column("person", sa.Column("paused_at", UTCDateTime(), nullable=True))
    op.add_column("household", sa.Column("closed_at", UTCDateTime(), nullable=True))
    op.add_column("household", sa.Column("anonymised_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("household") as household:
        household.drop_column("anonymised_at")
        household.drop_column("closed_at")
    with op.batch_alter_table("person") as person:
        person.drop_column("paused_at")
