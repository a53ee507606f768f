"""The worksite kit end to end, on both databases: a tool added to the library, lent from a
household's card, the day-before reminder delivered through the outbox when the clock gets
there, "What I borrowed", the late-returns list, the return with its condition; an energy kit
and its savings; mutual help offered, matched with a works visit, the helper invited, reminded
and answering, then counted."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from babel.numbers import format_decimal

from bot.models import GuestAnswer, Household, Phase, Role, Tool, ToolCondition, ToolLoan, VisitGuest, VisitKind
from bot.services import energy_kit
from bot.services.visits import booking, slots
from tests import factories
from tests.e2e.helpers import button_texts, label, render, tr

NOON = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)  # Tuesday 24 November 2026, 12:00 in Paris


async def _reply_with(user, button: str):  # type: ignore[no-untyped-def]
    """The bot's next message that has this button (a proactive message may come in between)."""
    while True:
        [message] = await user.wait_for_messages(timeout=10)
        if button in button_texts(message):
            return message


async def _card(staff, reference: str):  # type: ignore[no-untyped-def]
    await staff.send("/menu")
    menu = await _reply_with(staff, "🏠 My households")
    await staff.press("🏠 My households", message=menu)
    [listing] = await staff.wait_for_messages()
    await staff.press(next(text for text in button_texts(listing) if reference in text))
    [card] = await staff.wait_for_messages()
    return card


