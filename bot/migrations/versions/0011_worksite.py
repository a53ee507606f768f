"""The worksite: a household's participation contract (versions and acceptances), its works
items, its materials, and the works journal (sessions and photos).

Revision ID: 0011_worksite
Revises: 0010
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0011_worksite"
down_revision = "0010"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


KIND = _enum(
    "workkind", "walls", "woodwork", "wallpaper", "tiles", "floor", "filling", "plumbing", "draughts", "energy_kit"
)
DOER = _enum("doer", "household", "with_animator", "landlord", "volunteers", "other_household")
PROGRESS = _enum("itemprogress", "not_started", "in_progress", "done_with_help", "done_alone")
BUYER = _enum("buyer", "association", "household", "landlord")
STAGE = _enum("photostage", "before", "after", "problem", "done_alone")


def _person(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "worksite_contract",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "household_id",
            sa.Integer(),
            sa.ForeignKey("household.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("contribution_percent", sa.Integer(), nullable=True),
        sa.Column("contribution_cents", sa.Integer(), nullable=True),
        sa.Column("help_other_worksite", sa.Boolean(), nullable=False),
        sa.Column("come_to_workshops", sa.Boolean(), nullable=False),
        _person("created_by_id"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "contract_acceptance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "contract_id", sa.Integer(), sa.ForeignKey("worksite_contract.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        _person("person_id"),
        sa.Column("accepted_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_contract_acceptance_contract_id", "contract_acceptance", ["contract_id"])
    op.create_index("ix_contract_acceptance_person_id", "contract_acceptance", ["person_id"])
    op.create_table(
        "works_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "contract_id", sa.Integer(), sa.ForeignKey("worksite_contract.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("room", sa.String(length=60), nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("doer", DOER, nullable=False),
        sa.Column("sessions_planned", sa.Integer(), nullable=False),
        sa.Column("area_m2", sa.Float(), nullable=True),
        sa.Column("progress", PROGRESS, nullable=False),
        sa.Column("progress_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_works_item_contract_id", "works_item", ["contract_id"])
    op.create_table(
        "material_line",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "contract_id", sa.Integer(), sa.ForeignKey("worksite_contract.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("works_item.id", ondelete="CASCADE"), nullable=False),
        sa.Column("tutorial_id", sa.String(length=80), nullable=False),
        sa.Column("material_index", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=12), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=True),
        sa.Column("buyer", BUYER, nullable=False),
        sa.Column("bought", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_material_line_contract_id", "material_line", ["contract_id"])
    op.create_index("ix_material_line_item_id", "material_line", ["item_id"])
    op.create_table(
        "works_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "visit_id", sa.Integer(), sa.ForeignKey("visit.id", ondelete="SET NULL"), nullable=True, unique=True
        ),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=False),
        sa.Column("household_members", sa.Integer(), nullable=False),
        sa.Column("animator_present", sa.Boolean(), nullable=False),
        sa.Column("volunteers", sa.Integer(), nullable=False),
        sa.Column("other_households", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        _person("recorded_by_id"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_works_session_household_id", "works_session", ["household_id"])
    op.create_index("ix_works_session_started_at", "works_session", ["started_at"])
    op.create_table(
        "works_photo",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("works_session.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("works_item.id", ondelete="SET NULL"), nullable=True),
        sa.Column("stage", STAGE, nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=True),
        sa.Column("mime_type", sa.String(length=30), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        _person("author_id"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    for column in ("household_id", "session_id", "item_id", "author_id"):
        op.create_index(f"ix_works_photo_{column}", "works_photo", [column])


def downgrade() -> None:
    for table in (
        "works_photo",
        "works_session",
        "material_line",
        "works_item",
        "contract_acceptance",
        "worksite_contract",
    ):
        op.drop_table(table)
