"""The social referent at the household's tripartite visit (issue 18, item 2), on both databases:
a referral accepted, the visit booked, the referent invited in their language (the household's
reference, the time, the place, the animator; never the tenant's words), told of the move,
confirming, reminded the evening before, seeing it in their follow-up; the animator closes the
visit and the question names the referent; their attendance is on their guest row and on
Visit.referent_present. Another referent's forged press changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from bot.models import (
    GuestAnswer,
    GuestRole,
    Household,
    OutboxMessage,
    OutboxStatus,
    RelayDirection,
    RelayKind,
    RelayMessage,
    Role,
    Visit,
    VisitGuest,
    VisitKind,
)
from bot.services import referrals
from bot.services.visits import booking, slots
from handlers.partners.callbacks import ReferentVisitAnswerCallback
from tests import factories
from tests.e2e.helpers import button_texts, join, tr

NOON = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)  # Tuesday 24 November 2026, 12:00 in Paris


def fr(text: str, **fields: str) -> str:
    return tr("fr", text).format(**fields)


def plain(html: str) -> str:
    """What the user reads: the emulator keeps the text, not the markup."""
    return re.sub(r"<[^>]+>", "", html)


async def test_the_referent_is_invited_told_of_the_move_reminded_and_marked_present(running_bot, emulator):
    running_bot.clock.set(NOON)
    tz = running_bot.settings.tz
    coordinator = await running_bot.member(9601, Role.coordinator, "Claire", locale="en")
    nadia = await running_bot.member(9602, Role.animator, "Nadia", locale="en")
    sophie = await factories.referent(running_bot, 9603, name="Sophie", locale="fr")
    await factories.referent(running_bot, 9604, name="Marc", locale="en")
    referent = emulator.user(9603, "Sophie", language_code="fr")
    marc = emulator.user(9604, "Marc", language_code="en")
    emulator.user(9601, "Claire", language_code="en")  # told of the referral
    sent = await factories.referral(running_bot, sophie, site="Encagnane")
    async with factories.opened(running_bot) as session:
        accepted = await referrals.accept(
            session, coordinator, sent.id, animator_id=nadia.id, now=NOON, ttl=timedelta(days=14)
        )
        [code] = accepted.codes
    [told] = await referent.wait_for_messages(timeout=10)  # "your referral was accepted"
    household_id = accepted.household.id
    reference = accepted.household.reference

    tenant = emulator.user(9605, "Amina", language_code="fr")
    await join(tenant, code, "fr")
    amina = await running_bot.person(9605)
    async with factories.opened(running_bot) as session:
        session.add(
            RelayMessage(
                household_id=household_id,
                sender_id=amina.id,
                direction=RelayDirection.to_team,
                kind=RelayKind.text,
                text="La fuite sous l'évier a repris",
            )
        )

    # Nadia books the first (tripartite) visit next Tuesday at 09:00: Sophie is invited.
    await factories.open_times(running_bot, nadia, (date(2026, 12, 1),), start=time(9), end=time(12))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, household_id)
        first, second, *_ = await slots.free_slots(session, nadia.id, now=NOON)
        visit = await booking.book(
            session, household, first.id, kind=VisitKind.tripartite, booked_by=nadia, now=NOON, tz=tz
        )
        await session.commit()
    [guest] = await factories.rows(running_bot, VisitGuest)
    assert (guest.visit_id, guest.person_id, guest.role, guest.answer) == (
        visit.id,
        sophie.id,
        GuestRole.referent,
        GuestAnswer.invited,
    )
    [invitation] = await referent.wait_for_messages(timeout=10)
    lines = invitation["text"].split("\n")
    assert lines[0] == plain(fr("📅 <b>You are invited to a home visit of a household you referred</b>"))
    assert fr("🏠 Household {reference}", reference=reference) in lines
    assert tr("fr", "🤝 First meeting (with the social referent)") in lines
    assert fr("📅 {when}", when="Mardi 1 décembre, 09:00") in lines
    assert "📍 Encagnane" in lines and fr("👷 With {animator}", animator="Nadia") in lines
    assert "fuite" not in invitation["text"] and "Amina" not in invitation["text"]
    assert button_texts(invitation)[:2] == [tr("fr", "👍 I'll be there"), tr("fr", "✖️ I can't come")]

    # Marc, another referent, forges Sophie's buttons: refused, nothing changes.
    await marc.send("/menu")
    await marc.wait_for_messages()
    for choice in (GuestAnswer.declined, GuestAnswer.confirmed):
        forged = ReferentVisitAnswerCallback(guest_id=guest.id, answer=choice).pack()
        query = await marc.press_data(forged)
        assert (await marc.wait_for_answer(query))["text"] == "This button is no longer active."
    [unchanged] = await factories.rows(running_bot, VisitGuest)
    assert unchanged.answer is GuestAnswer.invited

    # The visit moves to 10:30: Sophie is told, with the time it was.
    async with running_bot.sessionmaker() as session:
        moving = await session.get(Visit, visit.id)
        await booking.move(session, moving, second.id, moved_by=nadia, now=NOON, tz=tz)
        await session.commit()
    [moved] = await referent.wait_for_messages(timeout=10)
    lines = moved["text"].split("\n")
    assert lines[0] == plain(fr("🔁 <b>A visit you are invited to has moved</b>"))
    assert fr("📅 {when}", when="Mardi 1 décembre, 10:30") in lines
    assert fr("(was: {when})", when="Mardi 1 décembre, 09:00") in lines

    # She confirms from the notice of the move.
    await referent.press(tr("fr", "👍 I'll be there"), moved)
    [thanks] = await referent.wait_for_messages()
    assert thanks["text"] == tr("fr", "👍 Thank you, the animator sees that you are coming.")
    [confirmed] = await factories.rows(running_bot, VisitGuest)
    assert confirmed.answer is GuestAnswer.confirmed

    # Her follow-up of the household shows the visit and her answer.
    query = await referent.press_data(f"rfh:{household_id}", message_id=thanks["message_id"])
    [follow] = await referent.wait_for_messages()
    assert (
        f"• 01/12/2026 · {tr('fr', '🤝 First meeting (with the social referent)')} · " + tr("fr", "you are coming")
        in follow["text"]
    )

    # The evening before, at 18:00 in Paris, her reminder (she confirmed: only "I can't come").
    running_bot.clock.set(datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    [reminder] = await referent.wait_for_messages(timeout=10)
    expected = tr("fr", "⏰ <b>Tomorrow: a home visit with a household you referred</b>")
    assert reminder["text"].split("\n")[0] == plain(expected)
    assert fr("📅 {when}", when="Mardi 1 décembre, 10:30") in reminder["text"].split("\n")
    assert tr("fr", "✖️ I can't come") in button_texts(reminder)
    assert tr("fr", "👍 I'll be there") not in button_texts(reminder)

    # After the visit, Nadia closes it: the question names Sophie; she was there.
    running_bot.clock.set(datetime(2026, 12, 1, 11, 0, tzinfo=UTC))  # 12:00 in Paris
    staff = emulator.user(nadia.telegram_id, "Nadia", language_code="en")
    await staff.send("/menu")
    await staff.wait_for_messages()
    await staff.press("📋 My day")
    [day] = await staff.wait_for_messages()
    await staff.press(next(b for b in button_texts(day) if b.startswith("🗓 10:30")))
    [card] = await staff.wait_for_messages()
    assert "🤝 Social worker Sophie: coming 👍" in card["text"]
    await staff.press("✅ Done")
    [question] = await staff.wait_for_messages()
    assert question["text"] == "Was the social worker, Sophie, there?"
    await staff.press("✅ Yes")
    await staff.wait_for_messages()
    async with running_bot.sessionmaker() as session:
        closed = await session.get(Visit, visit.id)
    [present] = await factories.rows(running_bot, VisitGuest)
    assert closed.referent_present is True and present.came is True and present.person_id == sophie.id

    # Too late to answer now, and her follow-up says she was there.
    query = await referent.press(tr("fr", "✖️ I can't come"), reminder)
    assert (await referent.wait_for_answer(query))["text"] == tr("fr", "This visit is over or no longer booked.")
    [still] = await factories.rows(running_bot, VisitGuest)
    assert still.answer is GuestAnswer.confirmed and still.came is True
    query = await referent.press_data(f"rfh:{household_id}", message_id=thanks["message_id"])
    [follow] = await referent.wait_for_messages()
    assert tr("fr", "you were there") in follow["text"] and "fuite" not in follow["text"]


async def test_a_household_without_a_referent_invites_nobody_and_the_question_stays_plain(running_bot, emulator):
    running_bot.clock.set(NOON)
    nadia = await running_bot.member(9611, Role.animator, "Nadia", locale="en")
    tenant = await factories.tenant(running_bot, 9612, name="Omar", animator=nadia)
    await factories.open_times(running_bot, nadia, (date(2026, 11, 24),), start=time(13), end=time(15))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        [slot, *_] = await slots.free_slots(session, nadia.id, now=NOON)
        await booking.book(
            session, household, slot.id, kind=VisitKind.closing, booked_by=nadia, now=NOON, tz=running_bot.settings.tz
        )
        await session.commit()
    assert await factories.rows(running_bot, VisitGuest) == []
    running_bot.clock.set(datetime(2026, 11, 24, 12, 30, tzinfo=UTC))
    staff = emulator.user(nadia.telegram_id, "Nadia", language_code="en")
    await staff.send("/menu")
    await staff.wait_for_messages()
    await staff.press("📋 My day")
    [day] = await staff.wait_for_messages()
    await staff.press(next(b for b in button_texts(day) if b.startswith("🗓 13:00")))
    await staff.wait_for_messages()
    await staff.press("✅ Done")
    [question] = await staff.wait_for_messages()
    assert question["text"] == "Was the social worker there?"
    await staff.press("❌ No")
    await staff.wait_for_messages()
    [closed] = await factories.rows(running_bot, Visit)
    assert closed.referent_present is False


async def test_a_closing_visit_booked_by_the_tenant_then_cancelled_reaches_the_referent_in_arabic(
    running_bot, emulator
):
    running_bot.clock.set(NOON)
    tz = running_bot.settings.tz
    coordinator = await running_bot.member(9621, Role.coordinator, "Claire", locale="en")
    nadia = await running_bot.member(9622, Role.animator, "Nadia", locale="en")
    sophie = await factories.referent(running_bot, 9623, name="Sophie", locale="ar")
    emulator.user(9621, "Claire", language_code="en")
    referent = emulator.user(9623, "Sophie", language_code="ar")
    sent = await factories.referral(running_bot, sophie, site="Jas de Bouffan")
    async with factories.opened(running_bot) as session:
        accepted = await referrals.accept(
            session, coordinator, sent.id, animator_id=nadia.id, now=NOON, ttl=timedelta(days=14)
        )
        [code] = accepted.codes
    await referent.wait_for_messages(timeout=10)  # "your referral was accepted"
    tenant = emulator.user(9625, "Amina", language_code="fr")
    await join(tenant, code, "fr")
    amina = await running_bot.person(9625)

    await factories.open_times(running_bot, nadia, (date(2026, 12, 2),), start=time(14), end=time(16))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, accepted.household.id)
        [slot, *_] = await slots.free_slots(session, nadia.id, now=NOON)
        visit = await booking.book(
            session, household, slot.id, kind=VisitKind.closing, booked_by=amina, now=NOON, tz=tz
        )
        await session.commit()
    [invitation] = await referent.wait_for_messages(timeout=10)
    assert invitation["text"].split("\n")[0] == plain(
        tr("ar", "📅 <b>You are invited to a home visit of a household you referred</b>")
    )
    assert tr("ar", "🏁 Closing visit (with the social referent)") in invitation["text"].split("\n")

    async def pending_reminders() -> list[OutboxMessage]:
        rows = await factories.outbox(running_bot, kind="visit.referent_reminder", recipient_id=sophie.id)
        return [row for row in rows if row.status is OutboxStatus.pending]

    assert len(await pending_reminders()) == 2  # the evening before and two hours before
    async with running_bot.sessionmaker() as session:
        booked = await session.get(Visit, visit.id)
        await booking.cancel(session, booked, cancelled_by=amina, reason=None, now=NOON, tz=tz)
        await session.commit()
    [cancelled] = await referent.wait_for_messages(timeout=10)
    assert cancelled["text"].split("\n")[0] == plain(tr("ar", "✖️ <b>A visit you were invited to is cancelled</b>"))
    assert tr("ar", "👍 I'll be there") not in button_texts(cancelled)
    assert await pending_reminders() == []  # no reminder is left for a cancelled visit
