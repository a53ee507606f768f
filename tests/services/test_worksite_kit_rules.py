"""Tools lent, the energy kit and mutual help at the service level, on both databases: who may
do what (a refusal changes nothing), counts that never leave [0, inventory], the reminders
queued in the outbox, the savings from content/energy_kit.yaml, the guest of a visit."""

from __future__ import annotations

import asyncio
from datetime import time, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func
from sqlmodel import select

from bot.models import (
    GuestAnswer,
    HelpOffer,
    HelpOfferStatus,
    KitItem,
    OutboxMessage,
    OutboxStatus,
    Phase,
    Role,
    Tool,
    ToolCondition,
    ToolLoan,
    VisitGuest,
    VisitKind,
)
from bot.services import energy_kit, lending, mutual_help
from bot.services.energy_kit import KitKind, KitRefusal, KitRefused
from bot.services.lending import LendingRefusal, LendingRefused
from bot.services.mutual_help import HalfDay, HelpRefusal, HelpRefused
from bot.services.visits import booking, guests, slots
from bot.timeutil import local_to_utc
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW

PARIS = factories.PARIS
TODAY = NOW.astimezone(PARIS).date()


async def _world(session):  # type: ignore[no-untyped-def]
    anim_a = await factories.staff(session, 7101, Role.animator, "Anim-A")
    anim_b = await factories.staff(session, 7102, Role.animator, "Anim-B")
    coord = await factories.staff(session, 7103, Role.coordinator, "Coord")
    tenant_a = await factories.tenant(session, 7201, reference="A-1", animator=anim_a)
    tenant_b = await factories.tenant(session, 7202, reference="B-1", animator=anim_b)
    return anim_a, anim_b, coord, tenant_a, tenant_b


async def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return (await session.exec(select(func.count()).select_from(model))).one()


async def test_a_loan_takes_a_tool_and_its_return_gives_it_back(session):
    anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
    tool = await lending.add_tool(session, anim_a, name="  Perceuse   sans fil ", count=2)
    assert (tool.name, tool.available) == ("Perceuse sans fil", 2)
    due = TODAY + timedelta(days=5)
    loan = await lending.lend(
        session, anim_a, tool_id=tool.id, household_id=tenant_a.household_id, due_on=due, now=NOW, tz=PARIS
    )
    await session.refresh(tool)
    assert tool.available == 1
    [reminder] = await factories.outbox(session, kind=lending.REMINDER)
    assert reminder.recipient_id == tenant_a.id
    assert reminder.due_at == local_to_utc(due - timedelta(days=1), time(18), PARIS)
    assert [view.tool.name for view in await lending.borrowed(session, tenant_a)] == ["Perceuse sans fil"]
    assert await lending.borrowed(session, tenant_b) == []
    await lending.give_back(session, anim_a, loan.id, condition=ToolCondition.worn, now=NOW)
    await session.refresh(tool)
    assert (tool.available, tool.condition) == (2, ToolCondition.worn)
    [reminder] = await factories.outbox(session, kind=lending.REMINDER)
    assert reminder.status is OutboxStatus.cancelled
    with pytest.raises(LendingRefused) as again:
        await lending.give_back(session, anim_a, loan.id, condition=ToolCondition.good, now=NOW)
    assert again.value.reason is LendingRefusal.already_returned
    await session.refresh(tool)
    assert tool.available == 2