async def test_a_tool_is_added_lent_reminded_listed_late_and_returned(running_bot, emulator):
    running_bot.clock.set(NOON)
    nadia = await running_bot.member(9301, Role.animator, "Nadia", locale="en")
    coordinator = await running_bot.member(9302, Role.coordinator, "Claire", locale="en")
    amina = await factories.tenant(running_bot, 9311, name="Amina", animator=nadia, phase=Phase.works, locale="fr")

    # The coordinator adds a drill to the tool library.
    claire = emulator.user(coordinator.telegram_id, "Claire", language_code="en")
    await claire.send("/menu")
    await claire.wait_for_messages()
    await claire.press("🧰 Tool library")
    [library] = await claire.wait_for_messages()
    assert "No tool yet" in library["text"]
    await claire.press("➕ Add a tool")
    await claire.wait_for_messages()
    await claire.send("Perceuse sans fil")
    [ask_count] = await claire.wait_for_messages()
    assert "How many" in ask_count["text"]
    await claire.send("lots")
    [again] = await claire.wait_for_messages()
    assert again["text"] == "Please type a number from 1 to 99."
    await claire.send("2")
    await claire.wait_for_messages()
    await claire.press("No photo")
    [added] = await claire.wait_for_messages()
    assert added["text"] == "✅ Perceuse sans fil added: 2 in the tool library."

    # The animator lends one to Amina's household from its card, for a week.
    staff = emulator.user(nadia.telegram_id, "Nadia", language_code="en")
    card = await _card(staff, f"H-{amina.telegram_id}")
    assert "🧰 Tools out: 0" in card["text"] and "💡 Energy kit: 0 items" in card["text"]
    await staff.press("🧰 Tools")
    await staff.wait_for_messages()
    await staff.press("➕ Lend a tool")
    [pick] = await staff.wait_for_messages()
    await staff.press("Perceuse sans fil · 2/2", message=pick)
    await staff.wait_for_messages()
    await staff.press("In 1 week")
    [lent] = await staff.wait_for_messages()
    assert lent["text"].startswith(f"✅ Perceuse sans fil lent to H-{amina.telegram_id} until Tuesday 1 December.")
    [tool] = await factories.rows(running_bot, Tool)
    assert (tool.count, tool.available) == (2, 1)

    # The evening before the return day, at 18:00 in Paris, the household is reminded in French.
    home = emulator.user(amina.telegram_id, "Amina", language_code="fr")
    running_bot.clock.set(datetime(2026, 11, 30, 16, 59, tzinfo=UTC))
    assert await factories.outbox(running_bot, kind="tool.reminder") != []
    running_bot.clock.set(datetime(2026, 11, 30, 17, 0, tzinfo=UTC))  # Monday 18:00 in Paris
    [reminder] = await home.wait_for_messages(timeout=10)
    expected = render(
        "fr",
        lambda: tr(
            "fr",
            "🧰 Reminder: the {tool}{quantity} you borrowed goes back tomorrow, {day}. If you need it longer, tell your animator.",
        ),
    )
    assert reminder["text"] == expected.format(tool="Perceuse sans fil", quantity="", day="Mardi 1 décembre")

    # The tenant sees what the household borrowed.
    await home.send("/menu")
    [menu] = await home.wait_for_messages()
    assert tr("fr", "🧰 What I borrowed") not in button_texts(menu)  # on the worksite's screen: a short menu
    await home.press(tr("fr", "🧱 My worksite"), menu)
    [worksite] = await home.wait_for_messages()
    assert tr("fr", "🧰 What I borrowed") in button_texts(worksite)
    await home.press(tr("fr", "🧰 What I borrowed"), worksite)
    [borrowed] = await home.wait_for_messages()
    assert "Perceuse sans fil, retour le Mardi 1 décembre" in borrowed["text"]

    # Two days later it is late: the coordinator's list shows it, and so does the tenant's screen.
    running_bot.clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    await claire.send("/menu")
    await claire.wait_for_messages()
    await claire.press("🧰 Tool library")
    await claire.wait_for_messages()
    await claire.press("⏰ Late returns")
    [late] = await claire.wait_for_messages()
    assert f"⏰ H-{amina.telegram_id} · Perceuse sans fil, back on Tuesday 1 December" in late["text"]
    await home.send("/menu")
    await home.wait_for_messages()
    await home.press(tr("fr", "🧱 My worksite"))
    await home.wait_for_messages()
    await home.press(tr("fr", "🧰 What I borrowed"))
    [borrowed] = await home.wait_for_messages()
    assert tr("fr", "⏰ It is late: please bring it back, or tell your animator.") in borrowed["text"]

    # Back, a bit worn: recorded from the late list, the drill is in again.
    await claire.press(f"⏰ H-{amina.telegram_id} · Perceuse sans fil"[:30])
    [loan] = await claire.wait_for_messages()
    assert "⏰ Late: it was due back on Tuesday 1 December." in loan["text"]
    await claire.press("✅ worn")
    [back] = await claire.wait_for_messages()
    assert back["text"] == "✅ Perceuse sans fil is back, worn."
    [tool] = await factories.rows(running_bot, Tool)
    [stored] = await factories.rows(running_bot, ToolLoan)
    assert (tool.available, tool.condition, stored.returned_condition) == (2, ToolCondition.worn, ToolCondition.worn)
    # A second press of the same return changes nothing.
    query = await claire.press_data(f"tlr:{stored.id}:good", message_id=loan["message_id"])
    assert (await claire.wait_for_answer(query))["text"] == "This tool was already returned."
    [tool] = await factories.rows(running_bot, Tool)
    assert (tool.available, tool.condition) == (2, ToolCondition.worn)


