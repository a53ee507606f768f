"""Mutual help (entraide): a tenant offers help on another household's worksite (a skill, a
half-day); staff match the offer with an upcoming works visit of another household that they
follow; the helper is invited to that visit as its guest (bot/services/visits/guests.py: the
visit, its changes and its reminders), answers yes or no; after the visit the staff who keep it
record that the helper came and for how long. Hours are counted per household (given and
received) and in the Bilan."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    GuestAnswer,
    GuestRole,
    HelpOffer,
    HelpOfferStatus,
    Household,
    Person,
    Role,
    Visit,
    VisitGuest,
    VisitKind,
    VisitStatus,
)
from bot.services import audit, households
from bot.services.refusals import Refused
from bot.services.visits import access, guests

SKILL_MAX = 200
MINUTES_MAX = 12 * 60
LIST_MAX = 20


class HalfDay(str, enum.Enum):
    mon_am = "mon_am"
    mon_pm = "mon_pm"
    tue_am = "tue_am"
    tue_pm = "tue_pm"
    wed_am = "wed_am"
    wed_pm = "wed_pm"
    thu_am = "thu_am"
    thu_pm = "thu_pm"
    fri_am = "fri_am"
    fri_pm = "fri_pm"
    sat_am = "sat_am"
    sat_pm = "sat_pm"

    @property
    def weekday(self) -> int:
        return ("mon", "tue", "wed", "thu", "fri", "sat").index(self.value[:3])

    @property
    def morning(self) -> bool:
        return self.value.endswith("_am")


class HelpRefusal(str, enum.Enum):
    not_tenant = "not_tenant"  # only a tenant of a household offers help
    bad_skill = "bad_skill"
    no_such_offer = "no_such_offer"
    offer_closed = "offer_closed"
    not_staff = "not_staff"
    not_yours = "not_yours"  # a visit or a household the person does not keep
    not_a_works_visit = "not_a_works_visit"
    own_household = "own_household"  # a household helps another one
    helper_gone = "helper_gone"  # the helper erased their data or left
    already_invited = "already_invited"
    not_your_invitation = "not_your_invitation"
    visit_over = "visit_over"
    not_yet = "not_yet"  # came/hours before the visit has started
    bad_minutes = "bad_minutes"


class HelpRefused(Refused[HelpRefusal]):
    pass


def clean_skill(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned if 0 < len(cleaned) <= SKILL_MAX else None


def _check_tenant(person: Person) -> int:
    if person.role is not Role.tenant or person.household_id is None:
        raise HelpRefused(HelpRefusal.not_tenant)
    return person.household_id


async def offer(session: AsyncSession, tenant: Person, *, skill: str, half_day: HalfDay, now: datetime) -> HelpOffer:
    household_id = _check_tenant(tenant)
    cleaned = clean_skill(skill)
    if cleaned is None:
        raise HelpRefused(HelpRefusal.bad_skill)
    made = HelpOffer(
        household_id=household_id,
        person_id=tenant.id,
        skill=cleaned,
        half_day=half_day.value,
        status=HelpOfferStatus.open,
        created_at=now,
    )
    session.add(made)
    await session.flush()
    await audit.record(session, actor_id=tenant.id, action="help.offer", target_type="help_offer", target_id=made.id)
    return made


async def my_offers(session: AsyncSession, tenant: Person) -> list[HelpOffer]:
    _check_tenant(tenant)
    rows = await session.exec(
        select(HelpOffer)
        .where(col(HelpOffer.person_id) == tenant.id, col(HelpOffer.status) != HelpOfferStatus.withdrawn)
        .order_by(col(HelpOffer.id).desc())
        .limit(LIST_MAX)
    )
    return list(rows.all())


async def withdraw(session: AsyncSession, tenant: Person, offer_id: int) -> HelpOffer:
    _check_tenant(tenant)
    found = await session.get(HelpOffer, offer_id)
    if found is None or found.person_id != tenant.id:
        raise HelpRefused(HelpRefusal.no_such_offer)
    if found.status is not HelpOfferStatus.open:
        raise HelpRefused(HelpRefusal.offer_closed)
    found.status = HelpOfferStatus.withdrawn
    session.add(found)
    await session.flush()
    return found


def _check_staff(person: Person) -> None:
    if not person.role.is_staff:
        raise HelpRefused(HelpRefusal.not_staff)


@dataclass(frozen=True)
class OfferView:
    offer: HelpOffer
    reference: str  # the helper's household
    helper: str  # the helper's first name as they gave it


async def open_offers(session: AsyncSession, actor: Person) -> list[OfferView]:
    """Every open offer: helpers may go to any household, so the whole team sees them."""
    _check_staff(actor)
    rows = await session.exec(
        select(HelpOffer, Household, Person)
        .join(Household, col(Household.id) == col(HelpOffer.household_id))
        .join(Person, col(Person.id) == col(HelpOffer.person_id))
        .where(col(HelpOffer.status) == HelpOfferStatus.open, col(Person.active).is_(True))
        .order_by(col(HelpOffer.created_at))
        .limit(LIST_MAX)
    )
    return [OfferView(found, household.reference, person.name) for found, household, person in rows.all()]


async def get_offer(session: AsyncSession, actor: Person, offer_id: int) -> OfferView:
    _check_staff(actor)
    for view in await open_offers(session, actor):
        if view.offer.id == offer_id:
            return view
    raise HelpRefused(HelpRefusal.no_such_offer)


async def matchable_visits(
    session: AsyncSession, actor: Person, offer_id: int, *, now: datetime
) -> list[tuple[Visit, str]]:
    """Upcoming works visits of other households that the actor keeps, with their reference."""
    view = await get_offer(session, actor, offer_id)
    rows = await session.exec(
        select(Visit, Household)
        .join(Household, col(Household.id) == col(Visit.household_id))
        .where(
            col(Visit.kind) == VisitKind.works,
            col(Visit.status) == VisitStatus.booked,
            col(Visit.starts_at) > now,
            col(Visit.household_id) != view.offer.household_id,
        )
        .order_by(col(Visit.starts_at))
    )
    return [(visit, household.reference) for visit, household in rows.all() if access.keeps(actor, visit, household)][
        :LIST_MAX
    ]


async def match(
    session: AsyncSession, actor: Person, offer_id: int, visit_id: int, *, now: datetime, tz: ZoneInfo
) -> VisitGuest:
    view = await get_offer(session, actor, offer_id)
    visit = await session.get(Visit, visit_id)
    household = await session.get(Household, visit.household_id) if visit else None
    if visit is None or household is None or not access.keeps(actor, visit, household):
        raise HelpRefused(HelpRefusal.not_yours)
    if visit.kind is not VisitKind.works:
        raise HelpRefused(HelpRefusal.not_a_works_visit)
    if visit.status is not VisitStatus.booked or visit.starts_at <= now:
        raise HelpRefused(HelpRefusal.visit_over)
    if visit.household_id == view.offer.household_id:
        raise HelpRefused(HelpRefusal.own_household)
    helper = await session.get(Person, view.offer.person_id) if view.offer.person_id else None
    if helper is None or not helper.active:
        raise HelpRefused(HelpRefusal.helper_gone)
    taken = await session.exec(
        update(HelpOffer)
        .where(col(HelpOffer.id) == view.offer.id, col(HelpOffer.status) == HelpOfferStatus.open)
        .values(status=HelpOfferStatus.matched)
    )
    if not taken.rowcount:
        raise HelpRefused(HelpRefusal.offer_closed)
    guest = await guests.invite(
        session, visit, helper, role=GuestRole.helper, invited_by=actor, now=now, tz=tz, offer_id=view.offer.id
    )
    if guest is None:
        raise HelpRefused(HelpRefusal.already_invited)
    await audit.record(session, actor_id=actor.id, action="help.match", target_type="visit_guest", target_id=guest.id)
    return guest


async def my_invitation(session: AsyncSession, person: Person, guest_id: int) -> tuple[VisitGuest, Visit]:
    guest = await session.get(VisitGuest, guest_id)
    visit = await session.get(Visit, guest.visit_id) if guest else None
    if guest is None or visit is None or guest.person_id != person.id:
        raise HelpRefused(HelpRefusal.not_your_invitation)
    return guest, visit


async def answer(
    session: AsyncSession, person: Person, guest_id: int, choice: GuestAnswer, *, now: datetime, tz: ZoneInfo
) -> VisitGuest:
    """The helper's yes or no, until the visit starts."""
    guest, visit = await my_invitation(session, person, guest_id)
    if choice is GuestAnswer.invited:
        raise HelpRefused(HelpRefusal.not_your_invitation)
    if visit.status is not VisitStatus.booked or visit.starts_at <= now:
        raise HelpRefused(HelpRefusal.visit_over)
    await guests.answer(session, guest, visit, choice, now=now, tz=tz)
    return guest


