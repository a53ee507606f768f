"""Write to my animator is a conversation (issue 14, item 4): the tenant stays in it, every
text, photo and voice note reaches the animator and is acknowledged, until "I have
finished" or 30 minutes without a message; then what they type is a search again.
On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.models import RelayKind, RelayMessage, Role
from bot.services import relay
from tests import factories
from tests.e2e.helpers import button_texts, tr

PAINT = {"fr": "repeindre une porte", "en": "paint a door", "ar": "طلاء باب"}


async def _open(emulator, telegram_id: int, locale: str):  # type: ignore[no-untyped-def]
    user = emulator.user(telegram_id, "Fatima", language_code=locale)
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr(locale, "✉️ Write to my animator"))
    [screen] = await user.wait_for_messages()
    return user, screen


async def _relayed(running_bot) -> list[RelayMessage]:  # type: ignore[no-untyped-def]
    return await factories.rows(running_bot, RelayMessage)


@pytest.mark.parametrize("locale", ["fr", "ar", "en"])
async def test_a_three_message_conversation_reaches_the_animator(running_bot, emulator, locale):
    nadia = await running_bot.member(8701, Role.animator, "Nadia", locale="fr")
    await factories.tenant(running_bot, 8801, animator=nadia, name="Fatima", locale=locale)
    animator = emulator.user(8701, "Nadia", language_code="fr")
    user, screen = await _open(emulator, 8801, locale)
    rule = tr(
        locale,
        "You can send several messages, photos and voice notes: each one goes to them. "
        "When you have finished, tap ✅ I have finished; the conversation also ends after {minutes} minutes "
        "without a message.",
    ).format(minutes=30)
    assert rule in screen["text"]  # said on screen before the first message

    await user.send("La peinture de la chambre s'écaille")
    [first] = await user.wait_for_messages()
    assert first["text"].startswith(tr(locale, "✅ Sent to {name}, your animator.").format(name="Nadia"))
    assert button_texts(first) == [tr(locale, "✅ I have finished"), tr(locale, "🚨 Emergency")]
    photo = await user.send_photo(caption="Voilà le mur")
    [second] = await user.wait_for_messages()
    voice = await user.send_voice(duration=5)
    [third] = await user.wait_for_messages()
    # Each one acknowledged, briefly: the rule is said once.
    for ack in (second, third):
        assert ack["text"] == tr(locale, "✅ Sent to {name}, your animator.").format(name="Nadia")
        assert button_texts(ack) == [tr(locale, "✅ I have finished"), tr(locale, "🚨 Emergency")]
    # Words that would be a tutorial search outside the conversation still go to the animator.
    await user.send(PAINT[locale])
    [fourth] = await user.wait_for_messages()
    assert fourth["text"].startswith("✅")

    received = await animator.wait_for_messages(4)
    assert "La peinture de la chambre s'écaille" in received[0]["text"]
    assert (
        received[1]["photo"][0]["file_id"] == photo["photo"][0]["file_id"] and "Voilà le mur" in received[1]["caption"]
    )
    assert received[2]["voice"]["file_id"] == voice["voice"]["file_id"]
    assert PAINT[locale] in received[3]["text"]
    assert [r.kind for r in await _relayed(running_bot)] == [
        RelayKind.text,
        RelayKind.photo,
        RelayKind.voice,
        RelayKind.text,
    ]

    await user.press(tr(locale, "✅ I have finished"), third)  # an older acknowledgement's button works too
    [closed] = await user.wait_for_messages()
    assert closed["text"].startswith(tr(locale, "👍 Conversation closed. The answer will come here, in this chat."))
    assert tr(locale, "✉️ Write to my animator") in button_texts(closed)  # the main menu

    await user.send(PAINT[locale])  # out of the conversation: a tutorial search again
    [search] = await user.wait_for_messages()
    assert not search["text"].startswith("✅")
    assert len(await _relayed(running_bot)) == 4
    assert animator.messages[-1]["message_id"] == received[3]["message_id"]  # nothing more for Nadia


async def test_the_conversation_ends_after_thirty_quiet_minutes(running_bot, emulator):
    nadia = await running_bot.member(8702, Role.animator, "Nadia", locale="en")
    await factories.tenant(running_bot, 8802, animator=nadia, name="Sarah", locale="en")
    animator = emulator.user(8702, "Nadia", language_code="en")
    user, _ = await _open(emulator, 8802, "en")
    await user.send("Is Thursday fine?")
    await user.wait_for_messages()
    await animator.wait_for_messages()

    running_bot.clock.advance(relay.QUIET_PERIOD - timedelta(minutes=1))  # 29 minutes: still on
    await user.send("At 10?")
    [ack] = await user.wait_for_messages()
    assert ack["text"] == tr("en", "✅ Sent to {name}, your animator.").format(name="Nadia")
    [received] = await animator.wait_for_messages()
    assert "At 10?" in received["text"]

    running_bot.clock.advance(relay.QUIET_PERIOD)  # 30 minutes after the last one: over
    await user.send("thank you")
    [reply] = await user.wait_for_messages()
    assert reply["text"] == "You're welcome, Sarah! 😊"  # read as usual again
    assert [r.text for r in await _relayed(running_bot)] == ["Is Thursday fine?", "At 10?"]