async def test_an_energy_kit_with_its_savings_on_the_card(running_bot, emulator):
    running_bot.clock.set(NOON)
    nadia = await running_bot.member(9321, Role.animator, "Nadia", locale="fr")
    amina = await factories.tenant(running_bot, 9331, name="Amina", animator=nadia, phase=Phase.works)
    staff = emulator.user(nadia.telegram_id, "Nadia", language_code="fr")
    await _card_fr(staff, f"H-{amina.telegram_id}")
    await staff.press(tr("fr", "💡 Kit"))
    [kit] = await staff.wait_for_messages()
    assert tr("fr", "Nothing installed yet.") in kit["text"]
    for kind, count in (("Tap aerator", "2"), ("LED bulb", "3")):
        await staff.press(tr("fr", "➕ Add installed items"))
        await staff.wait_for_messages()
        await staff.press(tr("fr", kind))
        await staff.wait_for_messages()
        await staff.press(count)
        [kit] = await staff.wait_for_messages()
    # Expected from the content file's figures, counted here independently.
    figures = energy_kit.figures().per_unit
    water = 2 * figures[energy_kit.KitKind.tap_aerator].water_m3
    kwh = 3 * figures[energy_kit.KitKind.led_bulb].kwh
    euros = 2 * figures[energy_kit.KitKind.tap_aerator].euros + 3 * figures[energy_kit.KitKind.led_bulb].euros
    assert "• Mousseur de robinet ×2 · 24 nov. 2026" in kit["text"]
    assert "• Ampoule LED ×3 · 24 nov. 2026" in kit["text"]
    assert f"💧 {format_decimal(round(water, 1), locale='fr')} m³ d'eau" in kit["text"]  # 3,3
    assert f"⚡ {format_decimal(round(kwh, 1), locale='fr')} kWh" in kit["text"]  # 162
    assert f"💶 environ {format_decimal(round(euros, 1), locale='fr')} €" in kit["text"]  # 37
    await staff.press(tr("fr", "⬅️ Back to the household"))
    [card] = await staff.wait_for_messages()
    assert tr("fr", "💡 Energy kit: {count} items").format(count=5) in card["text"]
    # A line entered by mistake is removed after a confirmation.
    await staff.press(tr("fr", "💡 Kit"))
    await staff.wait_for_messages()
    await staff.press(next(row[0] for row in staff.buttons() if "Ampoule" in row[0]))
    [question] = await staff.wait_for_messages()
    assert "Ampoule LED ×3" in question["text"]
    await staff.press(tr("fr", "🗑 Yes, remove it"))
    [kit] = await staff.wait_for_messages()
    assert "Ampoule LED" not in kit["text"] and "Mousseur de robinet ×2" in kit["text"]


async def _card_fr(staff, reference: str):  # type: ignore[no-untyped-def]
    await staff.send("/menu")
    menu = await _reply_with(staff, tr("fr", "🏠 My households"))
    await staff.press(tr("fr", "🏠 My households"), message=menu)
    [listing] = await staff.wait_for_messages()
    await staff.press(next(text for text in button_texts(listing) if reference in text))
    [card] = await staff.wait_for_messages()
    return card


