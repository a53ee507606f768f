"""Joining with an invitation, and every way it can go wrong."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from bot.models import CodeAttempt, Invite, Person, Role
from bot.services import invites
from handlers.ui import texts
from tests.e2e.helpers import button_texts, join, render, tr

CHOOSE = "Choose your language:"
AGREE = "✅ I agree"
DECLINE = "✖️ No, thank you"
NO_INVITATION_START = "This assistant is for the households"


def _plain(html: str) -> str:
    return html.replace("<b>", "").replace("</b>", "")


async def _count(running_bot, model) -> int:
    async with running_bot.sessionmaker() as session:
        return (await session.exec(select(func.count()).select_from(model))).one()


async def test_tenant_joins_in_french(running_bot, emulator):
    code = await running_bot.tenant_invite("PAH-001")
    user = emulator.user(2001, "Amina", language_code="fr")

    await user.send(f"/start {code}")
    [prompt] = await user.wait_for_messages()
    # The prompt speaks every language, so whoever reads it finds theirs.
    for locale in ("fr", "ar", "en"):
        assert tr(locale, CHOOSE) in prompt["text"]
    assert button_texts(prompt) == ["Français", "العربية", "English"]

    await user.press("Français")
    [consent] = await user.wait_for_messages()
    assert consent["text"] == _plain(render("fr", texts.consent))
    assert "/supprimer" in consent["text"]
    assert await running_bot.person(2001) is None  # nothing stored before consent

    await user.press(tr("fr", AGREE))
    thanks, menu = await user.wait_for_messages(2)
    assert thanks["text"] == tr("fr", "Thank you! You are registered.")
    assert tr("fr", "Hello {name}! What would you like to do?").format(name="Amina") == menu["text"]
    assert button_texts(menu) == [
        tr("fr", label)
        for label in (
            "📅 Book a home visit",
            "📋 My visits",
            "🧱 My worksite",
            "🛠 DIY tutorials",
            "💡 Energy tips",
            "🗓 Workshops",
            "📝 My opinion",
            "✉️ Write to my animator",
            "🚨 Emergency",
            "🌐 Language",
            "❓ Help",
            "📄 My data",
            "🗑 Delete my data",
        )
    ]

    person = await running_bot.person(2001)
    household = await running_bot.household("PAH-001")
    assert (person.role, person.locale, person.household_id) == (Role.tenant, "fr", household.id)
    assert person.consent_at == running_bot.clock.now() and person.consent_version == 1
    commands = emulator.commands(scope={"type": "chat", "chat_id": 2001})
    assert [c["command"] for c in commands] == ["menu", "help", "cancel", "langue", "mes_donnees", "stop", "supprimer"]
    assert commands[0]["description"] == tr("fr", "Main menu")
    assert await emulator.wait_for_callback_answers() == []


async def test_tenant_joins_in_arabic(running_bot, emulator):
    code = await running_bot.tenant_invite("PAH-002")
    user = emulator.user(2002, "Youssef", language_code="fr")

    await user.send(f"/start {code}")
    await user.wait_for_messages()
    await user.press("العربية")
    [consent] = await user.wait_for_messages()
    assert consent["text"] == _plain(render("ar", texts.consent))
    assert button_texts(consent)[0] == tr("ar", AGREE) != AGREE

    await user.press(tr("ar", AGREE))
    _, menu = await user.wait_for_messages(2)
    assert menu["text"] == tr("ar", "Hello {name}! What would you like to do?").format(name="Youssef")
    assert tr("ar", "🌐 Language") in button_texts(menu)
    assert (await running_bot.person(2002)).locale == "ar"
    commands = emulator.commands(scope={"type": "chat", "chat_id": 2002})
    assert commands[0]["description"] == tr("ar", "Main menu")


async def test_stranger_without_invitation_is_told_how_and_nothing_is_stored(running_bot, emulator):
    user = emulator.user(3001, "Sam", language_code="en")
    await user.send("/start")
    [reply] = await user.wait_for_messages()
    assert NO_INVITATION_START in reply["text"] and "your social worker or your support worker" in reply["text"]

    await user.press("Français")  # read it in French instead
    [french] = await user.wait_for_messages()
    assert french["text"] == _plain(render("fr", texts.no_invitation))

    await user.send("bonjour")
    [again] = await user.wait_for_messages()
    # The language picked is kept in the conversation state only (for the code typed next).
    assert again["text"] == _plain(render("fr", texts.no_invitation))
    assert await _count(running_bot, Person) == 0
    assert await _count(running_bot, CodeAttempt) == 0


async def test_unknown_expired_and_used_codes_get_clear_answers(running_bot, emulator):
    user = emulator.user(3002, "Lina", language_code="fr")
    await user.send("/start ZZZZZZZZZZZZ")
    [unknown] = await user.wait_for_messages()
    assert unknown["text"] == tr("fr", "I don't recognise this code. Check it and send it again, or ask for a new one.")

    expired = await running_bot.tenant_invite("PAH-010")
    running_bot.clock.advance(timedelta(days=15))
    await user.send(f"/start {expired}")
    [reply] = await user.wait_for_messages()
    assert reply["text"] == tr("fr", "This invitation has expired. Ask the person who invited you for a new one.")

    used = await running_bot.tenant_invite("PAH-011")
    await join(emulator.user(3003, "Other", language_code="fr"), used, "fr")

    await user.send(f"/start {used}")
    [reply] = await user.wait_for_messages()
    assert reply["text"] == tr("fr", "This invitation has already been used. Ask for a new one if you need it.")


async def test_typed_code_with_dashes_works(running_bot, emulator):
    code = await running_bot.tenant_invite("PAH-012")
    user = emulator.user(3004, "Awa", language_code="fr")
    await user.send(invites.display_code(code).lower())
    [prompt] = await user.wait_for_messages()
    assert tr("fr", CHOOSE) in prompt["text"]


async def test_five_wrong_codes_lock_the_account_for_an_hour(running_bot, emulator):
    good = await running_bot.tenant_invite("PAH-020")
    user = emulator.user(3005, "Max", language_code="en")
    replies = []
    for attempt in range(5):
        await user.send(f"/start WRONGCODE{attempt}AB")
        replies.extend(await user.wait_for_messages())
    assert all("I don't recognise this code" in r["text"] for r in replies[:4])
    assert replies[4]["text"].startswith("Too many wrong codes")

    await user.send(f"/start {good}")
    [locked] = await user.wait_for_messages()
    assert locked["text"].startswith("Too many wrong codes")  # even the right code waits

    other = emulator.user(3006, "Nour", language_code="en")  # another account is not affected
    await other.send("/start WRONGCODE9AB")
    [reply] = await other.wait_for_messages()
    assert "I don't recognise this code" in reply["text"]

    running_bot.clock.advance(timedelta(minutes=61))
    await user.send(f"/start {good}")
    [prompt] = await user.wait_for_messages()
    assert CHOOSE in prompt["text"]


async def test_declining_consent_stores_nothing_and_the_link_still_works(running_bot, emulator):
    code = await running_bot.tenant_invite("PAH-030")
    user = emulator.user(3007, "Ines", language_code="fr")
    await user.send(f"/start {code}")
    await user.wait_for_messages()
    await user.press("Français")
    await user.wait_for_messages()
    await user.press(tr("fr", DECLINE))
    [reply] = await user.wait_for_messages()
    assert reply["text"] == tr(
        "fr", "No problem. Nothing about you was saved.\nWhen you are ready, tap your invitation link again."
    )
    assert await running_bot.person(3007) is None
    async with running_bot.sessionmaker() as session:
        assert (await session.exec(select(Invite))).one().used_at is None

    await user.send(f"/start {code}")
    [prompt] = await user.wait_for_messages()
    assert tr("fr", CHOOSE) in prompt["text"]


async def test_staff_added_from_the_command_line_finishes_joining(running_bot, emulator):
    from bot.services import people

    async with running_bot.sessionmaker() as session:
        await people.add_staff(
            session, telegram_id=4001, role=Role.coordinator, name="Claire", now=running_bot.clock.now()
        )
        await session.commit()
    user = emulator.user(4001, "Claire", language_code="fr")
    await user.send("hello")
    [reply] = await user.wait_for_messages()
    assert reply["text"] == tr("fr", "Welcome! Send /start to choose your language and finish joining.")

    await user.send("/start")
    await user.wait_for_messages()
    await user.press("English")
    await user.wait_for_messages()
    await user.press(AGREE)
    _, menu = await user.wait_for_messages(2)
    assert {"🏠 Households", "➕ New household", "✉️ Invite someone"} <= set(button_texts(menu))
    person = await running_bot.person(4001)
    assert person.locale == "en" and person.consent_version == 1
    commands = emulator.commands(scope={"type": "chat", "chat_id": 4001})
    assert "inviter" in [c["command"] for c in commands]


async def test_a_registered_person_tapping_a_link_again_gets_the_menu(running_bot, emulator):
    await running_bot.member(5001, Role.tenant, "Amina", locale="fr")
    code = await running_bot.tenant_invite("PAH-040")
    user = emulator.user(5001, "Amina", language_code="fr")
    await user.send(f"/start {code}")
    notice, menu = await user.wait_for_messages(2)
    assert notice["text"] == tr("fr", "You are already registered. No need for a new code.")
    assert tr("fr", "🌐 Language") in button_texts(menu)
    async with running_bot.sessionmaker() as session:
        assert (await session.exec(select(Invite))).one().used_at is None


async def test_the_language_picked_on_the_welcome_screen_is_not_asked_again_after_the_code(running_bot, emulator):
    code = await running_bot.tenant_invite("PAH-050")
    user = emulator.user(3010, "Youssef", language_code="fr")  # Telegram says French
    await user.send("/start")
    await user.wait_for_messages()
    await user.press("العربية")  # picked on the welcome screen, before any code
    [welcome] = await user.wait_for_messages()
    assert welcome["text"] == _plain(render("ar", texts.no_invitation))

    await user.send("ZZZZ-ZZZZ-ZZZZ")  # a mistyped code first: the language stays
    [wrong] = await user.wait_for_messages()
    assert wrong["text"] == tr("ar", "I don't recognise this code. Check it and send it again, or ask for a new one.")
    await user.send(invites.display_code(code))
    [consent] = await user.wait_for_messages()
    assert consent["text"] == _plain(render("ar", texts.consent))  # straight to the consent, in Arabic
    assert button_texts(consent) == [tr("ar", AGREE), tr("ar", DECLINE), tr("ar", "🌐 Another language")]
    assert await running_bot.person(3010) is None  # still nothing stored

    await user.press(tr("ar", AGREE))
    _, menu = await user.wait_for_messages(2)
    assert menu["text"] == tr("ar", "Hello {name}! What would you like to do?").format(name="Youssef")
    assert (await running_bot.person(3010)).locale == "ar"
