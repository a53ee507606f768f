"""Workshops end to end: created in the chat, invitations to an audience,
answers in one tap, the waiting list, reminders, attendance, changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.models import (
    Role,
    RsvpAnswer,
    Workshop,
    WorkshopStatus,
)
from bot.services import rsvp, workshops
from tests.e2e.helpers import button_texts, tr
from tests.factories import tenant as _tenant
from tests.factories import workshop as _workshop

TUESDAY_2PM = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 14:00 in Paris


async def _staff_opens(emulator, telegram_id: int, workshop_title_part: str):  # type: ignore[no-untyped-def]
    user = emulator.user(telegram_id, "Staff", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("🗓 Workshops")
    [listing] = await user.wait_for_messages()
    label = next(b for b in button_texts(listing) if workshop_title_part in b)
    await user.press(label)
    await user.wait_for_messages()
    return user


async def test_animator_creates_a_fortnightly_series_in_the_chat(running_bot, emulator):
    await running_bot.member(9601, Role.animator, "Nadia", locale="en")
    user = emulator.user(9601, "Nadia", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("🗓 Workshops")
    await user.wait_for_messages()
    await user.press("➕ New workshop")
    await user.wait_for_messages()
    await user.press("🔨 DIY workshop")
    await user.wait_for_messages()
    await user.send("Repaint a door")
    await user.wait_for_messages()
    await user.press("⏭ Skip")
    [calendar] = await user.wait_for_messages()
    assert button_texts(calendar)[0] == "November 2026"
    await user.press("▶️")
    [december] = await user.wait_for_messages()
    await user.press("1", message=december)
    await user.wait_for_messages()
    await user.press("14h")
    await user.wait_for_messages()
    await user.press("14:00")
    await user.wait_for_messages()
    await user.send("Centre social, 4 rue des Lilas")
    await user.wait_for_messages()
    await user.send_location(43.53, 5.44)
    await user.wait_for_messages()
    await user.press("10")
    await user.wait_for_messages()
    await user.send("Old clothes")
    await user.wait_for_messages()
    await user.press("Yes")
    await user.wait_for_messages()
    await user.press("Every two weeks")
    await user.wait_for_messages()
    await user.press("▶️")
    await user.wait_for_messages()
    await user.press("29")
    [check] = await user.wait_for_messages()
    assert "🔁 3 sessions" in check["text"] and "Tuesday 1 December at 14:00" in check["text"]
    await user.press("✅ Create")
    [created] = await user.wait_for_messages()
    assert created["text"].startswith("✅ 3 sessions created.")
    async with running_bot.sessionmaker() as session:
        sessions = (await session.exec(select(Workshop).order_by(Workshop.starts_at))).all()
    assert [w.starts_at for w in sessions] == [TUESDAY_2PM + timedelta(weeks=2 * i) for i in range(3)]
    assert sessions[0].latitude == 43.53 and sessions[0].children_welcome and sessions[0].bring == "Old clothes"


async def test_invite_a_site_answer_waiting_list_and_promotion(running_bot, emulator):
    await running_bot.member(9602, Role.coordinator, "Claire", locale="en")
    workshop = await _workshop(running_bot, capacity=1)
    first, second = await _tenant(running_bot, 9701), await _tenant(running_bot, 9702, locale="ar")
    elsewhere = await _tenant(running_bot, 9703, site="Jas de Bouffan")
    tenants = {p.telegram_id: emulator.user(p.telegram_id, p.name) for p in (first, second, elsewhere)}

    staff = await _staff_opens(emulator, 9602, "Repeindre")
    await staff.press("📨 Invite")
    await staff.wait_for_messages()
    await staff.press("📍 Tenants of one site")
    await staff.wait_for_messages()
    await staff.press("Encagnane")
    [preview] = await staff.wait_for_messages()
    assert preview["text"].startswith("2 people will receive this")
    await staff.press("📨 Send")
    await staff.wait_for_messages(2)

    [invitation] = await tenants[9701].wait_for_messages(timeout=10)
    assert "Repeindre une porte" in invitation["text"] and "mardi 1 décembre à 14:00" in invitation["text"]
    assert button_texts(invitation) == [tr("fr", "✅ I'm coming"), tr("fr", "🤔 Maybe"), tr("fr", "❌ I can't")]
    [arabic] = await tenants[9702].wait_for_messages(timeout=10)
    assert tr("ar", "📨 You are invited!") in arabic["text"]
    assert tenants[9703].messages == []  # another site

    await tenants[9701].press(tr("fr", "✅ I'm coming"))
    [yes] = await tenants[9701].wait_for_messages()
    assert tr("fr", "✅ See you there! You will get a reminder two days before and on the morning.") in yes["text"]
    await tenants[9702].press(tr("ar", "✅ I'm coming"))
    [full] = await tenants[9702].wait_for_messages()
    assert (
        "1" in full["text"]
        and tr(
            "ar",
            "⏳ The workshop is full. You are number {position} on the waiting list: if a seat frees up, it is yours and we tell you.",
        ).format(position=1)
        in full["text"]
    )

    await tenants[9701].press(tr("fr", "❌ I can't"), message=yes)
    await tenants[9701].wait_for_messages()
    [promoted] = await tenants[9702].wait_for_messages(timeout=10)
    assert promoted["text"].startswith(tr("ar", "🎉 A seat is free: you are registered!"))
    async with running_bot.sessionmaker() as session:
        assert (await rsvp.get(session, workshop.id, second.id)).answer is RsvpAnswer.yes


async def test_reminders_at_the_right_times_and_not_to_those_who_declined(running_bot, emulator):
    workshop = await _workshop(running_bot)
    coming, declining = await _tenant(running_bot, 9711), await _tenant(running_bot, 9712)
    user, other = emulator.user(9711, "T"), emulator.user(9712, "T")
    async with running_bot.sessionmaker() as session:
        for person, answer in ((coming, RsvpAnswer.yes), (declining, RsvpAnswer.no)):
            await rsvp.answer(
                session, workshop, person, answer, now=running_bot.clock.now(), tz=running_bot.settings.tz
            )
        await session.commit()
    running_bot.clock.set(datetime(2026, 11, 29, 9, 0, tzinfo=UTC))  # Sunday 10:00 in Paris
    [two_days] = await user.wait_for_messages(timeout=10)
    assert two_days["text"].startswith(tr("fr", "⏰ Reminder: in two days, the workshop:"))
    running_bot.clock.set(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))  # Tuesday 08:00
    [morning] = await user.wait_for_messages(timeout=10)
    assert morning["text"].startswith(tr("fr", "⏰ Today, the workshop:"))
    assert other.messages == []


async def test_relance_attendance_and_answers_list(running_bot, emulator):
    await running_bot.member(9603, Role.animator, "Nadia", locale="en")
    workshop = await _workshop(running_bot)
    answered = await _tenant(running_bot, 9721)
    await _tenant(running_bot, 9722)  # invited, never answers
    first, second = emulator.user(9721, "T"), emulator.user(9722, "T")  # their chats exist before the pump sends
    from bot.services import workshop_invitations
    from bot.services.workshop_invitations import InviteAudience, Target

    async with running_bot.sessionmaker() as session:
        await workshop_invitations.invite(
            session, workshop, Target(InviteAudience.all), sender_id=answered.id, now=running_bot.clock.now()
        )
        await rsvp.answer(
            session, workshop, answered, RsvpAnswer.yes, now=running_bot.clock.now(), tz=running_bot.settings.tz
        )
        await session.commit()
    await first.wait_for_messages(timeout=10)
    await second.wait_for_messages(timeout=10)

    staff = await _staff_opens(emulator, 9603, "Repeindre")
    await staff.press("🔁 Remind non-responders")
    # The progress message is edited every few seconds until it reads "Delivered": wait for that
    # last edit, or it would arrive in the middle of the screens pressed next.
    while "✅ Delivered." not in (await staff.wait_for_messages(timeout=15))[0].get("text", ""):
        pass
    [again] = await second.wait_for_messages(timeout=10)
    assert again["text"].startswith(tr("fr", "🔔 Reminder: you have not answered yet."))
    await staff.press("⬅️ Back to the workshop")
    await staff.wait_for_messages()
    await staff.press("👥 Answers")
    [answers] = await staff.wait_for_messages()
    assert "T9721" in answers["text"] and "No answer yet (1): T9722" in answers["text"]
    await staff.press("⬅️ Back to the workshop")
    await staff.wait_for_messages()
    await staff.press("☑️ Who came")
    await staff.wait_for_messages()
    await staff.press("⬜ T9721")
    [ticked] = await staff.wait_for_messages()
    assert "✅ T9721" in button_texts(ticked)
    async with running_bot.sessionmaker() as session:
        assert (await rsvp.get(session, workshop.id, answered.id)).attended is True
    assert first.messages[-1]["text"].startswith(tr("fr", "📨 You are invited!"))  # not re-invited


async def test_forged_stale_and_cancelled_invitation_buttons(running_bot, emulator):
    workshop = await _workshop(running_bot)
    stranger_to_it = await _tenant(running_bot, 9731)
    user = emulator.user(9731, "T")
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    query = await user.press_data(f"rsvp:{workshop.id}:yes", message_id=menu["message_id"])
    assert (await user.wait_for_answer(query))["text"] == tr("fr", "This invitation is not for you.")

    past = await _workshop(running_bot, starts_at=running_bot.clock.now() + timedelta(hours=1))
    async with running_bot.sessionmaker() as session:
        await rsvp.answer(
            session, past, stranger_to_it, RsvpAnswer.maybe, now=running_bot.clock.now(), tz=running_bot.settings.tz
        )
        await session.commit()
    running_bot.clock.advance(timedelta(hours=2))
    query = await user.press_data(f"rsvp:{past.id}:yes", message_id=menu["message_id"])
    assert (await user.wait_for_answer(query))["text"] == tr("fr", "This workshop has already started or is over.")

    async with running_bot.sessionmaker() as session:
        current = await session.get(Workshop, workshop.id)
        await workshops.cancel(
            session, [current], actor_id=None, now=running_bot.clock.now(), tz=running_bot.settings.tz
        )
        await session.commit()
    query = await user.press_data(f"sign:{workshop.id}:yes", message_id=menu["message_id"])
    assert (await user.wait_for_answer(query))["text"] == tr("fr", "This workshop was cancelled.")
    async with running_bot.sessionmaker() as session:
        assert await rsvp.get(session, workshop.id, stranger_to_it.id) is None


async def test_tenant_browses_and_signs_up_then_changes_answer(running_bot, emulator):
    await _workshop(running_bot)
    await _tenant(running_bot, 9741)
    user = emulator.user(9741, "T")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "🗓 Workshops"))
    [listing] = await user.wait_for_messages()
    await user.press(button_texts(listing)[0])
    [card] = await user.wait_for_messages()
    assert tr("fr", "You have not answered yet.") in card["text"]
    await user.press(tr("fr", "✅ I'm coming"))
    await user.wait_for_messages()
    await user.press(tr("fr", "🤔 Maybe"))
    [maybe] = await user.wait_for_messages()
    assert tr("fr", "🤔 Noted. Answer again when you know.") in maybe["text"]
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "🗓 Workshops"))
    [mine] = await user.wait_for_messages()
    assert button_texts(mine)[0].startswith("🤔")


async def test_staff_moves_then_cancels_a_session_and_people_are_told(running_bot, emulator):
    await running_bot.member(9604, Role.coordinator, "Claire", locale="en")
    workshop = await _workshop(running_bot)
    coming = await _tenant(running_bot, 9751)
    tenant = emulator.user(9751, "T")
    async with running_bot.sessionmaker() as session:
        await rsvp.answer(
            session, workshop, coming, RsvpAnswer.yes, now=running_bot.clock.now(), tz=running_bot.settings.tz
        )
        await session.commit()
    staff = await _staff_opens(emulator, 9604, "Repeindre")
    await staff.press("✏️ Change")
    await staff.wait_for_messages()
    await staff.press("📍 Place")
    await staff.wait_for_messages()
    await staff.send("Maison de quartier, 2 place du Marché")
    [changed] = await staff.wait_for_messages()
    assert changed["text"] == "✏️ Changed. 1 person was told."
    [told] = await tenant.wait_for_messages(timeout=10)
    assert "Maison de quartier" in told["text"]

    await staff.press("⬅️ Back to the workshop")
    await staff.wait_for_messages()
    await staff.press("✖️ Cancel")
    await staff.wait_for_messages()
    await staff.press("✖️ Cancel this session")
    await staff.wait_for_messages()
    [cancelled] = await tenant.wait_for_messages(timeout=10)
    assert cancelled["text"].startswith(tr("fr", "✖️ Cancelled: this workshop will not take place. Sorry!"))
    async with running_bot.sessionmaker() as session:
        assert (await session.get(Workshop, workshop.id)).status is WorkshopStatus.cancelled