async def test_mutual_help_offered_matched_invited_reminded_and_counted(running_bot, emulator):
    running_bot.clock.set(NOON)
    nadia = await running_bot.member(9341, Role.animator, "Nadia", locale="en")
    host = await factories.tenant(
        running_bot, 9351, name="Omar", animator=nadia, phase=Phase.works, address="12 rue des Lilas"
    )
    helper = await factories.tenant(running_bot, 9352, name="Amina", animator=nadia, phase=Phase.works, locale="ar")
    # A works visit at Omar's next Tuesday at 09:00.
    await factories.open_times(running_bot, nadia, (date(2026, 12, 1),), start=time(9), end=time(12))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, host.household_id)
        [slot, *_] = await slots.free_slots(session, nadia.id, now=running_bot.clock.now())
        visit = await booking.book(
            session, household, slot.id, kind=VisitKind.works, booked_by=nadia, now=NOON, tz=running_bot.settings.tz
        )
        await session.commit()

    # Amina offers help, in Arabic.
    amina = emulator.user(helper.telegram_id, "Amina", language_code="ar")
    await amina.send("/menu")
    [menu] = await amina.wait_for_messages()
    await amina.press(tr("ar", "🧱 My worksite"), menu)
    [worksite] = await amina.wait_for_messages()
    assert tr("ar", "🤝 Offer help") in button_texts(worksite)
    await amina.press(tr("ar", "🤝 Offer help"), worksite)
    await amina.wait_for_messages()
    await amina.press(tr("ar", "➕ New offer"))
    await amina.wait_for_messages()
    await amina.send("الطلاء")
    [when] = await amina.wait_for_messages()
    assert when["text"] == tr("ar", "When are you free? Tap a half-day.")
    saturday_morning = render("ar", lambda: tr("ar", "Saturday") + " " + tr("ar", "morning"))
    await amina.press(saturday_morning)
    [saved] = await amina.wait_for_messages()
    assert saved["text"] == tr(
        "ar", "✅ Thank you! Your offer is saved: {skill}, {half_day}. The team will write to you."
    ).format(skill="الطلاء", half_day=saturday_morning)

    # Nadia matches the offer with the works visit at Omar's.
    staff = emulator.user(nadia.telegram_id, "Nadia", language_code="en")
    await staff.send("/menu")
    await staff.wait_for_messages()
    await staff.press("🤝 Offers of help")
    [offers] = await staff.wait_for_messages()
    await staff.press(f"H-{helper.telegram_id} · الطلاء")
    [offer] = await staff.wait_for_messages()
    assert "🤝 Amina" in offer["text"] and "Invite them to one of these works visits:" in offer["text"]
    await staff.press(f"H-{host.telegram_id} · 1 Dec 09:00")
    [matched] = await staff.wait_for_messages()
    assert matched["text"].startswith("✅ Amina is invited.")

    # Amina is told in Arabic, with the address, and answers.
    [invitation] = await amina.wait_for_messages(timeout=10)
    assert invitation["text"].startswith(tr("ar", "🤝 Thank you for offering help! You are invited to a worksite:"))
    assert "📍 12 rue des Lilas" in invitation["text"] and "👷" in invitation["text"]
    await amina.press(tr("ar", "👍 I'll come"), message=invitation)
    [thanks] = await amina.wait_for_messages()
    assert thanks["text"] == tr("ar", "👍 Thank you! See you there.")

    # The evening before, at 18:00 in Paris, her reminder comes (she confirmed: only "I can't come").
    running_bot.clock.set(datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    [reminder] = await amina.wait_for_messages(timeout=10)
    assert reminder["text"].startswith(tr("ar", "⏰ Tomorrow you help on a worksite:"))
    assert tr("ar", "✖️ I can't come") in button_texts(reminder)
    assert tr("ar", "👍 I'll come") not in button_texts(reminder)

    # After the visit, Nadia records three hours; they are counted on both households.
    running_bot.clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    card = await _card(staff, f"H-{host.telegram_id}")
    assert "🤝 Mutual help: given 0 h, received 0 h" in card["text"]
    await staff.press("🤝 Help")
    [help_screen] = await staff.wait_for_messages()
    assert "Amina" in help_screen["text"] and "coming" in help_screen["text"]
    await staff.press("⏱ Record: Amina")
    await staff.wait_for_messages()
    await staff.press("3 h")
    [recorded] = await staff.wait_for_messages()
    assert "Received on this worksite: 3 h" in recorded["text"] and "came, 3 h" in recorded["text"]
    [guest] = await factories.rows(running_bot, VisitGuest)
    assert (guest.visit_id, guest.answer, guest.came, guest.minutes) == (visit.id, GuestAnswer.confirmed, True, 180)
    card = await _card(staff, f"H-{helper.telegram_id}")
    assert "🤝 Mutual help: given 3 h, received 0 h" in card["text"]


@pytest.mark.parametrize("locale", ["fr", "ar", "en"])
def test_the_worksite_kit_screens_in_every_language(locale):
    from handlers.lending import texts as lending_texts
    from handlers.mutual_help import texts as help_texts

    borrowed = render(locale, lending_texts.borrowed, [], date(2026, 12, 1))
    assert borrowed == tr(locale, "🧰 <b>What I borrowed</b>\n\nYou have no tool from the association at the moment.")
    assert render(locale, help_texts.ask_half_day) == tr(locale, "When are you free? Tap a half-day.")


async def test_the_bilan_counts_mutual_help_tools_and_kits(running_bot, emulator):
    """The Bilan's new lines against counts made here from the rows and the content file."""
    import io
    from pathlib import Path

    import yaml
    from openpyxl import load_workbook

    from bot.models import KitItem
    from bot.services import lending, mutual_help
    from bot.services.visits import guests

    tz = running_bot.settings.tz
    running_bot.clock.set(NOON)
    coordinator = await running_bot.member(9361, Role.coordinator, "Claire", locale="fr")
    nadia = await running_bot.member(9362, Role.animator, "Nadia", locale="fr")
    host = await factories.tenant(running_bot, 9371, animator=nadia, phase=Phase.works)
    other = await factories.tenant(running_bot, 9372, animator=nadia, phase=Phase.works)
    await factories.open_times(running_bot, nadia, (date(2026, 11, 25),), start=time(9), end=time(14))
    today = NOON.astimezone(tz).date()
    async with running_bot.sessionmaker() as session:
        tool = await lending.add_tool(session, coordinator, name="Scie", count=3)
        late = await lending.lend(
            session, coordinator, tool_id=tool.id, household_id=host.household_id, due_on=today, now=NOON, tz=tz
        )
        back = await lending.lend(
            session, coordinator, tool_id=tool.id, household_id=other.household_id, due_on=today, now=NOON, tz=tz
        )
        await lending.lend(
            session,
            coordinator,
            tool_id=tool.id,
            household_id=other.household_id,
            due_on=today + timedelta(days=20),
            now=NOON,
            tz=tz,
        )
        await lending.give_back(session, coordinator, back.id, condition=ToolCondition.good, now=NOON)
        for household_id, kind, count in (
            (host.household_id, energy_kit.KitKind.tap_aerator, 2),
            (host.household_id, energy_kit.KitKind.shower_head, 1),
            (other.household_id, energy_kit.KitKind.led_bulb, 4),
            (other.household_id, energy_kit.KitKind.power_strip, 1),
        ):
            await energy_kit.add(
                session, coordinator, household_id, kind=kind, count=count, installed_on=today, now=NOON, tz=tz
            )
        household = await session.get(Household, host.household_id)
        first, second, *_ = await slots.free_slots(session, nadia.id, now=NOON)
        for slot, came, minutes in ((first, True, 150), (second, False, 0)):
            visit = await booking.book(
                session, household, slot.id, kind=VisitKind.works, booked_by=nadia, now=NOON, tz=tz
            )
            helper = await session.get(type(other), other.id)
            guest = await guests.invite(
                session, visit, helper, role=guests.GuestRole.helper, invited_by=nadia, now=NOON, tz=tz
            )
            assert guest is not None
            await mutual_help.record(session, nadia, guest.id, came=came, minutes=minutes, now=visit.ends_at)
        await mutual_help.offer(session, other, skill="Peinture", half_day=mutual_help.HalfDay.mon_am, now=NOON)
        await session.commit()
    assert late.due_on == today
    running_bot.clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # two days later: one loan is late

    # Counted here, from the rows and from the content file itself.
    content = yaml.safe_load((Path(__file__).parents[2] / "content" / "energy_kit.yaml").read_text(encoding="utf-8"))
    items = await factories.rows(running_bot, KitItem)
    water = sum(content["kinds"][item.kind].get("water_m3", 0) * item.count for item in items)
    kwh = sum(content["kinds"][item.kind].get("kwh", 0) * item.count for item in items)
    euros = water * content["prices"]["water_euros_per_m3"] + kwh * content["prices"]["electricity_euros_per_kwh"]
    loans = await factories.rows(running_bot, ToolLoan)
    came = [guest for guest in await factories.rows(running_bot, VisitGuest) if guest.came]

    user = emulator.user(coordinator.telegram_id, "Claire", language_code="fr")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "📊 Replies"))
    await user.wait_for_messages()
    await user.press(tr("fr", "📑 Programme report (Bilan)"))
    await user.wait_for_messages()
    await user.press(tr("fr", "last 12 months"))
    _photo, document = await user.wait_for_messages(2, timeout=30)
    workbook = load_workbook(io.BytesIO(emulator.files[document["document"]["file_id"]]))
    table = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert table[tr("fr", "Hours of mutual help")] == sum(guest.minutes or 0 for guest in came) / 60 == 2.5
    assert table[tr("fr", "Offers of help")] == 1
    assert table[tr("fr", "Tools lent")] == len(loans) == 3
    assert table[tr("fr", "Tools out now")] == len([loan for loan in loans if loan.returned_at is None]) == 2
    assert table[tr("fr", "Tools late now")] == 1
    assert table[tr("fr", "Energy-kit items installed")] == sum(item.count for item in items) == 8
    assert table[tr("fr", "Households with an energy kit")] == 2
    assert table[tr("fr", "Estimated water saved a year (m³)")] == pytest.approx(round(water, 1))
    assert table[tr("fr", "Estimated energy saved a year (kWh)")] == pytest.approx(round(kwh, 1))
    assert table[tr("fr", "Estimated savings a year (€)")] == pytest.approx(round(euros, 1))


