"""Menus per role, the commands that work everywhere, and the answers to the unexpected."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from bot.models import AuditLog, Role
from tests.e2e.helpers import button_texts, join, label, tr

COMMON = ["🌐 Language", "❓ Help", "📄 My data", "🗑 Delete my data"]
CONTENT = ["🛠 DIY tutorials", "💡 Energy tips", "🗓 Workshops"]
STAFF_KIT = ["🧰 Tool library", "🤝 Offers of help"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # member() gives a tenant a household: they can book visits and write to their animator.
        (
            Role.tenant,
            [
                "📅 Book a home visit",
                "📋 My visits",
                "🧱 My worksite",
                *CONTENT,
                "📝 My opinion",
                "✉️ Write to my support worker",
                "🚨 Emergency",
                *COMMON,
            ],
        ),
        (
            Role.animator,
            [
                "📋 My day",
                "🕘 My availability",
                "🏠 My households",
                *STAFF_KIT,
                *CONTENT,
                "📤 Send a tutorial or a tip",
                *COMMON,
            ],
        ),
        (
            Role.coordinator,
            [
                "🏠 Households",
                *STAFF_KIT,
                *CONTENT,
                "📤 Send a tutorial or a tip",
                "➕ New household",
                "✉️ Invite someone",
                "📨 Referrals",
                "📣 Message to tenants",
                "📊 Replies",
                "👥 Team",
                *COMMON,
            ],
        ),
        (
            Role.admin,
            [
                "🏠 Households",
                *STAFF_KIT,
                *CONTENT,
                "📤 Send a tutorial or a tip",
                "➕ New household",
                "✉️ Invite someone",
                "📨 Referrals",
                "📣 Message to tenants",
                "📊 Replies",
                "👥 Team",
                "📜 Journal",
                *COMMON,
            ],
        ),
        # A partner's social worker: their referrals, nothing of the team's or the tenants'.
        (Role.referent, ["📨 Refer a household", "📂 My referrals", *COMMON]),
    ],
)
async def test_each_role_has_its_menu(running_bot, emulator, role, expected):
    await running_bot.member(6001, role, "Sam", locale="en")
    user = emulator.user(6001, "Sam", language_code="en")
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    assert button_texts(menu) == expected


async def test_help_menu_and_cancel_work_in_every_state(running_bot, emulator):
    await running_bot.member(6002, Role.coordinator, "Claire", locale="fr")
    user = emulator.user(6002, "Claire", language_code="fr")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "➕ New household"))
    [question] = await user.wait_for_messages()
    assert "PAH-2026-014" in question["text"]

    await user.send("/help")  # in the middle of the flow
    [help_text] = await user.wait_for_messages()
    assert "/supprimer" in help_text["text"]

    await user.send("/cancel")
    stopped, menu = await user.wait_for_messages(2)
    assert stopped["text"] == tr("fr", "Stopped. Nothing was changed.")
    await user.send("PAH-9")  # no longer taken as a reference
    [reply] = await user.wait_for_messages()
    assert reply["text"] == tr("fr", "Sorry, I did not understand. Please use the buttons.")
    assert await running_bot.household("PAH-9") is None


async def test_unexpected_input_in_several_states_gets_a_helpful_answer(running_bot, emulator):
    code = await running_bot.tenant_invite("PAH-050")
    user = emulator.user(6003, "Awa", language_code="ar")

    await user.send_sticker()  # a stranger
    [reply] = await user.wait_for_messages()
    assert button_texts(reply) == ["Français", "العربية", "English"]

    await user.send(f"/start {code}")
    await user.wait_for_messages()
    await user.send_photo()  # while choosing a language
    [reply] = await user.wait_for_messages()
    assert reply["text"].startswith(tr("ar", "Please choose your language with the buttons above."))

    await user.press("العربية")
    await user.wait_for_messages()
    await user.send_voice()  # while reading the consent
    [reply] = await user.wait_for_messages()
    assert tr("ar", "Please answer with the buttons above: I agree, or No, thank you.") in reply["text"]
    assert "/cancel" in reply["text"]

    await user.press(tr("ar", "✅ I agree"))
    await user.wait_for_messages(2)
    await user.send("random words")  # a member, no flow under way
    [reply] = await user.wait_for_messages()
    assert reply["text"] == tr("ar", "Sorry, I did not understand. Please use the buttons.")
    assert tr("ar", "🌐 Language") in button_texts(reply)
    await user.send_document()
    [reply] = await user.wait_for_messages()
    assert reply["text"] == tr("ar", "Sorry, I did not understand. Please use the buttons.")


async def test_old_and_forged_buttons_are_answered_and_change_nothing(running_bot, emulator):
    await running_bot.member(6004, Role.tenant, "Omar", locale="fr")
    user = emulator.user(6004, "Omar", language_code="fr")
    await user.send("/menu")
    [menu] = await user.wait_for_messages()

    # A tenant forging the coordinator's "new household" and "households" buttons.
    for forged in ("m:newhh", "m:hh", "hhok:1", "ivr:coordinator", "garbage", "ivh:1"):
        query_id = await user.press_data(forged, message_id=menu["message_id"])
        answer = await user.wait_for_answer(query_id)
        assert answer["text"] == tr("fr", "This button is no longer active. Use /menu.")
    assert await emulator.wait_for_callback_answers() == []
    async with running_bot.sessionmaker() as session:
        actions = [entry.action for entry in (await session.exec(select(AuditLog))).all()]
    assert actions == ["household.create", "consent.give"]  # by the test setup only


async def test_every_button_press_is_answered(running_bot, emulator):
    await running_bot.member(6005, Role.coordinator, "Claire", locale="en")
    user = emulator.user(6005, "Claire", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    for text in ("❓ Help", "⬅️ Main menu", "🏠 Households", "⬅️ Main menu", "🌐 Language", "English"):
        await user.press(text)
        await user.wait_for_messages()
    assert await emulator.wait_for_callback_answers() == []


async def test_coordinator_creates_a_household_and_invites_its_tenant(running_bot, emulator):
    await running_bot.member(7001, Role.coordinator, "Claire", locale="fr")
    await running_bot.member(7002, Role.animator, "Nadia", locale="fr")
    user = emulator.user(7001, "Claire", language_code="fr")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "➕ New household"))
    await user.wait_for_messages()

    await user.send("bad reference with spaces")
    [error] = await user.wait_for_messages()
    assert error["text"] == tr("fr", "A reference has 1 to 40 letters, digits, dots, dashes or slashes. Try again.")
    await user.send("pah-2026-014")
    await user.wait_for_messages()
    await user.send_sticker()  # not a site name
    [hint] = await user.wait_for_messages()
    assert tr("fr", "Please type the name of the site or neighbourhood.") in hint["text"]
    await user.send("Encagnane")
    await user.wait_for_messages()
    await user.press(tr("fr", "Yes"))
    [animators] = await user.wait_for_messages()
    assert button_texts(animators) == ["Nadia", tr("fr", "Nobody for now")]
    await user.press("Nadia")
    [summary] = await user.wait_for_messages()
    assert "PAH-2026-014" in summary["text"] and "Nadia" in summary["text"]
    await user.press(tr("fr", "✅ Create"))
    [created] = await user.wait_for_messages()
    household = await running_bot.household("PAH-2026-014")
    assert household.site == "Encagnane" and household.priority_neighbourhood
    assert (await running_bot.person(7002)).id == household.animator_id

    await user.press(tr("fr", "✉️ Invite the tenant now"))
    [invitation] = await user.wait_for_messages()
    link = re.search(r"https://t\.me/(\w+)\?start=([A-Z0-9]+)", invitation["text"])
    assert link and link.group(1) == emulator.bot_username

    await join(emulator.user(7003, "Amina", language_code="fr"), link.group(2), "fr")
    assert (await running_bot.person(7003)).household_id == household.id

    # The animator sees the household in their list.
    animator = emulator.user(7002, "Nadia", language_code="fr")
    await animator.send("/menages")
    [listing] = await animator.wait_for_messages()
    assert "PAH-2026-014" in listing["text"] and "Encagnane" in listing["text"]


async def test_coordinator_invites_an_animator_who_joins(running_bot, emulator):
    await running_bot.member(7101, Role.coordinator, "Claire", locale="en")
    user = emulator.user(7101, "Claire", language_code="en")
    await user.send("/inviter")
    await user.wait_for_messages()
    await user.press(label("en", "🧰 An animator"))
    [invitation] = await user.wait_for_messages()
    code = re.search(r"\?start=([A-Z0-9]+)", invitation["text"]).group(1)

    menu = await join(emulator.user(7102, "Karim", language_code="en"), code, "en")
    assert "🏠 My households" in button_texts(menu)
    assert (await running_bot.person(7102)).role is Role.animator


async def test_tenant_cannot_use_staff_commands(running_bot, emulator):
    await running_bot.member(7201, Role.tenant, "Omar", locale="en")
    user = emulator.user(7201, "Omar", language_code="en")
    for command in ("/menages", "/inviter"):
        await user.send(command)
        [reply] = await user.wait_for_messages()
        assert reply["text"] == "Sorry, I did not understand. Please use the buttons."


async def test_change_language_and_erase_my_data(running_bot, emulator):
    await running_bot.member(7301, Role.tenant, "Amina", locale="fr")
    user = emulator.user(7301, "Amina", language_code="fr")
    await user.send("/langue")
    await user.wait_for_messages()
    await user.press("العربية")
    [menu] = await user.wait_for_messages()
    assert tr("ar", "🗑 Delete my data") in button_texts(menu)
    assert (await running_bot.person(7301)).locale == "ar"

    await user.press(tr("ar", "🗑 Delete my data"))
    await user.wait_for_messages()
    await user.press(label("ar", "⬅️ No, keep my account"))
    await user.wait_for_messages()
    assert await running_bot.person(7301) is not None

    await user.send("/supprimer")
    await user.wait_for_messages()
    await user.press(tr("ar", "🗑 Yes, delete everything"))
    [done] = await user.wait_for_messages()
    assert done["text"] == tr("ar", "Done. Everything about you has been deleted. Goodbye, and good luck!")
    assert await running_bot.person(7301) is None
    assert await running_bot.household("T-7301") is not None
    await user.send("/menu")
    [reply] = await user.wait_for_messages()
    assert button_texts(reply) == ["Français", "العربية", "English"]  # a stranger again
