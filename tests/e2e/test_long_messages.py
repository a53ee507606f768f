"""Long contents against Telegram's limits (the emulator enforces them: 4,096 characters a
message, counted as Telegram does; 100 buttons a keyboard), on SQLite and PostgreSQL: written
answers full of "&", the morning digest of a day with long notes, a workshop's answers list with
300 answers and its attendance screen with 150 people."""

from __future__ import annotations

from datetime import date, time

from bot.models import Household, Person, Role, Rsvp, RsvpAnswer, VisitKind
from bot.services.visits import booking, reminders, slots
from handlers.questionnaires.callbacks import ReportCallback, ReportView
from handlers.ui.cutting import visible_length
from tests import factories
from tests.e2e.helpers import button_texts, eventually
from tests.e2e.test_questionnaires import _answered, _household_with_tenant
from tests.e2e.test_workshops import _staff_opens

LIMIT = 4096
APOLOGY = "Sorry, something went wrong on our side. Please try again, or send /menu."


def _fits(message: dict) -> bool:
    return len(message.get("text", "")) <= LIMIT  # the emulator hands back the text as Telegram shows it


async def test_written_answers_full_of_ampersands_are_shown(running_bot, emulator):
    await running_bot.member(9930, Role.coordinator, "Claire", locale="en")
    now = running_bot.clock.now()
    tenants = [await _household_with_tenant(running_bot, 9931 + n, reference=f"Q-9{n}") for n in range(6)]
    async with running_bot.sessionmaker() as session:
        for n, tenant in enumerate(tenants):
            values = {"other_works": ("yes", None), "comment": (None, "&" * (900 + n))}
            await _answered(session, "followup_3m", tenant.id, tenant.household_id, f"amp{n}", values, now)
        await session.commit()
    user = emulator.user(9930, "Claire", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    ids = sorted(["after_visit", "after_workshop", "closing", "followup_3m"])
    await user.press_data(ReportCallback(questionnaire=ids.index("followup_3m"), view=ReportView.texts).pack())
    [shown] = await user.wait_for_messages()
    assert shown["text"] != APOLOGY
    assert "&" * 500 in shown["text"] and _fits(shown)


async def test_the_morning_digest_of_a_day_with_long_notes_arrives(running_bot, emulator):
    now, tz = running_bot.clock.now(), running_bot.settings.tz
    nadia = await running_bot.member(9940, Role.animator, "Nadia", locale="fr")
    animator = emulator.user(9940, "Nadia", language_code="fr")
    await factories.open_times(running_bot, nadia, (date(2026, 11, 24),), time(10, 30), time(18), buffer_minutes=0)
    async with running_bot.sessionmaker() as session:
        free = await slots.free_slots(session, nadia.id, now=now)
        assert len(free) >= 6
        for n, slot in enumerate(free[:6]):
            tenant = await factories.tenant(session, 9941 + n, animator=nadia)
            household = await session.get(Household, tenant.household_id)
            visit = await booking.book(
                session, household, slot.id, kind=VisitKind.works, booked_by=tenant, now=now, tz=tz
            )
            await booking.add_tenant_note(
                session, visit, note=f"{n} " + "le robinet fuit & goutte " * 40, photo_file_id=None
            )
        await session.commit()
        delivered_before = len(animator.messages)
        assert await reminders.queue_digests(session, now=now, tz=tz) == 1
        await session.commit()

    async def digest_sent() -> bool:
        return any("☀️" in (m.get("text") or "") for m in animator.messages[delivered_before:])

    await eventually(digest_sent, timeout=10)
    [digest] = [m for m in animator.messages if "☀️" in (m.get("text") or "")]
    assert _fits(digest) and all(f"{n} le robinet fuit" in digest["text"] for n in range(6))
    assert len(button_texts(digest)) == 6  # every visit one tap away, with its whole note


async def _many_answers(running_bot, workshop, count: int, answer: RsvpAnswer) -> None:  # type: ignore[no-untyped-def]
    now = running_bot.clock.now()
    async with running_bot.sessionmaker() as session:
        people = [
            Person(telegram_id=5_000_000 + n, name=f"Personne-{n:03d}", role=Role.tenant, locale="fr")
            for n in range(count)
        ]
        session.add_all(people)
        await session.flush()
        session.add_all(Rsvp(workshop_id=workshop.id, person_id=p.id, answer=answer, answered_at=now) for p in people)
        await session.commit()


async def test_the_answers_list_of_300_comes_in_several_messages(running_bot, emulator):
    await running_bot.member(9950, Role.animator, "Nadia", locale="en")
    workshop = await factories.workshop(running_bot, capacity=500)
    await _many_answers(running_bot, workshop, 300, RsvpAnswer.maybe)
    staff = await _staff_opens(emulator, 9950, "Repeindre")
    await staff.press("👥 Answers")
    parts = [await staff.wait_for_messages()]
    while "⬅️ Back to the workshop" not in button_texts(parts[-1][0]):
        parts.append(await staff.wait_for_messages())
    texts = [part[0]["text"] for part in parts]
    assert len(texts) > 1 and all(len(t) <= LIMIT for t in texts) and APOLOGY not in texts
    joined = "\n".join(texts)
    assert all(f"Personne-{n:03d}" in joined for n in range(300))


async def test_attendance_of_150_is_paged_and_ticking_keeps_the_page(running_bot, emulator):
    await running_bot.member(9960, Role.animator, "Nadia", locale="en")
    workshop = await factories.workshop(running_bot, capacity=500)
    await _many_answers(running_bot, workshop, 150, RsvpAnswer.yes)
    staff = await _staff_opens(emulator, 9960, "Repeindre")
    await staff.press("☑️ Who came")
    [first] = await staff.wait_for_messages()
    assert len(button_texts(first)) <= 100 and "⬜ Personne-000" in button_texts(first)
    assert "Next ▶️" in button_texts(first)
    await staff.press("Next ▶️")
    [second] = await staff.wait_for_messages()
    labels = button_texts(second)
    assert "⬜ Personne-000" not in labels and "◀️ Previous" in labels
    name = next(label for label in labels if label.startswith("⬜ Personne-"))
    await staff.press(name)
    [ticked] = await staff.wait_for_messages()
    assert name.replace("⬜", "✅") in button_texts(ticked)  # still on the second page
    assert "1 of 150 ticked" in ticked["text"]
    await staff.press("◀️ Previous")
    pages = await staff.wait_for_messages()
    while "Next ▶️" in button_texts(pages[-1]):
        await staff.press("Next ▶️", pages[-1])
        pages += await staff.wait_for_messages()
    seen = {label[2:] for page in pages for label in button_texts(page) if "Personne-" in label}
    assert len(seen) == 150
    assert visible_length(ticked["text"]) <= LIMIT