async def test_lending_refusals_change_nothing(session):
    anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
    tool = await lending.add_tool(session, coord, name="Escabeau", count=1)
    await session.commit()
    cases = [
        (tenant_a, tenant_a.household_id, TODAY + timedelta(days=3), 1, LendingRefusal.not_staff),
        (anim_b, tenant_a.household_id, TODAY + timedelta(days=3), 1, LendingRefusal.not_yours),
        (anim_a, tenant_a.household_id, TODAY - timedelta(days=1), 1, LendingRefusal.bad_date),
        (anim_a, tenant_a.household_id, TODAY + timedelta(days=3), 2, LendingRefusal.none_available),
    ]
    for actor, household_id, due, quantity, reason in cases:
        with pytest.raises(LendingRefused) as refused:
            await lending.lend(
                session,
                actor,
                tool_id=tool.id,
                household_id=household_id,
                due_on=due,
                quantity=quantity,
                now=NOW,
                tz=PARIS,
            )
        assert refused.value.reason is reason
    assert await _count(session, ToolLoan) == 0
    assert await _count(session, OutboxMessage) == 0
    assert (await session.get(Tool, tool.id)).available == 1
    with pytest.raises(LendingRefused) as refused:
        await lending.add_tool(session, tenant_a, name="X", count=1)
    assert refused.value.reason is LendingRefusal.not_staff
    with pytest.raises(LendingRefused) as refused:
        await lending.inventory(session, tenant_a)
    assert refused.value.reason is LendingRefusal.not_staff
    with pytest.raises(LendingRefused) as refused:
        await lending.out_for_household(session, tenant_b, tenant_a.household_id)
    assert refused.value.reason is LendingRefusal.not_yours


async def test_the_inventory_never_goes_below_what_is_out(session):
    anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
    tool = await lending.add_tool(session, anim_a, name="Ponceuse", count=2)
    await lending.lend(
        session, anim_a, tool_id=tool.id, household_id=tenant_a.household_id, due_on=TODAY, now=NOW, tz=PARIS
    )
    with pytest.raises(LendingRefused) as refused:
        await lending.set_count(session, anim_a, tool.id, 0)
    assert refused.value.reason is LendingRefusal.still_lent
    updated = await lending.set_count(session, anim_a, tool.id, 4)
    assert (updated.count, updated.available) == (4, 3)
    updated = await lending.set_count(session, anim_a, tool.id, 1)
    assert (updated.count, updated.available) == (1, 0)


async def test_two_lending_the_last_tool_at_once_one_gets_it(sessionmaker):
    async with sessionmaker() as session:
        anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
        tool = await lending.add_tool(session, coord, name="Scie", count=1)
        await session.commit()

    async def attempt(household_id: int) -> bool:
        async with sessionmaker() as session:
            try:
                await lending.lend(
                    session,
                    coord,
                    tool_id=tool.id,
                    household_id=household_id,
                    due_on=TODAY + timedelta(days=2),
                    now=NOW,
                    tz=PARIS,
                )
                await session.commit()
                return True
            except LendingRefused:
                await session.rollback()
                return False

    results = await asyncio.gather(attempt(tenant_a.household_id), attempt(tenant_b.household_id))
    assert sorted(results) == [False, True]
    async with sessionmaker() as session:
        assert (await session.get(Tool, tool.id)).available == 0
        assert await _count(session, ToolLoan) == 1


async def test_overdue_loans_for_each_animator_and_for_coordinators(session):
    anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
    tool = await lending.add_tool(session, coord, name="Niveau", count=3)
    for household_id, due in ((tenant_a.household_id, TODAY), (tenant_b.household_id, TODAY + timedelta(days=1))):
        await lending.lend(session, coord, tool_id=tool.id, household_id=household_id, due_on=due, now=NOW, tz=PARIS)
    later = TODAY + timedelta(days=2)
    assert [view.reference for view in await lending.overdue(session, coord, today=later)] == ["A-1", "B-1"]
    assert [view.reference for view in await lending.overdue(session, anim_a, today=later)] == ["A-1"]
    assert [view.reference for view in await lending.overdue(session, coord, today=TODAY + timedelta(days=1))] == [
        "A-1"
    ]
    figures = await lending.figures(session, start=None, now=NOW, today=later)
    assert (figures.loans, figures.out, figures.overdue) == (2, 2, 2)


