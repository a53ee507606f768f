"""Follow-up questionnaires: who gets which one and why, and their answers.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.models import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_assignment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("questionnaire_id", sa.String(length=80), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="SET NULL"), nullable=True),
        sa.Column("trigger_key", sa.String(length=200), nullable=False, unique=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_questionnaire_assignment_questionnaire_id", "questionnaire_assignment", ["questionnaire_id"])
    op.create_index("ix_questionnaire_assignment_person_id", "questionnaire_assignment", ["person_id"])
    op.create_index("ix_questionnaire_assignment_household_id", "questionnaire_assignment", ["household_id"])
    op.create_index("ix_questionnaire_assignment_due_at", "questionnaire_assignment", ["due_at"])
    op.create_index("ix_questionnaire_assignment_completed_at", "questionnaire_assignment", ["completed_at"])
    op.create_table(
        "questionnaire_answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "assignment_id",
            sa.Integer(),
            sa.ForeignKey("questionnaire_assignment.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=300), nullable=True),
        sa.Column("text", sa.String(length=2000), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("assignment_id", "question_id", name="uq_questionnaire_answer"),
    )
    op.create_index("ix_questionnaire_answer_assignment_id", "questionnaire_answer", ["assignment_id"])
    op.create_index("ix_questionnaire_answer_answered_at", "questionnaire_answer", ["answered_at"])


def downgrade() -> None:
    op.drop_table("questionnaire_answer")
    op.drop_table("questionnaire_assignment")
