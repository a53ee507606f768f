"""The right of access: everything stored about a person, as data they can keep.

The export is built from the tables themselves (every column of every row
that concerns the person), so a new column shows up in it without anyone
remembering to add it. Other tenants of the same household are only counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    AuditLog,
    Broadcast,
    ContentEvent,
    HelpOffer,
    Household,
    HouseholdFile,
    Invite,
    KitItem,
    OutboxMessage,
    Person,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    ReferentConsent,
    ReferentMembership,
    Referral,
    RelayDirection,
    RelayMessage,
    Rsvp,
    StepContribution,
    TipSent,
    TipSubscription,
    Tool,
    ToolLoan,
    Visit,
    VisitGuest,
    Workshop,
    WorkshopInvitation,
)
from bot.services import audit
from bot.services.worksite import privacy as worksite_export

FORMAT_VERSION = 1


def _row(row: SQLModel, *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    data = row.model_dump(mode="json")
    for name in drop:
        data.pop(name, None)
    for name in ("params", "reply_markup"):  # JSON kept as text in the outbox: shown as data
        if isinstance(data.get(name), str):
            data[name] = json.loads(data[name])
    return data


@dataclass
class PersonalData:
    person: dict[str, Any]
    household: dict[str, Any] | None = None
    other_household_members: int = 0
    households_followed: list[str] = field(default_factory=list)
    invitations_used: list[dict[str, Any]] = field(default_factory=list)
    invitations_created: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    broadcasts_sent: list[dict[str, Any]] = field(default_factory=list)
    content_events: list[dict[str, Any]] = field(default_factory=list)
    tip_subscription: dict[str, Any] | None = None
    tips_received: list[dict[str, Any]] = field(default_factory=list)
    # The household's home visits (tenants), or the visits the person leads (animators).
    visits: list[dict[str, Any]] = field(default_factory=list)
    # "Write to my animator": what the person wrote, and the team's answers to their household.
    relay_messages: list[dict[str, Any]] = field(default_factory=list)
    questionnaires: list[dict[str, Any]] = field(default_factory=list)  # each with its answers
    # Photos and voice notes the person added to tutorial steps (Telegram file ids), pending or approved.
    tutorial_contributions: list[dict[str, Any]] = field(default_factory=list)
    # Workshops: the invitations received, and each answer (yes, maybe, no, waiting since, came),
    # with the workshop's title and time.
    workshop_invitations: list[dict[str, Any]] = field(default_factory=list)
    workshop_answers: list[dict[str, Any]] = field(default_factory=list)
    # The household's worksite (tenants): its contract with items and materials, who accepted
    # which version, its works sessions and photos (Telegram file ids; the files on request).
    worksite: dict[str, Any] | None = None
    # The worksite kit: the household's tools borrowed and energy kit, the person's offers of
    # help and the visits they were invited to as a guest (a helper, or a social referent).
    tools_borrowed: list[dict[str, Any]] = field(default_factory=list)
    energy_kit: list[dict[str, Any]] = field(default_factory=list)
    help_offers: list[dict[str, Any]] = field(default_factory=list)
    visit_invitations: list[dict[str, Any]] = field(default_factory=list)
    # Partners (issue 18): a referent's organisation and the referrals they sent; a tenant's
    # household file and whether the household lets its referent read its messages and answers.
    referent_membership: dict[str, Any] | None = None
    referrals_sent: list[dict[str, Any]] = field(default_factory=list)
    household_file: dict[str, Any] | None = None
    referent_consent: dict[str, Any] | None = None
    audit_log: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self, *, exported_at: datetime) -> bytes:
        document = {"format": FORMAT_VERSION, "exported_at": exported_at.isoformat(), **self.__dict__}
        return json.dumps(document, ensure_ascii=False, indent=2).encode()


async def export(session: AsyncSession, person: Person, *, now: datetime) -> PersonalData:
    """Everything about `person`; the export itself goes into the audit log."""
    person_id = person.id
    data = PersonalData(person=_row(person))
    if person.household_id is not None:
        household = await session.get(Household, person.household_id)
        if household is not None:
            data.household = _row(household)
            data.other_household_members = (
                await session.exec(
                    select(func.count()).where(col(Person.household_id) == household.id, col(Person.id) != person_id)
                )
            ).one()
    followed = await session.exec(
        select(Household.reference).where(col(Household.animator_id) == person_id).order_by(col(Household.reference))
    )
    data.households_followed = list(followed.all())
    # The code's hash is a secret of the invitation, not data about the person.
    data.invitations_used = await _rows(
        session, select(Invite).where(col(Invite.used_by_id) == person_id), ("code_hash",)
    )
    data.invitations_created = await _rows(
        session, select(Invite).where(col(Invite.created_by_id) == person_id), ("code_hash",)
    )
    data.messages = await _rows(
        session,
        select(OutboxMessage).where(col(OutboxMessage.recipient_id) == person_id).order_by(col(OutboxMessage.id)),
    )
    data.broadcasts_sent = await _rows(session, select(Broadcast).where(col(Broadcast.created_by_id) == person_id))
    data.content_events = await _rows(
        session, select(ContentEvent).where(col(ContentEvent.person_id) == person_id).order_by(col(ContentEvent.id))
    )
    subscription = (
        await session.exec(select(TipSubscription).where(col(TipSubscription.person_id) == person_id))
    ).first()
    data.tip_subscription = _row(subscription) if subscription else None
    data.tips_received = await _rows(session, select(TipSent).where(col(TipSent.person_id) == person_id))
    visits_of = (
        col(Visit.household_id) == person.household_id
        if person.household_id is not None
        else col(Visit.animator_id) == person_id
    )
    data.visits = await _rows(session, select(Visit).where(visits_of).order_by(col(Visit.starts_at)))
    relayed = select(RelayMessage).where(col(RelayMessage.sender_id) == person_id)
    if person.household_id is not None:
        # Answers to the household, not what its other tenants wrote: theirs to export.
        relayed = select(RelayMessage).where(
            (col(RelayMessage.sender_id) == person_id)
            | (
                (col(RelayMessage.household_id) == person.household_id)
                & (col(RelayMessage.direction) == RelayDirection.to_household)
            )
        )
    data.relay_messages = await _rows(session, relayed.order_by(col(RelayMessage.id)))
    assignments = await session.exec(
        select(QuestionnaireAssignment)
        .where(col(QuestionnaireAssignment.person_id) == person_id)
        .order_by(col(QuestionnaireAssignment.id))
    )
    for assignment in assignments.all():
        answers = await _rows(
            session,
            select(QuestionnaireAnswer)
            .where(col(QuestionnaireAnswer.assignment_id) == assignment.id)
            .order_by(col(QuestionnaireAnswer.id)),
        )
        data.questionnaires.append({**_row(assignment), "answers": answers})
    data.tutorial_contributions = await _rows(
        session,
        select(StepContribution).where(col(StepContribution.author_id) == person_id).order_by(col(StepContribution.id)),
    )
    data.workshop_invitations = await _with_workshop(
        session,
        select(WorkshopInvitation)
        .where(col(WorkshopInvitation.person_id) == person_id)
        .order_by(col(WorkshopInvitation.id)),
    )
    data.workshop_answers = await _with_workshop(
        session, select(Rsvp).where(col(Rsvp.person_id) == person_id).order_by(col(Rsvp.id))
    )
    data.worksite = await worksite_export.of_person(session, person)
    if person.household_id is not None:
        loans = await session.exec(
            select(ToolLoan, Tool)
            .join(Tool, col(Tool.id) == col(ToolLoan.tool_id))
            .where(col(ToolLoan.household_id) == person.household_id)
            .order_by(col(ToolLoan.id))
        )
        data.tools_borrowed = [{**_row(loan), "tool": tool.name} for loan, tool in loans.all()]
        data.energy_kit = await _rows(
            session, select(KitItem).where(col(KitItem.household_id) == person.household_id).order_by(col(KitItem.id))
        )
    data.help_offers = await _rows(
        session, select(HelpOffer).where(col(HelpOffer.person_id) == person_id).order_by(col(HelpOffer.id))
    )
    data.visit_invitations = await _rows(
        session, select(VisitGuest).where(col(VisitGuest.person_id) == person_id).order_by(col(VisitGuest.id))
    )
    membership = (
        await session.exec(select(ReferentMembership).where(col(ReferentMembership.person_id) == person_id))
    ).first()
    data.referent_membership = _row(membership) if membership else None
    data.referrals_sent = await _rows(
        session, select(Referral).where(col(Referral.referent_id) == person_id).order_by(col(Referral.id))
    )
    if person.household_id is not None:
        found = (
            await session.exec(select(HouseholdFile).where(col(HouseholdFile.household_id) == person.household_id))
        ).first()
        data.household_file = _row(found) if found else None
        consent = (
            await session.exec(select(ReferentConsent).where(col(ReferentConsent.household_id) == person.household_id))
        ).first()
        data.referent_consent = _row(consent) if consent else None
    await audit.record(session, "person.export", actor_id=person_id, target_type="person", target_id=person_id, now=now)
    data.audit_log = await _rows(
        session,
        select(AuditLog)
        .where(
            or_(
                col(AuditLog.actor_id) == person_id,
                (col(AuditLog.target_type) == "person") & (col(AuditLog.target_id) == person_id),
            )
        )
        .order_by(col(AuditLog.id)),
    )
    return data


async def _with_workshop(session: AsyncSession, query: Any) -> list[dict[str, Any]]:
    """Rows about workshops, each with what the workshop was (title, time, place)."""
    found = []
    for row in (await session.exec(query)).all():
        workshop = await session.get(Workshop, row.workshop_id)
        about = None
        if workshop is not None:
            about = {"title": workshop.title, "starts_at": workshop.starts_at.isoformat(), "place": workshop.place}
        found.append({**_row(row), "workshop": about})
    return found


async def _rows(session: AsyncSession, query: Any, drop: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [_row(row, drop=drop) for row in (await session.exec(query)).all()]