@dataclass(frozen=True)
class GuestView:
    guest: VisitGuest
    name: str  # "" once the helper erased their data
    reference: str  # the helper's household


async def guests_of_visit(session: AsyncSession, actor: Person, visit_id: int) -> list[GuestView]:
    """For the staff who keep the visit."""
    if await access.managed_visit(session, actor, visit_id) is None:
        raise HelpRefused(HelpRefusal.not_yours)
    views = []
    for guest in await guests.of_visit(session, visit_id):
        person = await session.get(Person, guest.person_id) if guest.person_id else None
        household = await session.get(Household, guest.household_id) if guest.household_id else None
        views.append(GuestView(guest, person.name if person else "", household.reference if household else ""))
    return views


@dataclass(frozen=True)
class HelperOnVisit:
    guest: VisitGuest
    visit: Visit
    name: str
    reference: str  # the helper's household


async def helpers_of_household(session: AsyncSession, actor: Person, household_id: int) -> list[HelperOnVisit]:
    """The helpers invited to the household's visits, latest visit first (staff who follow it)."""
    household = await session.get(Household, household_id)
    if household is None or not households.follows(actor, household):
        raise HelpRefused(HelpRefusal.not_yours)
    rows = await session.exec(
        select(VisitGuest, Visit)
        .join(Visit, col(Visit.id) == col(VisitGuest.visit_id))
        .where(col(Visit.household_id) == household_id, col(VisitGuest.role) == GuestRole.helper)
        .order_by(col(Visit.starts_at).desc())
        .limit(LIST_MAX)
    )
    found = []
    for guest, visit in rows.all():
        person = await session.get(Person, guest.person_id) if guest.person_id else None
        helper_household = await session.get(Household, guest.household_id) if guest.household_id else None
        found.append(
            HelperOnVisit(
                guest, visit, person.name if person else "", helper_household.reference if helper_household else ""
            )
        )
    return found