async def test_the_demo_household_has_a_tool_out_and_a_kit(running_bot, emulator):
    from bot.sandbox import demo

    await demo.seed(running_bot.sessionmaker, now=running_bot.clock.now(), tz=running_bot.settings.tz)
    await demo.seed(running_bot.sessionmaker, now=running_bot.clock.now(), tz=running_bot.settings.tz)  # idempotent
    assert len(await factories.rows(running_bot, ToolLoan)) == 1
    amina = emulator.user(7101, "Amina", language_code="fr")
    await amina.send("/menu")
    borrow, worksite = tr("fr", "🧰 What I borrowed"), tr("fr", "🧱 My worksite")
    menu = None
    while menu is None:  # the demo's workshop invitation may come in between
        [message] = await amina.wait_for_messages(timeout=10)
        menu = message if worksite in button_texts(message) else None
    await amina.press(worksite, message=menu)
    screen = None
    while screen is None:
        [message] = await amina.wait_for_messages(timeout=10)
        screen = message if borrow in button_texts(message) else None
    await amina.press(borrow, message=screen)
    borrowed = None
    while borrowed is None:
        [message] = await amina.wait_for_messages(timeout=10)
        borrowed = message if "Perceuse sans fil, retour le" in message.get("text", "") else None
    nadia = emulator.user(7002, "Nadia", language_code="fr")
    card = await _card_fr(nadia, "PAH-DEMO-01")
    assert tr("fr", "🧰 Tools out: {count}").format(count=1) in card["text"]
    assert tr("fr", "💡 Energy kit: {count} items").format(count=5) in card["text"]