def test_the_kit_figures_follow_the_content_file():
    data = yaml.safe_load((Path(__file__).parents[2] / "content" / "energy_kit.yaml").read_text(encoding="utf-8"))
    water, power = data["prices"]["water_euros_per_m3"], data["prices"]["electricity_euros_per_kwh"]
    table = energy_kit.figures().per_unit
    for kind in KitKind:
        entry = data["kinds"][kind.value]
        assert entry["sources"], kind
        expected = entry.get("water_m3", 0) * water + entry.get("kwh", 0) * power
        assert table[kind].euros == pytest.approx(expected)
    assert table[KitKind.power_strip].estimated is False
    assert table[KitKind.led_bulb].kwh == 54


async def test_a_kit_is_summed_per_household(session):
    anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
    for kind, count in ((KitKind.tap_aerator, 2), (KitKind.led_bulb, 3), (KitKind.power_strip, 1)):
        await energy_kit.add(
            session, anim_a, tenant_a.household_id, kind=kind, count=count, installed_on=TODAY, now=NOW, tz=PARIS
        )
    items = await energy_kit.of_household(session, tenant_a, tenant_a.household_id)
    total = energy_kit.savings_of(items)
    assert total.water_m3 == pytest.approx(2 * 1.65)
    assert total.kwh == pytest.approx(3 * 54)
    assert total.euros == pytest.approx(2 * 1.65 * 3.32 + 3 * 54 * 0.1605)
    for actor, reason in ((anim_b, KitRefusal.not_yours), (tenant_a, KitRefusal.not_yours)):
        with pytest.raises(KitRefused) as refused:
            await energy_kit.add(
                session,
                actor,
                tenant_a.household_id,
                kind=KitKind.led_bulb,
                count=1,
                installed_on=TODAY,
                now=NOW,
                tz=PARIS,
            )
        assert refused.value.reason is reason
    with pytest.raises(KitRefused) as refused:
        await energy_kit.of_household(session, tenant_b, tenant_a.household_id)
    assert refused.value.reason is KitRefusal.not_yours
    with pytest.raises(KitRefused) as refused:
        await energy_kit.add(
            session,
            anim_a,
            tenant_a.household_id,
            kind=KitKind.led_bulb,
            count=0,
            installed_on=TODAY,
            now=NOW,
            tz=PARIS,
        )
    assert refused.value.reason is KitRefusal.bad_count
    assert await _count(session, KitItem) == 3
    figures = await energy_kit.bilan_figures(session, start=None, today=TODAY)
    assert (figures.items, figures.households) == (6, 1)


async def _works_visit(session, animator, household_id):  # type: ignore[no-untyped-def]
    day = (NOW + timedelta(days=7)).astimezone(PARIS).date()
    plan = slots.Plan(days=(day,), start=time(9), end=time(11), length_minutes=60, buffer_minutes=0)
    await slots.publish(session, animator.id, plan, now=NOW, tz=PARIS)
    free = await slots.free_slots(session, animator.id, now=NOW)
    household = await session.get(__import__("bot.models", fromlist=["Household"]).Household, household_id)
    visit = await booking.book(
        session, household, free[0].id, kind=VisitKind.works, booked_by=animator, now=NOW, tz=PARIS
    )
    return visit, free


