"""Workshops as the field test found them: the invitation says what the workshop is about,
"Who came" has everyone invited (walk-ins too), non-responders are named, a series is offered
whole, "maybe" hears of a new place, quiet hours are said, the last screen has a way back, and
pressing the same button twice sends no edit."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from bot.models import Role, Rsvp, RsvpAnswer, WorkshopInvitation
from bot.services import rsvp, workshop_invitations, workshops
from bot.services.workshop_invitations import InviteAudience, Target
from tests.e2e.helpers import button_texts, tr
from tests.factories import draft
from tests.factories import tenant as _tenant
from tests.factories import workshop as _workshop

DESCRIPTION = "On apprend à poncer et à peindre une porte."


async def _staff_opens(emulator, telegram_id: int, title_part: str):  # type: ignore[no-untyped-def]
    user = emulator.user(telegram_id, "Staff", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("🗓 Workshops")
    [listing] = await user.wait_for_messages()
    await user.press(next(b for b in button_texts(listing) if title_part in b))
    await user.wait_for_messages()
    return user


async def _invite_all(running_bot, workshop, sender_id: int) -> None:  # type: ignore[no-untyped-def]
    async with running_bot.sessionmaker() as session:
        await workshop_invitations.invite(
            session, workshop, Target(InviteAudience.all), sender_id=sender_id, now=running_bot.clock.now()
        )
        await session.commit()


async def test_invitation_description_walk_ins_and_named_non_responders(running_bot, emulator):
    animator = await running_bot.member(9801, Role.animator, "Nadia", locale="en")
    workshop = await _workshop(running_bot, description=DESCRIPTION)
    coming = await _tenant(running_bot, 9811, name="Samira")
    await _tenant(running_bot, 9812, name="Karim")  # invited, never answers, comes anyway
    await _tenant(running_bot, 9813, name="Leila")  # says no
    users = {telegram_id: emulator.user(telegram_id, "T") for telegram_id in (9811, 9812, 9813)}
    await _invite_all(running_bot, workshop, animator.id)
    [invitation] = await users[9812].wait_for_messages(timeout=10)
    assert DESCRIPTION in invitation["text"]
    await users[9811].wait_for_messages(timeout=10)
    await users[9813].wait_for_messages(timeout=10)
    async with running_bot.sessionmaker() as session:
        for person, answer in ((coming, RsvpAnswer.yes), (await running_bot.person(9813), RsvpAnswer.no)):
            await rsvp.answer(
                session, workshop, person, answer, now=running_bot.clock.now(), tz=running_bot.settings.tz
            )
        await session.commit()

    staff = await _staff_opens(emulator, 9801, "Repeindre")
    await staff.press("👥 Answers")
    [answers] = await staff.wait_for_messages()
    assert "No answer yet (1): Karim" in answers["text"]
    await staff.press("⬅️ Back to the workshop")
    await staff.wait_for_messages()
    await staff.press("☑️ Who came")
    [who] = await staff.wait_for_messages()
    assert button_texts(who) == ["⬜ Samira", "⬜ Leila · ❌", "⬜ Karim · ❔", "⬅️ Back to the workshop"]
    assert "0 of 3 ticked" in who["text"]
    await staff.press("⬜ Karim · ❔")
    [ticked] = await staff.wait_for_messages()
    assert "✅ Karim · 🚶" in button_texts(ticked) and "1 of 3 ticked" in ticked["text"]
    karim = await running_bot.person(9812)
    async with running_bot.sessionmaker() as session:
        row = await rsvp.get(session, workshop.id, karim.id)
        assert row is not None and row.attended is True and row.answer is RsvpAnswer.walk_in
    await staff.press("✅ Karim · 🚶")  # a mistake: unticked, back among those who did not answer
    [unticked] = await staff.wait_for_messages()
    assert "⬜ Karim · ❔" in button_texts(unticked)
    async with running_bot.sessionmaker() as session:
        assert await rsvp.get(session, workshop.id, karim.id) is None


async def test_a_session_of_a_series_is_offered_with_the_whole_series(running_bot, emulator):
    await running_bot.member(9802, Role.coordinator, "Claire", locale="en")
    async with running_bot.sessionmaker() as session:
        sessions = await workshops.create(
            session,
            draft(title="Enduire un mur"),
            created_by_id=None,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
            every_weeks=2,
            until=datetime(2026, 12, 30, tzinfo=UTC),
        )
        await session.commit()
    assert len(sessions) == 3
    await _tenant(running_bot, 9821)
    tenant = emulator.user(9821, "T")

    staff = await _staff_opens(emulator, 9802, "Enduire")
    await staff.press("📨 Invite")
    await staff.wait_for_messages()
    await staff.press("👥 All tenants")
    [preview] = await staff.wait_for_messages()
    assert "🔁 This session is part of a series: 3 sessions from this one on." in preview["text"]
    assert button_texts(preview) == ["📨 All 3 sessions", "📨 This session only", "✖️ Cancel"]
    await staff.press("📨 All 3 sessions")
    await staff.wait_for_messages(2)
    [invitation] = await tenant.wait_for_messages(timeout=10)
    assert "mardi 15 décembre à 14:00, mardi 29 décembre à 14:00" in invitation["text"]
    async with running_bot.sessionmaker() as session:
        invited = (await session.exec(select(WorkshopInvitation.workshop_id))).all()
    assert sorted(invited) == sorted(s.id for s in sessions)


async def test_a_new_place_reaches_maybe_too(running_bot, emulator):
    await running_bot.member(9803, Role.coordinator, "Claire", locale="en")
    workshop = await _workshop(running_bot)
    maybe = await _tenant(running_bot, 9831)
    tenant = emulator.user(9831, "T")
    async with running_bot.sessionmaker() as session:
        await rsvp.answer(
            session, workshop, maybe, RsvpAnswer.maybe, now=running_bot.clock.now(), tz=running_bot.settings.tz
        )
        await session.commit()
    staff = await _staff_opens(emulator, 9803, "Repeindre")
    await staff.press("✏️ Change")
    await staff.wait_for_messages()
    await staff.press("📍 Place")
    await staff.wait_for_messages()
    await staff.send("Maison de quartier, 2 place du Marché")
    [changed] = await staff.wait_for_messages()
    assert changed["text"] == "✏️ Changed. 1 person was told."
    [told] = await tenant.wait_for_messages(timeout=10)
    assert "Maison de quartier" in told["text"]


async def test_quiet_hours_are_said_and_the_last_progress_has_a_way_back(running_bot, emulator):
    await running_bot.member(9804, Role.animator, "Nadia", locale="en")
    await _workshop(running_bot)
    await _tenant(running_bot, 9841)
    tenant = emulator.user(9841, "T")
    running_bot.clock.set(datetime(2026, 11, 24, 21, 30, tzinfo=UTC))  # 22:30 in Paris: quiet hours
    staff = await _staff_opens(emulator, 9804, "Repeindre")
    await staff.press("📨 Invite")
    await staff.wait_for_messages()
    await staff.press("👥 All tenants")
    await staff.wait_for_messages()
    await staff.press("📨 Send")
    progress, _ = await staff.wait_for_messages(2)
    assert progress["text"] == "🌙 Quiet hours: it goes at 08:00.\n1 message waiting."
    assert button_texts(progress) == ["⬅️ Main menu"]
    assert tenant.messages == []

    running_bot.clock.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))  # 08:00
    [invitation] = await tenant.wait_for_messages(timeout=10)
    assert invitation["text"].startswith(tr("fr", "📨 You are invited!"))
    for _ in range(20):
        [edited] = await staff.wait_for_messages(timeout=10)
        if edited["message_id"] == progress["message_id"] and edited["text"].startswith("✅ Delivered."):
            break
    else:
        raise AssertionError("the progress message never said it was delivered")
    assert button_texts(edited) == ["⬅️ Main menu"]


async def test_the_same_answer_pressed_twice_sends_no_edit(running_bot, emulator):
    await _workshop(running_bot)
    await _tenant(running_bot, 9851)
    user = emulator.user(9851, "T")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "🗓 Workshops"))
    [listing] = await user.wait_for_messages()
    await user.press(button_texts(listing)[0])
    await user.wait_for_messages()
    await user.press(tr("fr", "🤔 Maybe"))
    [maybe] = await user.wait_for_messages()
    edits = [call for call in emulator.calls if call.method == "editMessageText"]
    await user.press(tr("fr", "🤔 Maybe"), message=maybe)
    assert await emulator.wait_for_callback_answers() == []
    assert [call for call in emulator.calls if call.method == "editMessageText"] == edits
    assert user.messages[-1]["text"] == maybe["text"]
    async with running_bot.sessionmaker() as session:
        assert len((await session.exec(select(Rsvp))).all()) == 1
