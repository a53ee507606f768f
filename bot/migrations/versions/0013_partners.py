"""Partners: organisations and their social referents, referrals, the household file, and the
household's consent that its referent reads its messages and answers.

(The referent role is a new value of person.role and invite.role, VARCHARs: no change there.)

Revision ID: 0013_partners
Revises: 0012_worksite_kit
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0013_partners"
down_revision = "0012_worksite_kit"
branch_labels = None
depends_on = None

STATUS = sa.Enum("pending", "accepted", "declined", name="referralstatus", native_enum=False, length=20)
URGENCY = sa.Enum("normal", "soon", "urgent", name="urgency", native_enum=False, length=20)


def _situation() -> list[sa.Column]:  # type: ignore[type-arg]  # Column's generic is the value type
    return [
        sa.Column("adults_women", sa.Integer(), nullable=False),
        sa.Column("adults_men", sa.Integer(), nullable=False),
        sa.Column("children", sa.Integer(), nullable=False),
        sa.Column("minimum_income", sa.Boolean(), nullable=False),
        sa.Column("single_parent", sa.Boolean(), nullable=False),
        sa.Column("newcomer", sa.Boolean(), nullable=False),
        sa.Column("dalo", sa.Boolean(), nullable=False),
        sa.Column("tenant_since", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=120), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "referent_membership",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("ix_referent_membership_organisation_id", "referent_membership", ["organisation_id"])
    op.create_table(
        "invite_organisation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("invite_id", sa.Integer(), sa.ForeignKey("invite.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("ix_invite_organisation_organisation_id", "invite_organisation", ["organisation_id"])
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisation.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("referent_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("site", sa.String(length=80), nullable=False),
        sa.Column("priority_neighbourhood", sa.Boolean(), nullable=False),
        *_situation(),
        sa.Column("landlord", sa.String(length=120), nullable=False),
        sa.Column("needs", sa.String(length=1000), nullable=False),
        sa.Column("urgency", URGENCY, nullable=False),
        sa.Column("household_agreed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("decline_reason", sa.String(length=500), nullable=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="SET NULL"), nullable=True),
    )
    for column in ("organisation_id", "referent_id", "created_at", "household_id"):
        op.create_index(f"ix_referral_{column}", "referral", [column])
    op.create_table(
        "household_file",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False, unique=True
        ),
        *_situation(),
        sa.Column("landlord", sa.String(length=120), nullable=True),
        sa.Column("referent_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisation.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_household_file_referent_id", "household_file", ["referent_id"])
    op.create_table(
        "referent_consent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False, unique=True
        ),
        sa.Column("given_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("given_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_referent_consent_given_by_id", "referent_consent", ["given_by_id"])


def downgrade() -> None:
    for table in ("referent_consent", "household_file", "referral", "invite_organisation", "referent_membership"):
        op.drop_table(table)
    op.drop_table("organisation")