async def test_mutual_help_offered_matched_answered_counted(session):
    anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
    offer = await mutual_help.offer(session, tenant_a, skill="Peinture", half_day=HalfDay.sat_am, now=NOW)
    visit, free = await _works_visit(session, anim_b, tenant_b.household_id)
    with pytest.raises(HelpRefused) as refused:
        await mutual_help.match(session, anim_a, offer.id, visit.id, now=NOW, tz=PARIS)
    assert refused.value.reason is HelpRefusal.not_yours
    assert [v.id for v, _ in await mutual_help.matchable_visits(session, anim_b, offer.id, now=NOW)] == [visit.id]
    guest = await mutual_help.match(session, anim_b, offer.id, visit.id, now=NOW, tz=PARIS)
    assert (await session.get(HelpOffer, offer.id)).status is HelpOfferStatus.matched
    [notice] = await factories.outbox(session, kind=guests.GUEST_NOTICE)
    assert notice.recipient_id == tenant_a.id
    reminders = await factories.outbox(session, kind=guests.GUEST_REMINDER)
    assert [row.recipient_id for row in reminders] == [tenant_a.id, tenant_a.id]
    with pytest.raises(HelpRefused) as refused:
        await mutual_help.answer(session, tenant_b, guest.id, GuestAnswer.confirmed, now=NOW, tz=PARIS)
    assert refused.value.reason is HelpRefusal.not_your_invitation
    await mutual_help.answer(session, tenant_a, guest.id, GuestAnswer.declined, now=NOW, tz=PARIS)
    assert {row.status for row in await factories.outbox(session, kind=guests.GUEST_REMINDER)} == {
        OutboxStatus.cancelled
    }
    await mutual_help.answer(session, tenant_a, guest.id, GuestAnswer.confirmed, now=NOW, tz=PARIS)
    assert {row.status for row in await factories.outbox(session, kind=guests.GUEST_REMINDER)} == {
        OutboxStatus.pending
    }  # a yes after a no brings the reminders back
    # The visit moves: the helper is told and reminded at the new time.
    await booking.move(session, visit, free[1].id, moved_by=anim_b, now=NOW, tz=PARIS)
    notices = await factories.outbox(session, kind=guests.GUEST_NOTICE)
    assert len(notices) == 2
    pending = [
        row for row in await factories.outbox(session, kind=guests.GUEST_REMINDER) if row.status is OutboxStatus.pending
    ]
    assert len(pending) == 2 and all(f":v{visit.version}:" in row.dedup_key for row in pending)
    with pytest.raises(HelpRefused) as refused:
        await mutual_help.record(session, anim_b, guest.id, came=True, minutes=180, now=NOW)
    assert refused.value.reason is HelpRefusal.not_yet
    after = visit.ends_at + timedelta(hours=1)
    with pytest.raises(HelpRefused) as refused:
        await mutual_help.record(session, anim_a, guest.id, came=True, minutes=180, now=after)
    assert refused.value.reason is HelpRefusal.not_yours
    await mutual_help.record(session, anim_b, guest.id, came=True, minutes=180, now=after)
    hours_a = await mutual_help.hours_of_household(session, tenant_a.household_id)
    hours_b = await mutual_help.hours_of_household(session, tenant_b.household_id)
    assert (hours_a.given_minutes, hours_a.received_minutes) == (180, 0)
    assert (hours_b.given_minutes, hours_b.received_minutes) == (0, 180)
    figures = await mutual_help.bilan_figures(session, start=None, now=after)
    assert (figures.minutes, figures.helpers, figures.offers) == (180, 1, 1)


async def test_help_refusals(session):
    anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
    with pytest.raises(HelpRefused) as refused:
        await mutual_help.offer(session, anim_a, skill="x", half_day=HalfDay.mon_am, now=NOW)
    assert refused.value.reason is HelpRefusal.not_tenant
    with pytest.raises(HelpRefused) as refused:
        await mutual_help.offer(session, tenant_a, skill="   ", half_day=HalfDay.mon_am, now=NOW)
    assert refused.value.reason is HelpRefusal.bad_skill
    offer = await mutual_help.offer(session, tenant_a, skill="Carrelage", half_day=HalfDay.mon_pm, now=NOW)
    own, _ = await _works_visit(session, anim_a, tenant_a.household_id)
    with pytest.raises(HelpRefused) as refused:
        await mutual_help.match(session, coord, offer.id, own.id, now=NOW, tz=PARIS)
    assert refused.value.reason is HelpRefusal.own_household
    with pytest.raises(HelpRefused) as refused:
        await mutual_help.open_offers(session, tenant_b)
    assert refused.value.reason is HelpRefusal.not_staff
    await mutual_help.withdraw(session, tenant_a, offer.id)
    assert await mutual_help.open_offers(session, coord) == []
    assert await _count(session, VisitGuest) == 0
    assert Phase.works  # the households of the world are in the works phase


