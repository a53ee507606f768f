"""Roles, enforced in one place and proved two ways.

1. Statically: every handler of every router is covered by a role rule
   (bot/filters.py ROLE_RULES), and a new unguarded one is reported and
   refused by create_dispatcher().
2. Behaviourally: a callback of every CallbackData factory, with plausible
   and foreign ids, pressed by every kind of person; whatever they may not
   do leaves everyone else's data exactly as it was, and every press is answered.
"""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import Message

from bot.app import create_dispatcher
from bot.config import load_settings
from bot.filters import IsMember, unguarded_handlers
from bot.models import (
    Buyer,
    ContributionKind,
    ContributionStatus,
    Doer,
    GuestRole,
    ItemProgress,
    MaterialLine,
    Person,
    ReferentMembership,
    Role,
    RsvpAnswer,
    StepContribution,
    Urgency,
    VisitKind,
    WorkKind,
    WorkshopInvitation,
    WorkshopTheme,
    WorksiteContract,
    WorksItem,
)
from bot.services import (
    energy_kit,
    households,
    lending,
    mutual_help,
    people,
    questionnaires,
    referrals,
    rsvp,
    workshops,
)
from bot.services.visits import booking, guests, slots
from handlers import get_routers
from tests.callback_factories import all_factories, factories
from tests.dbdump import snapshot_of_others
from tests.e2e.direct import direct_bot

PARIS = ZoneInfo("Europe/Paris")

# --- 1. every handler has a role rule ------------------------------------------------------


def test_every_handler_of_every_router_has_a_role_rule():
    routers = get_routers()
    assert unguarded_handlers(routers) == []
    observed = {
        name for router in routers for sub in router.chain_tail for name, o in sub.observers.items() if o.handlers
    }
    assert {"message", "callback_query", "my_chat_member"} <= observed


async def _unguarded(message: Message) -> None:
    await message.answer("secret")


def test_a_new_handler_without_a_role_rule_is_reported_and_refused(sessionmaker, library):
    leaky = Router(name="leaky")
    leaky.message.register(_unguarded, Command("secret"))
    guarded_parent = Router(name="parent")
    guarded_parent.callback_query.filter(IsMember(Role.admin))
    child = Router(name="child")
    child.callback_query.register(_unguarded)  # covered by its parent's rule
    child.message.register(_unguarded)  # not covered: the parent guards callbacks only
    guarded_parent.include_router(child)

    routers = [*get_routers(), leaky, guarded_parent]
    assert unguarded_handlers(routers) == [
        "leaky.message: '_unguarded'",
        "child.message: '_unguarded'",
    ]
    settings = load_settings(_env_file=None, bot_token="123456:" + "A" * 35)
    with pytest.raises(RuntimeError, match="leaky.message"):
        create_dispatcher(settings, sessionmaker, routers=[*get_routers(), leaky], run_scheduler=False, library=library)


# --- 2. the matrix -------------------------------------------------------------------------


@dataclass
class World:
    """Household A is the target of every forged id; B is somewhere else."""

    household_a: int
    tenant_a: Person
    tenant_b: Person
    animator_a: Person  # follows A
    animator_z: Person  # follows nobody
    coordinator: Person
    admin: Person
    workshop_id: int  # open; tenant A invited, tenant B registered
    rsvp_b: int
    visit_a: int  # household A's booked visit next week, with animator A
    slot_a: int  # a free time of animator A
    assignment_a: int  # a questionnaire waiting for tenant A
    tool: int  # the tool library's drill, one lent to household A
    loan_a: int
    kit_a: int  # an LED bulb installed at household A
    offer_b: int  # tenant B offers help
    guest_b: int  # tenant B, invited to household A's visit
    referent: Person  # a social referent of an organisation, who sent referral_a
    referral_a: int  # waiting for a decision
    organisation: int
    contribution_a: int = 0  # animator A's approved photo on step 2 of a tutorial (when one is given)
    item_a: int = 0  # a works item of household A's contract
    line_a: int = 0  # a material of that item


