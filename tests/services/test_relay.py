"""Write to my animator, without Telegram: working hours, emergency words, who receives
what, who may answer, and that erasure and retention leave none of the messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.clock import FrozenClock
from bot.config import SettingsError, load_settings
from bot.models import OutboxMessage, Person, RelayKind, RelayMessage, Role
from bot.scheduler import RetentionJob
from bot.services import erasure, people, relay, retention
from bot.services.emergency import Hazard, detect
from bot.services.relay import Content, RelayRefused
from bot.timeutil import WorkingHours
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW

PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (paris(2026, 11, 24, 10, 0), paris(2026, 11, 24, 10, 0)),  # Tuesday morning: now
        (paris(2026, 11, 24, 8, 59), paris(2026, 11, 24, 9, 0)),  # before opening
        (paris(2026, 11, 24, 17, 0), paris(2026, 11, 25, 9, 0)),  # closing time: tomorrow
        (paris(2026, 11, 27, 18, 0), paris(2026, 11, 30, 9, 0)),  # Friday evening: Monday
        (paris(2026, 11, 28, 19, 30), paris(2026, 11, 30, 9, 0)),  # Saturday evening: Monday
        (paris(2026, 11, 29, 23, 59), paris(2026, 11, 30, 9, 0)),  # Sunday night
        # The clocks go forward on Sunday 28 March 2027: Monday 9:00 is 07:00 UTC, not 08:00.
        (paris(2027, 3, 27, 12, 0), datetime(2027, 3, 29, 7, 0, tzinfo=UTC)),
    ],
)
def test_the_next_opening_is_computed_in_local_time(moment, expected):
    assert WorkingHours.parse("mon-fri 09:00-17:00").next_start(moment, PARIS) == expected


def test_working_hours_in_several_groups_and_bad_settings():
    hours = WorkingHours.parse("mon-thu 09:00-17:00; fri 09:00-12:00")
    assert hours.next_start(paris(2026, 11, 27, 12, 30), PARIS) == paris(2026, 11, 30, 9, 0)
    assert hours.contains(paris(2026, 11, 26, 16, 0), PARIS) and not hours.contains(paris(2026, 11, 27, 16, 0), PARIS)
    assert WorkingHours.parse("tue,thu 14:00-18:00").spans[0].days == (1, 3)
    for bad in ("", "mon-fri", "lun-ven 09:00-17:00", "fri-mon 09:00-17:00", "mon 17:00-09:00", "mon 9h-17h"):
        with pytest.raises(ValueError):
            WorkingHours.parse(bad)
    with pytest.raises(SettingsError, match="ANIMATOR_HOURS"):
        load_settings(_env_file=None, animator_hours="weekdays")
    with pytest.raises(SettingsError, match="LANDLORD_ONCALL_PHONE"):
        load_settings(_env_file=None, landlord_oncall_phone="call Bob")
    assert (
        load_settings(_env_file=None, landlord_oncall_phone="  04 42  91 00 00 ").landlord_oncall_phone
        == "04 42 91 00 00"
    )
    assert load_settings(_env_file=None, landlord_oncall_phone="").landlord_oncall_phone is None


@pytest.mark.parametrize(
    ("text", "hazards"),
    [
        ("Ça sent le gaz dans l'entrée", [Hazard.gas]),
        ("Il y a une ODEUR DE GAZ", [Hazard.gas]),
        ("fuite de gaz", [Hazard.gas]),  # the leak is the gas
        ("Grosse fuite d’eau sous l’évier", [Hazard.water]),
        ("On n'a plus d'électricité", [Hazard.electricity]),
        ("il y a de la fumée dans la cuisine", [Hazard.fire]),
        ("gas smell in the stairs", [Hazard.gas]),
        ("the bathroom is flooded", [Hazard.water]),
        ("No power since this morning", [Hazard.electricity]),
        ("رائحة الغاز في المطبخ", [Hazard.gas]),
        ("تسرب الماء من السقف", [Hazard.water]),
        ("انقطعت الكهرباء", [Hazard.electricity]),
        ("لا توجد كهرباء والماء يتسرب", [Hazard.water, Hazard.electricity]),
        ("يوجد دخان", [Hazard.fire]),
        # Carbon monoxide: by name, or what it does with what gives it off or several unwell.
        ("le détecteur de monoxyde sonne", [Hazard.carbon_monoxide]),
        ("On a tous mal à la tête depuis ce matin", [Hazard.carbon_monoxide]),
        ("J'ai des vertiges et la chaudière fait du bruit", [Hazard.carbon_monoxide]),
        ("the CO alarm is beeping", [Hazard.carbon_monoxide]),
        ("Everyone is dizzy and has a headache", [Hazard.carbon_monoxide]),
        ("عندي صداع ودوخة والسخان شغال", [Hazard.carbon_monoxide]),
        ("أول أكسيد الكربون", [Hazard.carbon_monoxide]),
        ("ça sent le gaz et j'ai mal à la tête près du chauffe-eau", [Hazard.carbon_monoxide, Hazard.gas]),
        # Not emergencies: a dripping tap (the tutorials answer it), a lawn, a question.
        ("mon robinet fuit", []),
        ("The bathroom tap still leaks", []),
        ("j'ai mal à la tête", []),  # one person, nothing burning: not an alarm
        ("فاتورة الكهرباء", []),  # a bill: a topic word alone is not an emergency
        ("my gas bill", []),
        ("le gazon du jardin", []),
        ("Quand passez-vous jeudi ?", []),
        ("", []),
    ],
)
def test_emergency_words(text, hazards):
    assert detect(text) == hazards


async def _world(session):  # type: ignore[no-untyped-def]
    animator = await factories.staff(session, 11, Role.animator, "Nadia")
    coordinator = await factories.staff(session, 12, Role.coordinator, "Claire")
    other = await factories.staff(session, 13, Role.animator, "Paul")
    household = await factories.household(session, "R-1", "x", animator=animator)
    tenants = [await factories.tenant(session, telegram_id, household=household) for telegram_id in (21, 22)]
    return household, animator, coordinator, other, tenants


async def test_who_receives_and_who_may_answer(session):
    household, animator, coordinator, other, (tenant, _) = await _world(session)
    _, team = await relay.send_to_team(
        session, tenant=tenant, content=Content(RelayKind.text, "Bonjour"), emergency=False, now=NOW
    )
    assert [p.id for p in team.people] == [animator.id] and team.animator is not None

    animator.unreachable_since = NOW  # blocked the bot: the coordinators get it instead
    session.add(animator)
    await session.flush()
    _, team = await relay.send_to_team(
        session, tenant=tenant, content=Content(RelayKind.text, "Allô ?"), emergency=False, now=NOW
    )
    assert [p.id for p in team.people] == [coordinator.id] and team.animator is None

    animator.unreachable_since, animator.paused_at = None, NOW  # /stop: the same
    session.add(animator)
    await session.flush()
    _, team = await relay.send_to_team(
        session, tenant=tenant, content=Content(RelayKind.text, "Allô ?"), emergency=False, now=NOW
    )
    assert team.animator is None

    assert await relay.reply_target(session, animator, household.id) == household
    assert await relay.reply_target(session, coordinator, household.id) == household
    for refused in (other, tenant):
        with pytest.raises(RelayRefused, match="forbidden"):
            await relay.reply_target(session, refused, household.id)
    with pytest.raises(RelayRefused, match="forbidden"):
        await relay.send_to_household(
            session, sender=other, household_id=household.id, content=Content(RelayKind.text, "x"), now=NOW
        )
    with pytest.raises(RelayRefused, match="too_long"):
        await relay.send_to_team(
            session,
            tenant=tenant,
            content=Content(RelayKind.text, "x" * (relay.MAX_TEXT + 1)),
            emergency=False,
            now=NOW,
        )
    with pytest.raises(RelayRefused, match="empty"):
        await relay.send_to_team(
            session, tenant=tenant, content=Content(RelayKind.photo, "no file"), emergency=False, now=NOW
        )


async def test_a_tenants_message_passes_quiet_hours_only_in_an_emergency_or_a_conversation(session):
    household, animator, _, _, (tenant, _) = await _world(session)

    async def urgent(text: str, emergency: bool, at: datetime) -> bool:
        message, _ = await relay.send_to_team(
            session, tenant=tenant, content=Content(RelayKind.text, text), emergency=emergency, now=at
        )
        row = (
            await session.exec(select(OutboxMessage).where(OutboxMessage.dedup_key.startswith(f"relay:{message.id}:")))
        ).one()
        return row.urgent

    assert not await urgent("Une question", False, NOW)
    assert await urgent("Ça sent le gaz", True, NOW)
    await relay.send_to_household(
        session, sender=animator, household_id=household.id, content=Content(RelayKind.text, "Oui ?"), now=NOW
    )
    assert await urgent("Merci !", False, NOW + timedelta(minutes=20))  # the animator is answering right now
    assert not await urgent("Et demain ?", False, NOW + timedelta(hours=2))


async def test_erasure_and_retention_remove_the_messages_and_their_copies(session, sessionmaker):
    household, animator, _, _, (first, second) = await _world(session)
    for tenant, text in ((first, "message de T21"), (second, "message de T22")):
        await relay.send_to_team(
            session, tenant=tenant, content=Content(RelayKind.text, text), emergency=False, now=NOW
        )
    await relay.send_to_household(
        session, sender=animator, household_id=household.id, content=Content(RelayKind.text, "réponse"), now=NOW
    )
    await session.commit()

    async def texts() -> tuple[list[str | None], list[str | None]]:
        relayed = [m.text for m in (await session.exec(select(RelayMessage).order_by(RelayMessage.id))).all()]
        copies = sorted(o.text or "" for o in (await session.exec(select(OutboxMessage))).all())
        return relayed, copies

    await erasure.erase(session, first, now=NOW)
    assert await texts() == (["message de T22", "réponse"], ["message de T22", "réponse"])  # T22 still reads it

    await erasure.erase(session, second, now=NOW)  # the last tenant: the answers to them go too
    assert await texts() == ([], [])

    # Retention: the whole thread, both ways, when the household is anonymised.
    third = Person(telegram_id=23, name="T23", role=Role.tenant, household_id=household.id)
    session.add(third)
    await session.flush()
    await people.give_consent(session, third, locale="fr", now=NOW)
    await relay.send_to_team(session, tenant=third, content=Content(RelayKind.text, "encore"), emergency=False, now=NOW)
    await relay.send_to_household(
        session, sender=animator, household_id=household.id, content=Content(RelayKind.text, "ok"), now=NOW
    )
    await retention.close_household(session, household, now=NOW - timedelta(days=800))
    await session.commit()
    assert await RetentionJob(sessionmaker, FrozenClock(NOW), months=24).run_once() == [household.id]
    session.expire_all()
    assert await texts() == ([], [])
