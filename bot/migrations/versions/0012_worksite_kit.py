"""The worksite's kit: tools lent (tool, tool_loan), the energy kit (kit_item), mutual help
(help_offer) and the guests of a visit (visit_guest). Touches only these tables.

Revision ID: 0012_worksite_kit
Revises: 0011_worksite
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0012_worksite_kit"
down_revision = "0011_worksite"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


CONDITION = ("good", "worn", "damaged")


def _person(name: str, ondelete: str = "SET NULL") -> sa.Column:  # type: ignore[type-arg]  # an untyped Column, as Alembic takes it
    return sa.Column(name, sa.Integer(), sa.ForeignKey("person.id", ondelete=ondelete), nullable=True)


def upgrade() -> None:
    op.create_table(
        "tool",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.Column("condition", _enum("toolcondition", *CONDITION), nullable=False),
        sa.Column("photo_file_id", sa.String(length=255), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("available >= 0 AND available <= count", name="ck_tool_available"),
        sa.CheckConstraint("count >= 0", name="ck_tool_count"),
    )
    op.create_table(
        "tool_loan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tool_id", sa.Integer(), sa.ForeignKey("tool.id", ondelete="CASCADE"), nullable=False),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("lent_at", UTCDateTime(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        _person("lent_by_id"),
        sa.Column("returned_at", UTCDateTime(), nullable=True),
        sa.Column("returned_condition", _enum("toolcondition", *CONDITION), nullable=True),
    )
    for column in ("tool_id", "household_id", "due_on", "returned_at"):
        op.create_index(f"ix_tool_loan_{column}", "tool_loan", [column])
    op.create_table(
        "kit_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=False),
        _person("installed_by_id"),
    )
    op.create_index("ix_kit_item_household_id", "kit_item", ["household_id"])
    op.create_index("ix_kit_item_installed_on", "kit_item", ["installed_on"])
    op.create_table(
        "help_offer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        _person("person_id"),
        sa.Column("skill", sa.String(length=200), nullable=False),
        sa.Column("half_day", sa.String(length=10), nullable=False),
        sa.Column("status", _enum("helpofferstatus", "open", "matched", "withdrawn"), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_help_offer_household_id", "help_offer", ["household_id"])
    op.create_index("ix_help_offer_person_id", "help_offer", ["person_id"])
    op.create_table(
        "visit_guest",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_id", sa.Integer(), sa.ForeignKey("visit.id", ondelete="CASCADE"), nullable=False),
        _person("person_id"),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="SET NULL"), nullable=True),
        sa.Column("role", _enum("guestrole", "helper"), nullable=False),
        sa.Column("offer_id", sa.Integer(), sa.ForeignKey("help_offer.id", ondelete="SET NULL"), nullable=True),
        sa.Column("answer", _enum("guestanswer", "invited", "confirmed", "declined"), nullable=False),
        _person("invited_by_id"),
        sa.Column("invited_at", UTCDateTime(), nullable=False),
        sa.Column("came", sa.Boolean(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.UniqueConstraint("visit_id", "person_id", name="uq_visit_guest"),
    )
    for column in ("visit_id", "person_id", "household_id"):
        op.create_index(f"ix_visit_guest_{column}", "visit_guest", [column])


def downgrade() -> None:
    for table in ("visit_guest", "help_offer", "kit_item", "tool_loan", "tool"):
        op.drop_table(table)