async def test_a_tool_with_its_photo_and_a_new_total(running_bot, emulator):
    coordinator = await running_bot.member(9381, Role.coordinator, "Claire", locale="ar")
    claire = emulator.user(coordinator.telegram_id, "Claire", language_code="ar")
    await claire.send("/menu")
    await claire.wait_for_messages()
    await claire.press(tr("ar", "🧰 Tool library"))
    await claire.wait_for_messages()
    await claire.press(tr("ar", "➕ Add a tool"))
    await claire.wait_for_messages()
    await claire.send("Ponceuse")
    await claire.wait_for_messages()
    await claire.send("1")
    [ask_photo] = await claire.wait_for_messages()
    assert ask_photo["text"] == tr("ar", "Send a photo of the tool (it helps to recognise it), or tap “No photo”.")
    await claire.send_photo(caption="ponceuse")
    [added] = await claire.wait_for_messages()
    assert added["text"] == tr("ar", "✅ {name} added: {count} in the tool library.").format(name="Ponceuse", count=1)
    [tool] = await factories.rows(running_bot, Tool)
    assert tool.photo_file_id
    await claire.send("/menu")
    await claire.wait_for_messages()
    await claire.press(tr("ar", "🧰 Tool library"))
    await claire.wait_for_messages()
    await claire.press("Ponceuse · 1/1")
    [screen] = await claire.wait_for_messages()
    assert tr("ar", "In: {available} of {count}").format(available=1, count=1) in screen["text"]
    await claire.press(label("ar", "📷 See the photo"))
    [photo] = await claire.wait_for_messages()
    assert photo["photo"][-1]["file_id"] == tool.photo_file_id and photo["caption"] == "Ponceuse"
    await claire.press(label("ar", "✏️ Change the number"), message=screen)
    await claire.wait_for_messages()
    await claire.send("3")
    [changed] = await claire.wait_for_messages()
    assert changed["text"] == tr("ar", "✅ {name}: {count} in all, {available} in.").format(
        name="Ponceuse", count=3, available=3
    )
