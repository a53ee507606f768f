"""What a social referent sees of the households they referred (issue 18, item 2): the phase,
the visits planned and done, the workshops attended, the closing review's summary. The tenants'
messages to the team and their questionnaire answers only while the household agrees (a consent
per household, given or revoked by one of its tenants, listed in /mes_donnees)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    Household,
    HouseholdFile,
    Organisation,
    Person,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    ReferentConsent,
    RelayDirection,
    RelayMessage,
    Role,
    Rsvp,
    Visit,
    VisitGuest,
    VisitKind,
    VisitStatus,
    Workshop,
)
from bot.services import audit, referent_visits
from bot.services.refusals import Refused

SHOWN = 5  # the latest messages and answers shown to a referent who may read them


class FollowRefusal(str, enum.Enum):
    not_theirs = "not_theirs"  # not a household this referent referred (or it was anonymised)
    no_referent = "no_referent"  # the tenant's household has no referent in the assistant


class FollowError(Refused[FollowRefusal]):
    pass


@dataclass(frozen=True)
class Overview:
    household: Household
    visits_planned: list[Visit]
    visits_done: list[Visit]
    workshops: list[Workshop]  # attended by one of its tenants
    closing_summary: str | None
    consent: bool
    messages: list[str] = field(default_factory=list)  # only with the consent
    answers: list[tuple[str, str]] = field(default_factory=list)  # (question id, answer), only with the consent
    invitations: dict[int, VisitGuest] = field(default_factory=dict)  # visit id -> the referent's own invitation


async def _file(session: AsyncSession, household_id: int) -> HouseholdFile | None:
    return (await session.exec(select(HouseholdFile).where(HouseholdFile.household_id == household_id))).first()


async def household_for(session: AsyncSession, referent: Person, household_id: int) -> Household:
    household = await session.get(Household, household_id)
    found = await _file(session, household_id) if household is not None else None
    if (
        referent.role is not Role.referent
        or household is None
        or household.anonymised_at is not None
        or found is None
        or found.referent_id != referent.id
    ):
        raise FollowError(FollowRefusal.not_theirs)
    return household


async def has_consent(session: AsyncSession, household_id: int) -> bool:
    found = await session.exec(select(ReferentConsent).where(ReferentConsent.household_id == household_id))
    return found.first() is not None


async def overview(session: AsyncSession, referent: Person, household_id: int, *, now: datetime) -> Overview:
    household = await household_for(session, referent, household_id)
    visits = list(
        (
            await session.exec(
                select(Visit).where(col(Visit.household_id) == household.id).order_by(col(Visit.starts_at))
            )
        ).all()
    )
    planned = [v for v in visits if v.status is VisitStatus.booked and v.starts_at >= now]
    done = [v for v in visits if v.status is VisitStatus.done]
    closing = [v for v in done if v.kind is VisitKind.closing and v.outcome_note]
    tenants = select(Person.id).where(col(Person.household_id) == household.id, col(Person.role) == Role.tenant)
    attended = await session.exec(
        select(Workshop)
        .join(Rsvp, col(Rsvp.workshop_id) == col(Workshop.id))
        .where(col(Rsvp.person_id).in_(tenants), col(Rsvp.attended).is_(True))
        .distinct()
        .order_by(col(Workshop.starts_at))
    )
    consent = await has_consent(session, household.id)
    messages: list[str] = []
    answers: list[tuple[str, str]] = []
    if consent:
        relayed = await session.exec(
            select(RelayMessage.text)
            .where(
                col(RelayMessage.household_id) == household.id,
                col(RelayMessage.direction) == RelayDirection.to_team,
                col(RelayMessage.text).is_not(None),
            )
            .order_by(col(RelayMessage.id).desc())
            .limit(SHOWN)
        )
        messages = [text for text in relayed.all() if text]
        given = await session.exec(
            select(QuestionnaireAnswer.question_id, QuestionnaireAnswer.value, QuestionnaireAnswer.text)
            .join(QuestionnaireAssignment, col(QuestionnaireAssignment.id) == col(QuestionnaireAnswer.assignment_id))
            .where(
                col(QuestionnaireAssignment.household_id) == household.id,
                col(QuestionnaireAssignment.anonymous).is_(False),
            )
            .order_by(col(QuestionnaireAnswer.id).desc())
            .limit(SHOWN)
        )
        answers = [(question, text or value or "") for question, value, text in given.all() if text or value]
    return Overview(
        household,
        planned,
        done,
        list(attended.all()),
        closing[-1].outcome_note if closing else None,
        consent,
        messages,
        answers,
        await referent_visits.invitations(session, referent, household.id),
    )


# --- the tenant's consent -----------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    referent: str
    organisation: str
    given: bool


async def consent_state(session: AsyncSession, tenant: Person) -> ConsentState:
    if tenant.role is not Role.tenant or tenant.household_id is None:
        raise FollowError(FollowRefusal.no_referent)
    found = await _file(session, tenant.household_id)
    referent = await session.get(Person, found.referent_id) if found and found.referent_id else None
    if found is None or referent is None:
        raise FollowError(FollowRefusal.no_referent)
    organisation = await session.get(Organisation, found.organisation_id) if found.organisation_id else None
    return ConsentState(
        referent.name, organisation.name if organisation else "", await has_consent(session, tenant.household_id)
    )


async def set_consent(session: AsyncSession, tenant: Person, give: bool, *, now: datetime) -> ConsentState:
    """Give or revoke, for the whole household (any of its tenants may); the audit log keeps the dates."""
    state = await consent_state(session, tenant)
    assert tenant.household_id is not None
    if give and not state.given:
        session.add(ReferentConsent(household_id=tenant.household_id, given_by_id=tenant.id, given_at=now))
    elif not give and state.given:
        await session.exec(delete(ReferentConsent).where(col(ReferentConsent.household_id) == tenant.household_id))
    else:
        return state
    await session.flush()
    await audit.record(
        session,
        "referent_consent.give" if give else "referent_consent.revoke",
        actor_id=tenant.id,
        target_type="household",
        target_id=tenant.household_id,
        now=now,
    )
    return ConsentState(state.referent, state.organisation, give)
