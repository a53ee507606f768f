"""What staff type, in several languages: a workshop's title and description per language.

(The versions of a message to tenants travel in its outbox rows' parameters; walk-ins at a
workshop are a new value of rsvp.answer, a VARCHAR: no change here.)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_text",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workshop_id", sa.Integer(), sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.UniqueConstraint("workshop_id", "locale", name="uq_workshop_text"),
    )
    op.create_index("ix_workshop_text_workshop_id", "workshop_text", ["workshop_id"])


def downgrade() -> None:
    op.drop_index("ix_workshop_text_workshop_id", table_name="workshop_text")
    op.drop_table("workshop_text")
