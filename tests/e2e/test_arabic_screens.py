"""Arabic screens read right to left: arrows point the reader's way (and a pager's "previous"
sits on the right), commands show as "/menu" (isolated from the Arabic around them), and counts
use Arabic's six plural categories."""

from __future__ import annotations

from datetime import timedelta

from babel.messages.pofile import read_po

from bot.i18n import locales_dir
from bot.models import Role
from tests.e2e.helpers import LANGUAGE_BUTTONS, button_texts, render, tr
from tests.factories import tenant as _tenant
from tests.factories import workshop as _workshop

FSI, PDI = "\u2068", "\u2069"


async def test_help_and_consent_show_commands_isolated(running_bot, emulator):
    code = await running_bot.tenant_invite("PAH-AR-1")
    user = emulator.user(9901, "Samira", language_code="ar")
    await user.send(f"/start {code}")
    await user.wait_for_messages()
    await user.press(LANGUAGE_BUTTONS["ar"])
    [consent] = await user.wait_for_messages()
    assert f"{FSI}/supprimer{PDI}" in consent["text"]
    await user.press(tr("ar", "✅ I agree"))
    await user.wait_for_messages(2)
    await user.send("/help")
    [help_screen] = await user.wait_for_messages()
    assert f"{FSI}/menu{PDI}" in help_screen["text"] and f"{FSI}/cancel{PDI}" in help_screen["text"]
    assert "/menu" not in help_screen["text"].replace(f"{FSI}/menu{PDI}", "")


async def test_arrows_are_mirrored_and_the_pager_reads_right_to_left(running_bot, emulator):
    await running_bot.member(9902, Role.coordinator, "Karima", locale="ar")
    for day in range(31):
        await _workshop(running_bot, starts_at=running_bot.clock.now() + timedelta(days=day + 1, hours=2))
    user = emulator.user(9902, "Karima", language_code="ar")
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    assert tr("ar", "⬅️ Main menu") not in button_texts(menu)
    await user.press(tr("ar", "🗓 Workshops"))
    [first] = await user.wait_for_messages()
    nxt = tr("ar", "Next ▶️").replace("▶", "◀")
    assert nxt in button_texts(first)
    assert tr("ar", "⬅️ Main menu").replace("⬅", "➡") == button_texts(first)[-1]
    await user.press(nxt)
    [second] = await user.wait_for_messages()
    pager = second["reply_markup"]["inline_keyboard"][-3]
    assert [b["text"] for b in pager] == [nxt, tr("ar", "◀️ Previous").replace("◀", "▶")]  # previous on the right


def test_arabic_counts_use_six_plural_categories():
    from handlers.workshops import texts

    assert "شخصان" in render("ar", texts.changed, 2)
    assert "{count}" not in render("ar", texts.changed, 11)
    with open(locales_dir() / "ar" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    assert catalog.num_plurals == 6
    for message in catalog:
        if message.pluralizable:
            one, two, few = message.string[1:4]
            # zero, one, two, few (3–10), many (11–99), other: not the two English forms copied over
            assert len({one, two, few}) == 3, message.id


async def test_an_arabic_tenant_sees_two_of_something_in_the_dual(running_bot, emulator):
    await running_bot.member(9903, Role.coordinator, "Karima", locale="ar")
    await _tenant(running_bot, 9911)
    await _tenant(running_bot, 9912)
    emulator.user(9911, "T"), emulator.user(9912, "T")
    user = emulator.user(9903, "Karima", language_code="ar")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("ar", "📣 Message to tenants"))
    await user.wait_for_messages()
    await user.press(tr("ar", "👥 All tenants"))
    [ask] = await user.wait_for_messages()
    assert "شخصان" in ask["text"]