async def _helped(session):  # type: ignore[no-untyped-def]
    """Tenant A offered help and gave 2 h at household B's; B borrowed a tool and has a kit."""
    anim_a, anim_b, coord, tenant_a, tenant_b = await _world(session)
    offer = await mutual_help.offer(session, tenant_a, skill="Peinture et enduit", half_day=HalfDay.sat_am, now=NOW)
    visit, _free = await _works_visit(session, anim_b, tenant_b.household_id)
    guest = await mutual_help.match(session, coord, offer.id, visit.id, now=NOW, tz=PARIS)
    await mutual_help.record(session, anim_b, guest.id, came=True, minutes=120, now=visit.ends_at)
    tool = await lending.add_tool(session, coord, name="Escabeau", count=1)
    await lending.lend(
        session, coord, tool_id=tool.id, household_id=tenant_b.household_id, due_on=TODAY, now=NOW, tz=PARIS
    )
    await energy_kit.add(
        session, coord, tenant_b.household_id, kind=KitKind.shower_head, count=1, installed_on=TODAY, now=NOW, tz=PARIS
    )
    return anim_a, anim_b, coord, tenant_a, tenant_b, guest


async def test_my_data_includes_loans_kit_offers_and_invitations(session):
    from bot.services import privacy

    *_, tenant_a, tenant_b, guest = await _helped(session)
    mine = await privacy.export(session, tenant_a, now=NOW)
    assert [offer["skill"] for offer in mine.help_offers] == ["Peinture et enduit"]
    assert [row["minutes"] for row in mine.visit_invitations] == [120]
    theirs = await privacy.export(session, tenant_b, now=NOW)
    assert [loan["tool"] for loan in theirs.tools_borrowed] == ["Escabeau"]
    assert [item["kind"] for item in theirs.energy_kit] == ["shower_head"]
    assert theirs.help_offers == [] and b"Escabeau" in theirs.to_json(exported_at=NOW)


async def test_erasure_deletes_the_offers_and_keeps_the_hours_counted(session):
    from bot.services import erasure

    *_, tenant_a, tenant_b, guest = await _helped(session)
    household_a = tenant_a.household_id
    await erasure.erase(session, tenant_a, now=NOW)
    assert await _count(session, HelpOffer) == 0
    kept = await session.get(VisitGuest, guest.id)
    assert (kept.person_id, kept.household_id, kept.minutes) == (None, household_a, 120)
    assert (await mutual_help.hours_of_household(session, household_a)).given_minutes == 120


async def test_retention_keeps_counts_and_takes_the_address_out_of_helpers_messages(session):
    import json

    from bot.models import Household
    from bot.services import retention

    anim_a, anim_b, coord, tenant_a, tenant_b, guest = await _helped(session)
    host = await session.get(Household, tenant_b.household_id)
    host.address = "12 rue des Lilas"
    session.add(host)
    notice = (await factories.outbox(session, kind=guests.GUEST_NOTICE))[0]
    notice.params = json.dumps({**json.loads(notice.params), "address": "12 rue des Lilas"})
    session.add(notice)
    await retention.close_household(session, host, now=NOW)
    later = NOW + timedelta(days=800)
    assert host.id in await retention.anonymise_expired(session, now=later, months=24)
    remaining = await factories.outbox(session, kind=guests.GUEST_NOTICE)
    assert remaining and all(json.loads(row.params)["address"] == "" for row in remaining)
    assert await _count(session, ToolLoan) == 1 and await _count(session, KitItem) == 1
    assert (await mutual_help.hours_of_household(session, host.id)).received_minutes == 120