async def build_world(sessionmaker, clock, tutorial_id: str | None = None) -> World:  # type: ignore[no-untyped-def]
    now = clock.now()
    async with sessionmaker() as session:

        async def staff(telegram_id: int, role: Role, name: str) -> Person:
            person, _ = await people.add_staff(session, telegram_id=telegram_id, role=role, name=name, now=now)
            await people.give_consent(session, person, locale="en", now=now)
            return person

        animator_a = await staff(5101, Role.animator, "Anim-A")
        animator_b = await staff(5102, Role.animator, "Anim-B")
        animator_z = await staff(5103, Role.animator, "Anim-Z")
        coordinator = await staff(5104, Role.coordinator, "Coord")
        admin = await staff(5105, Role.admin, "Admin")
        household_a = await households.create_household(
            session, reference="A-1", site="Nord", animator_id=animator_a.id
        )
        household_b = await households.create_household(session, reference="B-1", site="Sud", animator_id=animator_b.id)
        tenants = []
        for telegram_id, household in ((5201, household_a), (5202, household_b)):
            tenant = Person(
                telegram_id=telegram_id, name=f"Tenant-{telegram_id}", role=Role.tenant, household_id=household.id
            )
            session.add(tenant)
            await session.flush()
            await people.give_consent(session, tenant, locale="en", now=now)
            tenants.append(tenant)
        [workshop] = await workshops.create(
            session,
            workshops.Draft(
                theme=WorkshopTheme.diy, title="Peinture", starts_at=now + timedelta(days=7), place="Centre", capacity=5
            ),
            created_by_id=coordinator.id,
            now=now,
            tz=PARIS,
        )
        session.add(WorkshopInvitation(workshop_id=workshop.id, person_id=tenants[0].id, invited_at=now))
        await rsvp.answer(session, workshop, tenants[1], RsvpAnswer.yes, now=now, tz=PARIS)
        registered = await rsvp.get(session, workshop.id, tenants[1].id)
        assignment = await questionnaires.assign(
            session,
            questionnaire_id="after_visit",
            person_id=tenants[0].id,
            household_id=household_a.id,
            trigger_key="world:after_visit",
            due_at=now,
            now=now,
        )
        next_week = (now + timedelta(days=7)).astimezone(PARIS).date()
        plan = slots.Plan(days=(next_week,), start=time(9), end=time(12), length_minutes=60, buffer_minutes=30)
        await slots.publish(session, animator_a.id, plan, now=now, tz=PARIS)
        first, second = await slots.free_slots(session, animator_a.id, now=now)
        visit = await booking.book(
            session, household_a, first.id, kind=VisitKind.preparation, booked_by=tenants[0], now=now, tz=PARIS
        )
        contribution = None
        if tutorial_id is not None:
            contribution = StepContribution(
                tutorial_id=tutorial_id,
                step=2,
                kind=ContributionKind.photo,
                file_id="photo-of-animator-a",
                author_id=animator_a.id,
                status=ContributionStatus.approved,
                reviewed_by_id=coordinator.id,
                reviewed_at=now,
                created_at=now,
            )
            session.add(contribution)
            await session.flush()
        worksite = WorksiteContract(
            household_id=household_a.id, contribution_percent=10, created_at=now, updated_at=now
        )
        session.add(worksite)
        await session.flush()
        item = WorksItem(
            contract_id=worksite.id,
            room="Chambre",
            kind=WorkKind.walls,
            doer=Doer.household,
            progress=ItemProgress.not_started,
        )
        session.add(item)
        await session.flush()
        line = MaterialLine(
            contract_id=worksite.id,
            item_id=item.id,
            tutorial_id="repeindre-mur-plafond",
            material_index=0,
            buyer=Buyer.association,
        )
        session.add(line)
        tool = await lending.add_tool(session, coordinator, name="Drill", count=2)
        loan = await lending.lend(
            session,
            coordinator,
            tool_id=tool.id,
            household_id=household_a.id,
            due_on=next_week,
            now=now,
            tz=PARIS,
        )
        kit = await energy_kit.add(
            session,
            coordinator,
            household_a.id,
            kind=energy_kit.KitKind.led_bulb,
            count=2,
            installed_on=now.astimezone(PARIS).date(),
            now=now,
            tz=PARIS,
        )
        offer = await mutual_help.offer(
            session, tenants[1], skill="Painting", half_day=mutual_help.HalfDay.sat_am, now=now
        )
        guest = await guests.invite(
            session, visit, tenants[1], role=GuestRole.helper, invited_by=coordinator, now=now, tz=PARIS
        )
        assert guest is not None
        organisation = await referrals.add_organisation(session, "CCAS", by=None, now=now)
        referent = Person(telegram_id=5301, name="Referent", role=Role.referent)
        session.add(referent)
        await session.flush()
        session.add(ReferentMembership(person_id=referent.id, organisation_id=organisation.id))
        await people.give_consent(session, referent, locale="en", now=now)
        referral = await referrals.submit(
            session,
            referent,
            referrals.Draft(
                site="Nord",
                priority_neighbourhood=True,
                adults_women=1,
                adults_men=1,
                children=2,
                minimum_income=True,
                single_parent=False,
                newcomer=False,
                dalo=False,
                tenant_since=2019,
                landlord="PAH",
                needs="Peinture",
                urgency=Urgency.normal,
                household_agreed=True,
            ),
            now=now,
        )
        await session.commit()
        world = World(
            household_a.id,
            tenants[0],
            tenants[1],
            animator_a,
            animator_z,
            coordinator,
            admin,
            workshop.id,
            registered.id,
            visit.id,
            second.id,
            assignment.id,
            tool.id,
            loan.id,
            kit.id,
            offer.id,
            guest.id,
            referent,
            referral.id,
            organisation.id,
            contribution.id if contribution is not None else 0,
        )
        world.item_a, world.line_a = item.id, line.id
        return world