async def guest_household(session: AsyncSession, actor: Person, guest_id: int) -> int:
    """The household whose visit the guest is invited to, if the actor keeps that visit."""
    guest = await session.get(VisitGuest, guest_id)
    managed = await access.managed_visit(session, actor, guest.visit_id) if guest else None
    if managed is None:
        raise HelpRefused(HelpRefusal.not_yours)
    return managed[1].id


async def record(
    session: AsyncSession, actor: Person, guest_id: int, *, came: bool, minutes: int, now: datetime
) -> VisitGuest:
    """After the visit has started: the helper came (and for how long) or did not."""
    guest = await session.get(VisitGuest, guest_id)
    if guest is None or guest.role is not GuestRole.helper:  # a referent's attendance is asked on closing
        raise HelpRefused(HelpRefusal.not_yours)
    managed = await access.managed_visit(session, actor, guest.visit_id)
    if managed is None:
        raise HelpRefused(HelpRefusal.not_yours)
    visit, _household = managed
    if visit.starts_at > now:
        raise HelpRefused(HelpRefusal.not_yet)
    if came and not 1 <= minutes <= MINUTES_MAX:
        raise HelpRefused(HelpRefusal.bad_minutes)
    guest.came = came
    guest.minutes = minutes if came else None
    session.add(guest)
    await session.flush()
    await audit.record(session, actor_id=actor.id, action="help.record", target_type="visit_guest", target_id=guest.id)
    return guest


@dataclass(frozen=True)
class HelpHours:
    given_minutes: int
    received_minutes: int


def _came() -> list[object]:
    return [col(VisitGuest.role) == GuestRole.helper, col(VisitGuest.came).is_(True)]


async def hours_of_household(session: AsyncSession, household_id: int) -> HelpHours:
    given = await session.exec(
        select(func.coalesce(func.sum(VisitGuest.minutes), 0)).where(
            col(VisitGuest.household_id) == household_id,
            *_came(),  # type: ignore[arg-type]  # SQL expressions
        )
    )
    received = await session.exec(
        select(func.coalesce(func.sum(VisitGuest.minutes), 0))
        .join(Visit, col(Visit.id) == col(VisitGuest.visit_id))
        .where(col(Visit.household_id) == household_id, *_came())  # type: ignore[arg-type]  # SQL expressions
    )
    return HelpHours(int(given.one()), int(received.one()))


async def card_hours(session: AsyncSession, actor: Person, household_id: int) -> HelpHours:
    household = await session.get(Household, household_id)
    if household is None or not households.follows(actor, household):
        raise HelpRefused(HelpRefusal.not_yours)
    return await hours_of_household(session, household_id)


@dataclass(frozen=True)
class HelpFigures:
    minutes: int  # of mutual help recorded on visits in the period
    helpers: int  # distinct helping households
    offers: int  # offers made in the period


async def bilan_figures(session: AsyncSession, *, start: datetime | None, now: datetime) -> HelpFigures:
    window = [col(Visit.starts_at) <= now]
    if start is not None:
        window.append(col(Visit.starts_at) >= start)
    row = await session.exec(
        select(func.coalesce(func.sum(VisitGuest.minutes), 0), func.count(func.distinct(VisitGuest.household_id)))
        .join(Visit, col(Visit.id) == col(VisitGuest.visit_id))
        .where(*_came(), *window)  # type: ignore[arg-type]  # SQL expressions
    )
    minutes, helpers = row.one()
    offers = select(func.count()).select_from(HelpOffer).where(col(HelpOffer.created_at) <= now)
    if start is not None:
        offers = offers.where(col(HelpOffer.created_at) >= start)
    return HelpFigures(int(minutes), int(helpers), (await session.exec(offers)).one())
