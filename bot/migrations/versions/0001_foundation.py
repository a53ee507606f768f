"""Foundation: people, households, invitations, code attempts, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ROLE = sa.Enum("tenant", "animator", "coordinator", "admin", name="role", native_enum=False, length=20)
PHASE = sa.Enum(
    "referred", "preparation", "works", "follow_up", "closed", name="phase", native_enum=False, length=20
)


def upgrade() -> None:
    # household.animator_id and person.household_id point at each other: the first
    # foreign key is added once both tables exist.
    op.create_table(
        "household",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column("site", sa.String(80), nullable=False, index=True),
        sa.Column("priority_neighbourhood", sa.Boolean(), nullable=False),
        sa.Column("phase", PHASE, nullable=False),
        sa.Column("animator_id", sa.Integer(), nullable=True, index=True),
        sa.Column("referent_name", sa.String(120), nullable=True),
        sa.Column("referent_contact", sa.String(120), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", ROLE, nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column(
            "household_id",
            sa.Integer(),
            sa.ForeignKey("household.id", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
        sa.Column("consent_at", UTCDateTime(), nullable=True),
        sa.Column("consent_version", sa.Integer(), nullable=True),
        sa.Column("unreachable_since", UTCDateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    with op.batch_alter_table("household") as batch:
        batch.create_foreign_key(
            "fk_household_animator_id_person", "person", ["animator_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "invite",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("role", ROLE, nullable=False),
        sa.Column(
            "household_id",
            sa.Integer(),
            sa.ForeignKey("household.id", ondelete="CASCADE"),
            nullable=True,
            index=True,
        ),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("used_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "code_attempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_key", sa.String(64), nullable=False, index=True),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target_type", sa.String(40), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.String(500), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("code_attempt")
    op.drop_table("invite")
    with op.batch_alter_table("household") as batch:
        batch.drop_constraint("fk_household_animator_id_person", type_="foreignkey")
    op.drop_table("person")
    op.drop_table("household")
