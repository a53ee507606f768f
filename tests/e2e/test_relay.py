"""Write to my animator end to end: a tenant's text, photo or voice note reaches the
animator through the bot and the answer comes back; working hours; emergencies;
no animator; forged replies. On SQLite and PostgreSQL (the `backend` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.models import (
    OutboxMessage,
    OutboxStatus,
    RelayDirection,
    RelayKind,
    RelayMessage,
    Role,
)
from bot.services import households
from handlers.relay.callbacks import RelayReplyCallback
from tests import factories
from tests.e2e.conftest import RunningBot, start_bot
from tests.e2e.helpers import button_texts, eventually, label, tr
from tests.factories import household as _household

SATURDAY_EVENING = datetime(2026, 11, 28, 18, 30, tzinfo=UTC)  # 19:30 in Paris
TUESDAY_NIGHT = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # 23:30 in Paris: quiet hours


async def _open_relay(emulator, telegram_id: int, name: str, locale: str, username: str | None = None):  # type: ignore[no-untyped-def]
    user = emulator.user(telegram_id, name, language_code=locale, username=username)
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr(locale, "✉️ Write to my animator"))
    [screen] = await user.wait_for_messages()
    return user, screen


async def _relayed(running_bot: RunningBot) -> list[RelayMessage]:
    return await factories.rows(running_bot, RelayMessage)


async def test_a_photo_reaches_the_animator_and_the_reply_comes_back(running_bot, emulator):
    nadia = await running_bot.member(8101, Role.animator, "Nadia", locale="fr")
    await _household(running_bot, "PAH-300", animator=nadia, tenants=[(8201, "Fatima", "fr")])
    animator = emulator.user(8101, "Nadia", language_code="fr", username="nadia_perso")
    tenant, screen = await _open_relay(emulator, 8201, "Fatima", "fr", username="fatima_perso")
    assert "Nadia" in screen["text"]
    assert button_texts(screen) == [tr("fr", "🚨 Emergency"), tr("fr", "⬅️ Main menu")]

    photo = await tenant.send_photo(caption="Le plafond de la salle de bain s'écaille")
    [sent] = await tenant.wait_for_messages()
    # A working Tuesday: no "they will read it on…"; the conversation goes on until "I have finished".
    assert sent["text"].split("\n")[0] == tr("fr", "✅ Sent to {name}, your animator.").format(name="Nadia")
    assert tr("fr", "They will read your message {when}.").split("{")[0] not in sent["text"]
    assert button_texts(sent) == [tr("fr", "✅ I have finished"), tr("fr", "🚨 Emergency")]
    [received] = await animator.wait_for_messages()
    assert received["photo"][0]["file_id"] == photo["photo"][0]["file_id"]
    assert "PAH-300" in received["caption"] and "Fatima" in received["caption"]
    assert "Le plafond de la salle de bain s'écaille" in received["caption"]
    for private in ("fatima_perso", "8201"):
        assert private not in str(received)
    assert button_texts(received) == [tr("fr", "↩️ Reply")]

    await animator.press(tr("fr", "↩️ Reply"), received)
    [prompt] = await animator.wait_for_messages()
    assert "PAH-300" in prompt["text"]
    await animator.send("Je passe jeudi à 10 h avec de l'enduit.")
    [done] = await animator.wait_for_messages()
    assert "PAH-300" in done["text"]
    [answer] = await tenant.wait_for_messages()
    assert answer["text"].startswith(
        tr("fr", "✉️ <b>{name}, your animator:</b>").format(name="Nadia").replace("<b>", "").replace("</b>", "")
    )
    assert "Je passe jeudi à 10 h avec de l'enduit." in answer["text"]
    for private in ("nadia_perso", "8101"):
        assert private not in str(answer)

    await tenant.press(tr("fr", "↩️ Reply"), answer)  # the conversation goes on
    [again] = await tenant.wait_for_messages()
    assert "Nadia" in again["text"] and again["message_id"] != answer["message_id"]
    assert any("Je passe jeudi à 10 h" in (m.get("text") or "") for m in tenant.messages)  # the answer stays
    await tenant.send("Merci, à jeudi !")
    await tenant.wait_for_messages()
    [follow_up] = await animator.wait_for_messages()
    assert "Merci, à jeudi !" in follow_up["text"]

    rows = await _relayed(running_bot)
    assert [(r.direction, r.kind) for r in rows] == [
        (RelayDirection.to_team, RelayKind.photo),
        (RelayDirection.to_household, RelayKind.text),
        (RelayDirection.to_team, RelayKind.text),
    ]
    assert rows[0].file_id and rows[0].text == "Le plafond de la salle de bain s'écaille"

    async def all_delivered() -> bool:
        return all(r.delivered_at is not None for r in await _relayed(running_bot))

    await eventually(all_delivered)


async def test_voice_notes_both_ways(running_bot, emulator):
    samir = await running_bot.member(8102, Role.animator, "Samir", locale="en")
    await _household(running_bot, "PAH-301", animator=samir, tenants=[(8202, "Awa", "ar")])
    animator = emulator.user(8102, "Samir", language_code="en")
    tenant, _ = await _open_relay(emulator, 8202, "Awa", "ar")

    voice = await tenant.send_voice(duration=7)
    [sent] = await tenant.wait_for_messages()
    assert sent["text"].startswith(tr("ar", "✅ Sent to {name}, your animator.").format(name="Samir"))
    [received] = await animator.wait_for_messages()
    assert received["voice"]["file_id"] == voice["voice"]["file_id"]
    assert "🎤 Voice note" in received["caption"] and "PAH-301" in received["caption"]

    await animator.press("↩️ Reply", received)
    await animator.wait_for_messages()
    reply = await animator.send_voice(duration=12, caption="Listen to this")
    await animator.wait_for_messages()
    [answer] = await tenant.wait_for_messages()
    assert answer["voice"]["file_id"] == reply["voice"]["file_id"]
    assert "Samir" in answer["caption"] and "Listen to this" in answer["caption"]
    assert button_texts(answer) == [tr("ar", "↩️ Reply")]
    assert [r.kind for r in await _relayed(running_bot)] == [RelayKind.voice, RelayKind.voice]


@pytest.mark.parametrize("locale", ["en", "fr"])
async def test_outside_working_hours_the_tenant_is_told_when_to_expect_an_answer(running_bot, emulator, locale):
    running_bot.clock.set(SATURDAY_EVENING)
    lina = await running_bot.member(8103, Role.animator, "Lina", locale="fr")
    await _household(running_bot, "PAH-302", animator=lina, tenants=[(8203, "Rose", locale)])
    tenant, screen = await _open_relay(emulator, 8203, "Rose", locale)
    await tenant.send("La porte d'entrée ne ferme plus")
    [sent] = await tenant.wait_for_messages()
    if locale == "en":
        assert sent["text"].startswith(
            "✅ Sent to Lina, your support worker.\n\n"
            "Your support worker works Monday to Friday, 9:00–17:00. "
            "They will read your message on Monday 30 November at 9:00.\n\n"
        )
    else:
        schedule = tr("fr", "{days}, {start}–{end}").format(
            days=tr("fr", "{first} to {last}").format(first="lundi", last="vendredi"), start="9:00", end="17:00"
        )
        when = tr("fr", "on {day} at {time}").format(day="lundi 30 novembre", time="9:00")
        assert tr("fr", "Your animator works {schedule}.").format(schedule=schedule) in sent["text"]
        assert tr("fr", "They will read your message {when}.").format(when=when) in sent["text"]
        assert "du lundi au vendredi" in sent["text"]
    assert tr(locale, "Your animator works {schedule}.").split("{")[0] in screen["text"]
    animator = emulator.user(8103, "Lina", language_code="fr")
    [received] = await animator.wait_for_messages()  # 19:30 is not quiet hours: it is there on Monday
    assert "La porte d'entrée ne ferme plus" in received["text"]


GAS = {
    "fr": "Ça sent le gaz dans la cuisine !",
    "ar": "هناك رائحة غاز قوية في المطبخ",
    "en": "There is a strong gas smell in the kitchen",
}
WORDS = {
    "fr": ["Il y a une fuite d'eau au plafond", "On n'a plus d'électricité depuis ce matin"],
    "ar": ["تسرب الماء من السقف", "انقطعت الكهرباء منذ الصباح"],
    "en": ["Water leak under the sink", "We have no electricity since this morning"],
}


@pytest.mark.parametrize("locale", ["fr", "ar", "en"])
async def test_emergency_words_get_the_numbers_at_once_and_a_flag_for_the_animator(running_bot, emulator, locale):
    running_bot.clock.set(TUESDAY_NIGHT)
    omar = await running_bot.member(8104, Role.animator, "Omar", locale="en")
    await _household(running_bot, "PAH-303", animator=omar, tenants=[(8204, "Yasmine", locale)])
    animator = emulator.user(8104, "Omar", language_code="en")

    tenant, _ = await _open_relay(emulator, 8204, "Yasmine", locale)
    await tenant.send("Bonjour, une question pour jeudi")  # no emergency, at 23:30: waits for the morning
    [sent] = await tenant.wait_for_messages()
    assert "112" not in sent["text"]

    await tenant.send(GAS[locale])  # still in the conversation
    numbers, sent = await tenant.wait_for_messages(2)
    for number in ("112", "18", "15", "0 800 47 33 33"):
        assert number in numbers["text"]
    gas_advice = tr(
        locale,
        (
            "🔥 <b>Smell of gas:</b> do not touch any switch, do not light anything. "
            "Open the windows, close the gas valve at the meter if you can, go out, "
            "then call {gas} from outside."
        ),
    ).format(gas="0 800 47 33 33")
    assert gas_advice.replace("<b>", "").replace("</b>", "") in numbers["text"]
    assert (
        tr(locale, "🏢 Your landlord's on-call line (leak, breakdown in the building) is on your rent notice.")
        in numbers["text"]
    )
    assert "✅" in sent["text"]

    [flagged] = await animator.wait_for_messages()  # urgent: through quiet hours
    assert flagged["text"].startswith("🚨 EMERGENCY WORDS")
    assert GAS[locale] in flagged["text"]

    async def only_the_emergency_went() -> bool:
        async with running_bot.sessionmaker() as session:
            rows = (await session.exec(select(OutboxMessage).where(OutboxMessage.kind == "relay"))).all()
        return sorted((r.urgent, r.status) for r in rows) == [(False, OutboxStatus.pending), (True, OutboxStatus.sent)]

    await eventually(only_the_emergency_went)
    assert [r.emergency for r in await _relayed(running_bot)] == [False, True]

    for text in WORDS[locale]:  # a water leak, no electricity
        await tenant.send(text)
        numbers, _ = await tenant.wait_for_messages(2)
        assert "112" in numbers["text"] and "0 800 47 33 33" in numbers["text"]
        [flagged] = await animator.wait_for_messages()
        assert flagged["text"].startswith("🚨")


@pytest.mark.parametrize("locale", ["fr", "ar", "en"])
async def test_the_emergency_button_gives_the_numbers(running_bot, emulator, locale):
    await running_bot.member(8205, Role.tenant, "Inès", locale=locale)
    user = emulator.user(8205, "Inès", language_code=locale)
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr(locale, "🚨 Emergency"))
    [screen] = await user.wait_for_messages()
    for number in ("112", "18", "15", "0 800 47 33 33"):
        assert number in screen["text"]
    assert tr(locale, "📞 15 – SAMU, someone hurt or unwell") in screen["text"]
    assert button_texts(screen) == [tr(locale, "✉️ Write to my animator"), label(locale, "⬅️ Main menu")]


async def test_the_landlords_on_call_line_comes_from_the_configuration(
    emulator, database_url, sessionmaker, clock, library
):
    async with start_bot(
        emulator, database_url, sessionmaker, clock, library, landlord_oncall_phone="04 42 91 00 00"
    ) as running:
        await running.member(8206, Role.tenant, "Léa", locale="en")
        user = emulator.user(8206, "Léa", language_code="en")
        await user.send("/menu")
        await user.wait_for_messages()
        await user.press("🚨 Emergency")
        [screen] = await user.wait_for_messages()
        assert "📞 04 42 91 00 00 – your landlord's on-call line (leak, breakdown in the building)" in screen["text"]
        assert "rent notice" not in screen["text"]


async def test_without_an_animator_the_coordinators_receive_it_and_the_tenant_is_told(running_bot, emulator):
    await running_bot.member(8105, Role.coordinator, "Claire", locale="en")
    await running_bot.member(8106, Role.coordinator, "Marc", locale="fr")
    await _household(running_bot, "PAH-304", animator=None, tenants=[(8207, "Aïcha", "en"), (8208, "Karim", "en")])
    tenant, screen = await _open_relay(emulator, 8207, "Aïcha", "en")
    assert "no support worker at the moment" in screen["text"] and "Claire and Marc" in screen["text"]

    await tenant.send("Can someone call me back about the paint?")
    [sent] = await tenant.wait_for_messages()
    assert sent["text"].split("\n")[0] == "✅ Sent to the programme coordinators: Claire and Marc."
    claire = emulator.user(8105, "Claire", language_code="en")
    marc = emulator.user(8106, "Marc", language_code="fr")
    [to_claire] = await claire.wait_for_messages()
    [to_marc] = await marc.wait_for_messages()
    assert "PAH-304" in to_claire["text"] and "Aïcha" in to_marc["text"]

    await marc.press(tr("fr", "↩️ Reply"), to_marc)
    await marc.wait_for_messages()
    await marc.send("Je vous appelle demain matin.")
    [done] = await marc.wait_for_messages()
    assert "(2" in done["text"]  # both tenants of the household
    karim = emulator.user(8208, "Karim", language_code="en")
    for user in (tenant, karim):
        [answer] = await user.wait_for_messages()
        assert answer["text"].startswith("✉️ Marc, programme team:")
        assert "Je vous appelle demain matin." in answer["text"]


async def test_a_forged_reply_for_another_household_is_refused(running_bot, emulator):
    nadia = await running_bot.member(8107, Role.animator, "Nadia", locale="en")
    await running_bot.member(8108, Role.animator, "Paul", locale="en")
    household = await _household(running_bot, "PAH-305", animator=nadia, tenants=[(8209, "Sara", "en")])
    paul = emulator.user(8108, "Paul", language_code="en")
    await paul.send("/menu")
    await paul.wait_for_messages()

    query = await paul.press_data(RelayReplyCallback(household_id=household.id).pack())
    answer = await paul.wait_for_answer(query)
    assert answer["text"] == "You cannot reply to this household." and answer["show_alert"]
    await paul.send("Hello Sara, this is Paul")  # not in a reply: not relayed
    await paul.wait_for_messages()
    assert await _relayed(running_bot) == []

    # Pressed while assigned, sent after the household was handed over: refused on sending too.
    nadia_chat = emulator.user(8107, "Nadia", language_code="en")
    await nadia_chat.send("/menu")
    await nadia_chat.wait_for_messages()
    await nadia_chat.press_data(RelayReplyCallback(household_id=household.id).pack())
    await nadia_chat.wait_for_messages()
    async with running_bot.sessionmaker() as session:
        row = await households.get_by_reference(session, "PAH-305")
        row.animator_id = None
        session.add(row)
        await session.commit()
    await nadia_chat.send("Hello Sara")
    [refused] = await nadia_chat.wait_for_messages()
    assert refused["text"] == "You cannot write to this household."
    assert await _relayed(running_bot) == []
    sara = emulator.user(8209, "Sara", language_code="en")
    assert sara.messages == []


async def test_a_caption_too_long_with_the_header_follows_the_photo_as_a_text(running_bot, emulator):
    """Telegram allows 1024 characters of caption; with the household's header it can be more."""
    nadia = await running_bot.member(8109, Role.animator, "Nadia", locale="en")
    await _household(running_bot, "PAH-306", animator=nadia, tenants=[(8210, "Zoé", "en")])
    tenant, _ = await _open_relay(emulator, 8210, "Zoé", "en")
    caption = "Voici la tache d'humidité. " * 37 + "Fin."  # 1003 characters: fits alone, not with the header
    assert len(caption) <= 1024
    await tenant.send_photo(caption=caption)
    await tenant.wait_for_messages()
    animator = emulator.user(8109, "Nadia", language_code="en")
    photo, text = await animator.wait_for_messages(2)
    assert "photo" in photo and "caption" not in photo and "reply_markup" not in photo
    assert caption in text["text"] and "PAH-306" in text["text"]
    assert button_texts(text) == ["↩️ Reply"]
