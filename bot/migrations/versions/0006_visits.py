"""Home visits: animators' free slots, visits and what became of them, households' addresses.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KIND = sa.Enum(
    "tripartite", "preparation", "works", "encouragement", "closing", name="visitkind", native_enum=False, length=20
)
STATUS = sa.Enum("booked", "done", "missed", "cancelled", name="visitstatus", native_enum=False, length=20)


def upgrade() -> None:
    op.add_column("household", sa.Column("address", sa.String(200), nullable=True))
    op.create_table(
        "visit_slot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("animator_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_visit_slot_animator_start", "visit_slot", ["animator_id", "starts_at"])
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        sa.Column("animator_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("slot_id", sa.Integer(), sa.ForeignKey("visit_slot.id", ondelete="SET NULL"), nullable=True),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("booked_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("tenant_note", sa.String(1000), nullable=True),
        sa.Column("photo_file_id", sa.String(200), nullable=True),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("late_change", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.String(500), nullable=True),
        sa.Column("cancelled_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("referent_present", sa.Boolean(), nullable=True),
        sa.Column("outcome_note", sa.String(1000), nullable=True),
        sa.Column("next_step", sa.String(500), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_visit_household_id", "visit", ["household_id"])
    op.create_index("ix_visit_animator_id", "visit", ["animator_id"])
    op.create_index("ix_visit_starts_at", "visit", ["starts_at"])
    op.create_index(
        "uq_visit_slot_booked",
        "visit",
        ["slot_id"],
        unique=True,
        sqlite_where=sa.text("status = 'booked'"),
        postgresql_where=sa.text("status = 'booked'"),
    )


def downgrade() -> None:
    op.drop_table("visit")
    op.drop_table("visit_slot")
    with op.batch_alter_table("household") as household:
        household.drop_column("address")
