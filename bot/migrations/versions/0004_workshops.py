"""Collective workshops: series, sessions, invitations, answers and attendance.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

THEME = sa.Enum(
    "diy", "energy", "rights", "maintenance", "neighbourhood", "other", name="workshoptheme", native_enum=False, length=20
)
STATUS = sa.Enum("scheduled", "cancelled", name="workshopstatus", native_enum=False, length=20)
ANSWER = sa.Enum("yes", "maybe", "no", "waiting", name="rsvpanswer", native_enum=False, length=20)


def upgrade() -> None:
    op.create_table(
        "workshop_series",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("until", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "series_id", sa.Integer(), sa.ForeignKey("workshop_series.id", ondelete="SET NULL"), nullable=True,
            index=True,
        ),
        sa.Column("theme", THEME, nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("description", sa.String(1000), nullable=True),
        sa.Column("starts_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("bring", sa.String(300), nullable=True),
        sa.Column("children_welcome", sa.Boolean(), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "workshop_invitation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "workshop_id", sa.Integer(), sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("invited_at", UTCDateTime(), nullable=False),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("workshop_id", "person_id", name="uq_workshop_invitation"),
    )
    op.create_table(
        "rsvp",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "workshop_id", sa.Integer(), sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("answer", ANSWER, nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.Column("waiting_since", UTCDateTime(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.UniqueConstraint("workshop_id", "person_id", name="uq_rsvp"),
    )


def downgrade() -> None:
    op.drop_table("rsvp")
    op.drop_table("workshop_invitation")
    op.drop_table("workshop")
    op.drop_table("workshop_series")