def field_values(factory: type[CallbackData], name: str, annotation: object, world: World, library) -> list:  # type: ignore[no-untyped-def]
    if annotation is bool:
        return [True, False]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return list(annotation)
    if name == "id" and annotation is int:
        return [world.workshop_id]  # WorkshopCallback; string ids are tutorials and tips
    tutorial = library.tutorials("en")[0]
    plausible = {
        "household_id": [world.household_a],
        "person_id": [world.animator_a.id, world.admin.id],
        "from_id": [world.animator_a.id, world.admin.id],
        "to_id": [0, world.animator_z.id],
        "offset": [0, 8],
        "index": [0, 3],
        "weekday": [1, 9],
        "step": [-1, 1],
        "category": [tutorial.category],
        "id": [tutorial.id],
        "workshop_id": [world.workshop_id],
        "target_id": [world.household_a, world.workshop_id],
        "rsvp_id": [world.rsvp_b],
        "seats": [10],
        "every_weeks": [0, 2],
        "kind": ["all", "site"],
        "visit_id": [0, world.visit_a],
        "slot_id": [world.slot_a],
        "day": [(date(2026, 12, 1)).toordinal()],
        "value": [1, 60],
        "assignment_id": [world.assignment_a],
        "questionnaire": [0],
        "site": [-1],
        "animator": [world.animator_a.id],
        "contribution": sorted({0, world.contribution_a}),
        # The worksite kit (handlers/lending, energy_kit, mutual_help).
        "tool_id": [0, world.tool],
        "loan_id": [world.loan_a],
        "item_id": sorted({world.kit_a, world.item_a}),  # a kit line (energy kit), a works item (worksite)
        "offer_id": [world.offer_b],
        "guest_id": [world.guest_b],
        "days": [0, 7, 5],
        "count": [0, 2, 99],
        "minutes": [-1, 0, 120],
        "referral_id": [world.referral_a],
        "organisation_id": [0, world.organisation],
        # The calendar and the time picker (handlers/ui/calendar.py): only inside their steps.
        "year": [2026, 2**31 - 1],
        "month": [12, 13],
        "hour": [9, -1],
        "minute": [0, 61],
        # The worksite (handlers/worksite).
        "line_id": [world.line_a],
        "version": [1, 2],
        "percent": [10, 101],
        "hours": [-1, 3],
        "members": [-1, 2],
        "volunteers": [-1, 1],
        "others": [-1, 0],
    }
    if name not in plausible:
        pytest.fail(f"{factory.__name__}.{name}: add plausible values for this field to the authorization matrix")
    return plausible[name]


def forged_callbacks(world: World, library) -> list[CallbackData]:  # type: ignore[no-untyped-def]
    forged = []
    for factory in all_factories():
        fields = factory.model_fields
        choices = [field_values(factory, name, info.annotation, world, library) for name, info in fields.items()]
        for combination in itertools.product(*choices):
            callback = factory(**dict(zip(fields, combination, strict=True)))
            # Pressing "yes, delete everything" erases the presser: tested in test_privacy.py.
            if not (isinstance(callback, factories.EraseCallback) and callback.confirm):
                forged.append(callback)
    return forged


