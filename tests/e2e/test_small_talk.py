"""Small talk outside any step (issue 14, item 8): "merci", "bonjour", "ok", "شكرا",
"السلام عليكم" get a short polite answer in the person's language and one button to the
menu, not "I did not understand" and the whole menu. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.models import Role
from tests.e2e.helpers import button_texts, label, tr

CASES = {
    "fr": [
        ("merci", "You're welcome, {name}! 😊"),
        ("Bonjour !", "Hello {name}! 👋 How can I help you?"),
        ("ok", "👍 All right."),
        ("salut, ça va ?", "Very well, thank you! 😊 How can I help you?"),
        ("Merci Nadia", "You're welcome, {name}! 😊"),
        ("au revoir", "Goodbye, {name}! See you soon. 👋"),
    ],
    "en": [
        ("Thanks!", "You're welcome, {name}! 😊"),
        ("hello", "Hello {name}! 👋 How can I help you?"),
        ("👍", "👍 All right."),
    ],
    "ar": [
        ("شكرا", "You're welcome, {name}! 😊"),
        ("مرحبا", "Hello {name}! 👋 How can I help you?"),
        ("السلام عليكم", "Hello {name}! 👋 How can I help you?"),
        ("الله يعطيك الصحة", "You're welcome, {name}! 😊"),
        ("واخا", "👍 All right."),
    ],
}


@pytest.mark.parametrize("locale", ["fr", "en", "ar"])
async def test_small_talk_gets_a_short_polite_answer(running_bot, emulator, locale):
    await running_bot.member(8901, Role.tenant, "Amina", locale=locale)
    user = emulator.user(8901, "Amina", language_code=locale)
    for said, expected in CASES[locale]:
        await user.send(said)
        [reply] = await user.wait_for_messages()
        assert reply["text"] == tr(locale, expected).format(name="Amina"), said
        assert button_texts(reply) == [label(locale, "⬅️ Main menu")]
    await user.press(label(locale, "⬅️ Main menu"))
    [menu] = await user.wait_for_messages()
    assert tr(locale, "🛠 DIY tutorials") in button_texts(menu)


async def test_a_greeting_with_a_question_is_still_a_search(running_bot, emulator):
    await running_bot.member(8902, Role.tenant, "Amina", locale="fr")
    user = emulator.user(8902, "Amina", language_code="fr")
    await user.send("bonjour, je veux repeindre une porte")
    [reply] = await user.wait_for_messages()
    assert reply["text"] != tr("fr", "Hello {name}! 👋 How can I help you?").format(name="Amina")
    assert reply["text"] != tr("fr", "Sorry, I did not understand. Please use the buttons.")
    assert len(button_texts(reply)) > 1  # the tutorials found
