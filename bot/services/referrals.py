"""Referrals ("saisine", fiche de prescription): a social referent of a partner organisation
refers a household from the chat; a coordinator accepts it (the household is created in phase
referred, with its file, an animator and tenant invitations) or declines it with a reason; the
referent is told either way (through the outbox, in their language).

Also the organisations and the referents' invitations. Only what the accompaniment and the
funders' indicators need is asked (SECURITY.md, "Referrals and the household file")."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    Household,
    HouseholdFile,
    Invite,
    Organisation,
    Person,
    Phase,
    ReferentMembership,
    Referral,
    ReferralStatus,
    Role,
    Urgency,
)
from bot.services import audit, delivery, households, invites
from bot.services.households import HouseholdError
from bot.services.invites import InviteError
from bot.services.paging import Page
from bot.services.payloads import Payload
from bot.services.refusals import Refused

RECEIVED = "referral.received"  # to each coordinator: a new referral to accept or decline
ACCEPTED = "referral.accepted"  # to the referent
DECLINED = "referral.declined"  # to the referent, with the reason

MAX_PEOPLE = 20
MAX_INVITES = 4  # tenant invitations made on acceptance: one per adult, at most this many
NAME_MAX = 120
NEEDS_MAX = 1000
REASON_MAX = 500
EARLIEST_YEAR = 1950


class ReferralRefusal(str, enum.Enum):
    not_a_referent = "not_a_referent"  # only a referent attached to an organisation refers
    not_allowed = "not_allowed"  # only programme managers decide, create organisations, invite referents
    no_adult = "no_adult"
    too_many = "too_many"
    bad_site = "bad_site"
    bad_landlord = "bad_landlord"
    bad_needs = "bad_needs"
    bad_year = "bad_year"
    not_agreed = "not_agreed"  # the household must have agreed to be referred
    unknown_referral = "unknown_referral"
    already_decided = "already_decided"
    bad_reason = "bad_reason"
    not_an_animator = "not_an_animator"
    bad_name = "bad_name"
    duplicate_organisation = "duplicate_organisation"
    unknown_organisation = "unknown_organisation"


class ReferralError(Refused[ReferralRefusal]):
    def __init__(self, reason: ReferralRefusal | str) -> None:
        super().__init__(ReferralRefusal(reason))


@dataclass(frozen=True)
class Draft:
    """What the referent answered, step by step (kept in the chat's state until sent)."""

    site: str
    priority_neighbourhood: bool
    adults_women: int
    adults_men: int
    children: int
    minimum_income: bool
    single_parent: bool
    newcomer: bool
    dalo: bool
    tenant_since: int | None
    landlord: str
    needs: str
    urgency: Urgency
    household_agreed: bool


@dataclass(frozen=True)
class ReferralView:
    referral: Referral
    organisation: str
    referent: str


# --- checks of each answer (the flow asks again until one passes) -------------------------------


def one_line(text: str | None, limit: int, reason: ReferralRefusal) -> str:
    cleaned = " ".join((text or "").split())
    if not cleaned or len(cleaned) > limit:
        raise ReferralError(reason)
    return cleaned


def clean_site(text: str | None) -> str:
    return one_line(text, households.SITE_MAX, ReferralRefusal.bad_site)


def clean_landlord(text: str | None) -> str:
    return one_line(text, NAME_MAX, ReferralRefusal.bad_landlord)


def clean_needs(text: str | None) -> str:
    cleaned = (text or "").strip()
    if len(cleaned) < 3 or len(cleaned) > NEEDS_MAX:
        raise ReferralError(ReferralRefusal.bad_needs)
    return cleaned


def clean_year(text: str | None, *, now: datetime) -> int:
    cleaned = (text or "").strip()
    if not cleaned.isdigit() or not EARLIEST_YEAR <= int(cleaned) <= now.year:
        raise ReferralError(ReferralRefusal.bad_year)
    return int(cleaned)


def check_count(value: int) -> int:
    if not 0 <= value <= MAX_PEOPLE:
        raise ReferralError(ReferralRefusal.too_many)
    return value


def check_draft(draft: Draft, *, now: datetime) -> Draft:
    if not draft.household_agreed:
        raise ReferralError(ReferralRefusal.not_agreed)
    for count in (draft.adults_women, draft.adults_men, draft.children):
        check_count(count)
    if draft.adults_women + draft.adults_men == 0:
        raise ReferralError(ReferralRefusal.no_adult)
    clean_site(draft.site)
    clean_landlord(draft.landlord)
    clean_needs(draft.needs)
    if draft.tenant_since is not None:
        clean_year(str(draft.tenant_since), now=now)
    return draft


# --- organisations and referents ----------------------------------------------------------------


async def organisation_of(session: AsyncSession, person_id: int) -> Organisation | None:
    rows = await session.exec(
        select(Organisation)
        .join(ReferentMembership, col(ReferentMembership.organisation_id) == col(Organisation.id))
        .where(ReferentMembership.person_id == person_id)
    )
    return rows.first()


async def list_organisations(session: AsyncSession) -> list[Organisation]:
    return list((await session.exec(select(Organisation).order_by(col(Organisation.name)))).all())


async def add_organisation(session: AsyncSession, name: str, *, by: Person | None, now: datetime) -> Organisation:
    """`by`: a programme manager in the chat; None from the command line."""
    if by is not None and not by.role.manages_programme:
        raise ReferralError(ReferralRefusal.not_allowed)
    cleaned = one_line(name, NAME_MAX, ReferralRefusal.bad_name)
    taken = await session.exec(select(Organisation).where(func.lower(Organisation.name) == cleaned.lower()))
    if taken.first() is not None:
        raise ReferralError(ReferralRefusal.duplicate_organisation)
    organisation = Organisation(name=cleaned, created_at=now)
    session.add(organisation)
    await session.flush()
    await audit.record(
        session,
        "organisation.create",
        actor_id=by.id if by is not None else None,
        target_type="organisation",
        target_id=organisation.id,
        now=now,
    )
    return organisation


async def invite_referent(
    session: AsyncSession, inviter: Person, organisation_id: int, *, now: datetime, ttl: timedelta
) -> tuple[Invite, str, Organisation]:
    organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        raise ReferralError(ReferralRefusal.unknown_organisation)
    try:
        invite, code = await invites.invite(
            session, inviter, role=Role.referent, household_id=None, now=now, ttl=ttl, organisation_id=organisation.id
        )
    except InviteError:
        raise ReferralError(ReferralRefusal.not_allowed) from None
    return invite, code, organisation


# --- sending ------------------------------------------------------------------------------------


class ReceivedPayload(Payload):
    """referral.received: enough to write the notice; the coordinator opens the referral itself."""

    referral_id: int
    organisation: str = ""
    site: str = ""
    urgency: Urgency = Urgency.normal


class DecidedPayload(Payload):
    """referral.accepted / referral.declined: what the referent is told."""

    referral_id: int
    site: str = ""
    created_on: str = ""  # the day the referral was sent, ISO
    reference: str = ""  # accepted: the household's reference
    animator: str = ""  # accepted: who will follow them
    reason: str = ""  # declined: why


async def submit(session: AsyncSession, referent: Person, draft: Draft, *, now: datetime) -> Referral:
    if referent.role is not Role.referent or not referent.active:
        raise ReferralError(ReferralRefusal.not_a_referent)
    organisation = await organisation_of(session, referent.id)
    if organisation is None:
        raise ReferralError(ReferralRefusal.not_a_referent)
    check_draft(draft, now=now)
    referral = Referral(
        organisation_id=organisation.id,
        referent_id=referent.id,
        status=ReferralStatus.pending,
        site=clean_site(draft.site),
        priority_neighbourhood=draft.priority_neighbourhood,
        adults_women=draft.adults_women,
        adults_men=draft.adults_men,
        children=draft.children,
        minimum_income=draft.minimum_income,
        single_parent=draft.single_parent,
        newcomer=draft.newcomer,
        dalo=draft.dalo,
        tenant_since=draft.tenant_since,
        landlord=clean_landlord(draft.landlord),
        needs=clean_needs(draft.needs),
        urgency=draft.urgency,
        household_agreed=True,
        created_at=now,
    )
    session.add(referral)
    await session.flush()
    await audit.record(
        session, "referral.submit", actor_id=referent.id, target_type="referral", target_id=referral.id, now=now
    )
    payload = ReceivedPayload(
        referral_id=referral.id, organisation=organisation.name, site=referral.site, urgency=referral.urgency
    )
    for manager_id in await _deciders(session):
        await delivery.schedule(
            session,
            recipient_id=manager_id,
            kind=RECEIVED,
            dedup_key=f"referral:{referral.id}:received:person:{manager_id}",
            due_at=now,
            now=now,
            params=payload,
            urgent=referral.urgency is Urgency.urgent,
        )
    return referral


async def _deciders(session: AsyncSession) -> list[int]:
    """The coordinators; the administrators when there is no coordinator."""
    for role in (Role.coordinator, Role.admin):
        rows = await session.exec(
            select(Person.id).where(
                Person.role == role, col(Person.active).is_(True), col(Person.consent_at).is_not(None)
            )
        )
        found = list(rows.all())
        if found:
            return found
    return []


# --- deciding -----------------------------------------------------------------------------------


def _check_manager(person: Person) -> None:
    if not person.role.manages_programme or not person.active:
        raise ReferralError(ReferralRefusal.not_allowed)


async def _view(session: AsyncSession, referral: Referral) -> ReferralView:
    organisation = await session.get(Organisation, referral.organisation_id) if referral.organisation_id else None
    referent = await session.get(Person, referral.referent_id) if referral.referent_id else None
    return ReferralView(referral, organisation.name if organisation else "", referent.name if referent else "")


async def for_manager(session: AsyncSession, manager: Person, referral_id: int) -> ReferralView:
    _check_manager(manager)
    referral = await session.get(Referral, referral_id)
    if referral is None:
        raise ReferralError(ReferralRefusal.unknown_referral)
    return await _view(session, referral)


async def pending(session: AsyncSession, manager: Person, *, offset: int = 0, limit: int = 6) -> Page[ReferralView]:
    """Referrals waiting for a decision, the most urgent first, then the oldest."""
    _check_manager(manager)
    waiting = col(Referral.status) == ReferralStatus.pending
    total = (await session.exec(select(func.count()).select_from(Referral).where(waiting))).one()
    offset = max(0, min(offset, max(total - 1, 0)))
    urgency_rank = {Urgency.urgent: 0, Urgency.soon: 1, Urgency.normal: 2}
    rows = list((await session.exec(select(Referral).where(waiting))).all())
    rows.sort(key=lambda r: (urgency_rank[r.urgency], r.created_at, r.id))
    return Page([await _view(session, r) for r in rows[offset : offset + limit]], total, offset, limit)


async def _claim(
    session: AsyncSession, referral_id: int, status: ReferralStatus, manager: Person, now: datetime
) -> Referral:
    """Pending → decided, once: of two coordinators pressing at once, one decides."""
    if await session.get(Referral, referral_id) is None:
        raise ReferralError(ReferralRefusal.unknown_referral)
    claimed = await session.exec(
        update(Referral)
        .where(col(Referral.id) == referral_id, col(Referral.status) == ReferralStatus.pending)
        .values(status=status, decided_at=now, decided_by_id=manager.id)
    )
    if claimed.rowcount != 1:
        raise ReferralError(ReferralRefusal.already_decided)
    referral = await session.get(Referral, referral_id, populate_existing=True)
    assert referral is not None
    return referral


@dataclass(frozen=True)
class Accepted:
    household: Household
    codes: list[str]  # the tenants' invitation codes, shown once to the coordinator
    expires_at: datetime


async def accept(
    session: AsyncSession,
    manager: Person,
    referral_id: int,
    *,
    animator_id: int | None,
    now: datetime,
    ttl: timedelta,
) -> Accepted:
    _check_manager(manager)
    animator = None
    if animator_id is not None:
        animator = await households.get_animator(session, animator_id)
        if animator is None:
            raise ReferralError(ReferralRefusal.not_an_animator)
    referral = await _claim(session, referral_id, ReferralStatus.accepted, manager, now)
    view = await _view(session, referral)
    try:
        household = await households.create_household(
            session,
            reference=await _free_reference(session, referral),
            site=referral.site,
            priority_neighbourhood=referral.priority_neighbourhood,
            phase=Phase.referred,
            animator_id=animator.id if animator else None,
            referent_name=(f"{view.referent} ({view.organisation})" if view.referent else view.organisation)[:120],
            by=manager,
            now=now,
        )
    except HouseholdError:
        raise ReferralError(ReferralRefusal.not_allowed) from None
    referral.household_id = household.id
    session.add(referral)
    session.add(
        HouseholdFile(
            household_id=household.id,
            adults_women=referral.adults_women,
            adults_men=referral.adults_men,
            children=referral.children,
            minimum_income=referral.minimum_income,
            single_parent=referral.single_parent,
            newcomer=referral.newcomer,
            dalo=referral.dalo,
            tenant_since=referral.tenant_since,
            landlord=referral.landlord,
            referent_id=referral.referent_id,
            organisation_id=referral.organisation_id,
            updated_at=now,
        )
    )
    codes = []
    expires_at = now + ttl
    for _ in range(max(1, min(MAX_INVITES, referral.adults_women + referral.adults_men))):
        invite, code = await invites.create_invite(
            session, role=Role.tenant, household_id=household.id, created_by_id=manager.id, now=now, ttl=ttl
        )
        codes.append(code)
        expires_at = invite.expires_at
    await session.flush()
    await audit.record(
        session,
        "referral.accept",
        actor_id=manager.id,
        target_type="referral",
        target_id=referral.id,
        details=f"household={household.id}",
        now=now,
    )
    await _tell_referent(
        session,
        referral,
        ACCEPTED,
        now=now,
        reference=household.reference,
        animator=animator.name if animator else "",
    )
    return Accepted(household, codes, expires_at)


async def _free_reference(session: AsyncSession, referral: Referral) -> str:
    base = f"ORI-{referral.id:04d}"
    reference, n = base, 1
    while await households.get_by_reference(session, reference) is not None:
        n += 1
        reference = f"{base}-{n}"
    return reference


def clean_reason(text: str | None) -> str:
    return one_line(text, REASON_MAX, ReferralRefusal.bad_reason)


async def decline(session: AsyncSession, manager: Person, referral_id: int, reason: str, *, now: datetime) -> Referral:
    _check_manager(manager)
    cleaned = clean_reason(reason)
    referral = await _claim(session, referral_id, ReferralStatus.declined, manager, now)
    referral.decline_reason = cleaned
    session.add(referral)
    await session.flush()
    await audit.record(
        session, "referral.decline", actor_id=manager.id, target_type="referral", target_id=referral.id, now=now
    )
    await _tell_referent(session, referral, DECLINED, now=now, reason=cleaned)
    return referral


async def _tell_referent(session: AsyncSession, referral: Referral, kind: str, *, now: datetime, **fields: str) -> None:
    if referral.referent_id is None:
        return
    await delivery.schedule(
        session,
        recipient_id=referral.referent_id,
        kind=kind,
        dedup_key=f"referral:{referral.id}:{kind}",
        due_at=now,
        now=now,
        params=DecidedPayload(
            referral_id=referral.id, site=referral.site, created_on=referral.created_at.date().isoformat(), **fields
        ),
    )


# --- the referent's own referrals ---------------------------------------------------------------


async def sent_by(session: AsyncSession, referent: Person, *, offset: int = 0, limit: int = 6) -> Page[Referral]:
    """The referrals a referent sent, the newest first."""
    if referent.role is not Role.referent:
        raise ReferralError(ReferralRefusal.not_a_referent)
    theirs = col(Referral.referent_id) == referent.id
    total = (await session.exec(select(func.count()).select_from(Referral).where(theirs))).one()
    offset = max(0, min(offset, max(total - 1, 0)))
    rows = await session.exec(
        select(Referral)
        .where(theirs)
        .order_by(col(Referral.created_at).desc(), col(Referral.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return Page(list(rows.all()), total, offset, limit)


async def own(session: AsyncSession, referent: Person, referral_id: int) -> ReferralView:
    """One of the referent's own referrals; any other is refused as if it did not exist."""
    referral = await session.get(Referral, referral_id)
    if referent.role is not Role.referent or referral is None or referral.referent_id != referent.id:
        raise ReferralError(ReferralRefusal.unknown_referral)
    return await _view(session, referral)


# --- retention (bot/services/retention.py) ------------------------------------------------------


async def forget_household(session: AsyncSession, household_id: int) -> None:
    """An anonymised household: its referral and file keep only counts and yes/no situations."""
    await session.exec(
        update(Referral)
        .where(col(Referral.household_id) == household_id)
        .values(needs="", landlord="", site="", tenant_since=None, decline_reason=None, referent_id=None)
    )
    await session.exec(
        update(HouseholdFile)
        .where(col(HouseholdFile.household_id) == household_id)
        .values(landlord=None, tenant_since=None, referent_id=None)
    )


async def forget_expired(session: AsyncSession, *, cutoff: datetime) -> int:
    """Referrals that never became a household (declined, or left waiting), kept RETENTION_MONTHS:
    after that only their counts stay."""
    result = await session.exec(
        update(Referral)
        .where(
            col(Referral.household_id).is_(None),
            func.coalesce(col(Referral.decided_at), col(Referral.created_at)) <= cutoff,
            col(Referral.needs) != "",
        )
        .values(needs="", landlord="", site="", tenant_since=None, decline_reason=None, referent_id=None)
    )
    return int(result.rowcount or 0)


async def referral_of_household(session: AsyncSession, household_id: int) -> int:
    found = await session.exec(select(Referral.id).where(col(Referral.household_id) == household_id))
    return found.first() or 0