def may_change_others(role: str, callback: CallbackData, world: World) -> bool:
    """What each kind of person may legitimately change for someone else with one press."""
    if role.startswith("tenant") and isinstance(callback, (factories.RsvpCallback, factories.SignupCallback)):
        return True  # a seat taken or freed is the workshop's counter, and may promote the next person
    visit_buttons = (factories.VisitBookCallback, factories.VisitActionCallback, factories.CancelReasonCallback)
    if role == "tenant" and isinstance(callback, visit_buttons):
        return True  # household A's own visits (booking, moving, confirming, cancelling); the animator is told
    if role in ("coordinator", "admin") and isinstance(
        callback, (factories.VisitBookCallback, factories.HouseholdPhaseCallback)
    ):
        return True  # coordinators book and move visits, and move households between phases
    if role == "tenant" and isinstance(
        callback, (factories.QuestionnaireCallback, factories.QuestionnaireAnswerCallback)
    ):
        return True  # tenant A answering their own questionnaire (a lowest score tells the team)
    staff = role in ("animator not assigned", "coordinator", "admin")
    if staff and isinstance(callback, (factories.AttendanceCallback, factories.CancelWorkshopCallback)):
        return True  # any team member runs the workshops: ticking who came, cancelling (and telling people)
    if staff and isinstance(callback, factories.ShareItemCallback) and callback.to is factories.ShareTarget.workshop:
        return True  # a tutorial or tip for the workshop's participants
    if staff and isinstance(callback, factories.WorkshopActionCallback):
        return callback.action is factories.WorkshopAction.relance
    if role in ("coordinator", "admin") and isinstance(callback, factories.WithdrawCallback):
        return callback.action is factories.WithdrawAction.remove  # animator A's approved photo
    if role == "tenant" and isinstance(callback, factories.WsAcceptCallback):
        return True  # tenant A accepting their household's contract
    worksite_edits = tuple(
        getattr(factories, name)
        for name in (
            "WsScreenCallback",
            "WsProgressCallback",
            "WsItemActionCallback",
            "WsPercentCallback",
            "WsCommitCallback",
            "WsBuyerCallback",
            "WsBoughtCallback",
            "WsSessionCallback",
        )
    )
    if role in ("coordinator", "admin") and isinstance(callback, worksite_edits):
        return True  # coordinators edit every household's worksite (contract, materials, journal)
    worksite_kit = (
        factories.LendCallback,
        factories.ReturnCallback,
        factories.KitAddCallback,
        factories.KitRemoveCallback,
    )
    if role in ("coordinator", "admin") and isinstance(callback, worksite_kit):
        return True  # coordinators lend and take back tools, and record a household's energy kit
    if role not in ("coordinator", "admin"):
        return False  # tenants and animators change only their own data with a single press
    if isinstance(callback, (factories.InviteHouseholdCallback, factories.ShareItemCallback)):
        return True
    if isinstance(callback, (factories.ReferralAnimatorCallback, factories.OrganisationCallback)):
        return True  # accepting the waiting referral (the household is created, the referent told); inviting a referent
    if isinstance(callback, factories.InviteRoleCallback):
        return callback.role in (Role.animator, Role.coordinator)
    if isinstance(callback, (factories.TeamRoleCallback, factories.TeamActiveCallback, factories.TeamReassignCallback)):
        target = getattr(callback, "person_id", None) or getattr(callback, "from_id", None)
        return role == "admin" or target != world.admin.id
    return False


async def test_forged_callbacks_of_every_factory_for_every_role(emulator, database_url, sessionmaker, clock, library):
    world = await build_world(sessionmaker, clock, library.tutorials("en")[0].id)
    callbacks = forged_callbacks(world, library)
    assert {type(c) for c in callbacks} == set(all_factories())
    roles = {
        "stranger": (5999, None),
        "tenant": (world.tenant_a.telegram_id, world.tenant_a.id),
        "tenant of another household": (world.tenant_b.telegram_id, world.tenant_b.id),
        "animator not assigned": (world.animator_z.telegram_id, world.animator_z.id),
        "coordinator": (world.coordinator.telegram_id, world.coordinator.id),
        "admin": (world.admin.telegram_id, world.admin.id),
        "referent": (world.referent.telegram_id, world.referent.id),
    }
    for person in (world.animator_a, world.animator_z, world.coordinator, world.admin):
        emulator.user(person.telegram_id, person.name, language_code="en")  # each has a chat with the bot
    failures = []
    async with direct_bot(emulator, database_url, sessionmaker, clock, library) as bot:
        for role, (telegram_id, person_id) in roles.items():
            user = emulator.user(telegram_id, "Someone", language_code="en")
            await user.send("/menu")
            await bot.process()
            for callback in callbacks:
                checked = not may_change_others(role, callback, world)
                before = await snapshot_of_others(sessionmaker, person_id) if checked else None
                query_id = await user.press_data(callback.pack())
                await bot.process()
                if query_id in emulator.unanswered_callback_queries():
                    failures.append(f"{role}: {callback.pack()} not answered")
                if checked and await snapshot_of_others(sessionmaker, person_id) != before:
                    failures.append(f"{role}: {callback.pack()} changed someone else's data")
                clock.advance(timedelta(seconds=1))
    assert failures == []
