"""Emergency words caught first, wherever a tenant types them (issue 14, items 1 and 2).

In five states — the main screen, the tutorial search, a visit's note, a questionnaire's
free-text answer and a reply to the animator — and in French, Arabic and English, the
tenant gets the emergency screen at once, the animator gets the message flagged, and the
step they were in goes on with the same message (the note is saved, the answer recorded).
Carbon monoxide gets its own advice, not the gas line's. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlmodel import col, select

from bot.models import (
    Household,
    Person,
    QuestionnaireAnswer,
    RelayDirection,
    RelayMessage,
    Role,
    Visit,
    VisitKind,
    VisitSlot,
)
from bot.services import questionnaires
from bot.services.emergency import Hazard
from bot.services.visits import booking
from handlers.questionnaires.states import QuestionnaireText
from handlers.relay import texts as relay_texts
from handlers.visits.callbacks import VisitAction, VisitActionCallback
from tests import factories
from tests.e2e.conftest import RunningBot, start_bot
from tests.e2e.helpers import button_texts, label, render, tr

PHRASES = {
    "fr": {
        "main": "Ça sent le gaz dans la cuisine",
        "search": "j'ai une fuite d'eau sous l'évier",
        "note": "On a tous mal à la tête depuis que la chaudière marche",
        "questionnaire": "Il y a de la fumée dans l'escalier",
        "reply": "On n'a plus d'électricité depuis ce matin",
    },
    "ar": {
        "main": "هناك رائحة غاز في المطبخ",
        "search": "تسرب الماء تحت المغسلة",
        "note": "عندنا كلنا صداع والسخان شغال",
        "questionnaire": "يوجد دخان في الدرج",
        "reply": "انقطعت الكهرباء منذ الصباح",
    },
    "en": {
        "main": "There is a gas smell in the kitchen",
        "search": "Water leak under the sink",
        "note": "We all have headaches since the boiler is on",
        "questionnaire": "There is smoke in the stairs",
        "reply": "No power since this morning",
    },
}
EXPECTED = {"main": "gas", "search": "water", "note": "co", "questionnaire": "fire", "reply": "electricity"}


def _plain(html: str) -> str:
    return html.replace("<b>", "").replace("</b>", "")


def _advice(locale: str, hazard: str) -> str:
    """The opening of a hazard's advice ("🔥 Smell of gas:"), as the tenant reads it."""
    text = render(locale, relay_texts._advice)[Hazard(hazard)]
    return _plain(text.split("</b>")[0])


def _assert_emergency_screen(screen: dict, locale: str, hazard: str, *, others: tuple[str, ...] = ()) -> None:
    text = screen["text"]
    assert text.startswith(_plain(tr(locale, "🚨 <b>In danger? Call now, do not wait for your animator.</b>")))
    for number in ("112", "18", "15"):
        assert number in text
    assert _advice(locale, hazard) in text
    for other in others:
        assert _advice(locale, other) not in text
    assert tr(locale, "Your message went to your animator too, but they may not read it at once.") in text


async def _flagged(running_bot: RunningBot) -> list[str]:
    async with running_bot.sessionmaker() as session:
        rows = await session.exec(
            select(RelayMessage)
            .where(col(RelayMessage.direction) == RelayDirection.to_team, col(RelayMessage.emergency).is_(True))
            .order_by(col(RelayMessage.id))
        )
        return [row.text or "" for row in rows.all()]


async def _state(running_bot: RunningBot, emulator, telegram_id: int) -> str | None:  # type: ignore[no-untyped-def]
    bot_id = int(emulator.token.split(":")[0])
    key = StorageKey(bot_id=bot_id, chat_id=telegram_id, user_id=telegram_id)
    return await running_bot.dispatcher.fsm.storage.get_state(key)


async def _book_a_visit(running_bot: RunningBot, tenant_id: int, animator) -> Visit:  # type: ignore[no-untyped-def]
    await factories.open_times(running_bot, animator, (date(2026, 12, 1),))
    async with running_bot.sessionmaker() as session:
        slot = (await session.exec(select(VisitSlot).order_by(col(VisitSlot.starts_at)))).first()
        tenant = await session.get(Person, tenant_id)
        household = await session.get(Household, tenant.household_id)
        visit = await booking.book(
            session,
            household,
            slot.id,
            kind=VisitKind.preparation,
            booked_by=tenant,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await session.commit()
        return visit


@pytest.mark.parametrize("locale", ["fr", "ar", "en"])
async def test_emergency_words_are_caught_first_in_five_states(running_bot, emulator, locale):
    phrases = PHRASES[locale]
    animator = await running_bot.member(8501, Role.animator, "Nadia", locale="fr")
    tenant = await factories.tenant(running_bot, 8601, animator=animator, name="Fatima", locale=locale)
    nadia = emulator.user(8501, "Nadia", language_code="fr")
    user = emulator.user(8601, "Fatima", language_code=locale)

    # 1. The main screen: the emergency screen is the answer ("I did not understand" never comes).
    await user.send("/menu")
    await user.wait_for_messages()
    await user.send(phrases["main"])
    [screen] = await user.wait_for_messages()
    _assert_emergency_screen(screen, locale, "gas", others=("co", "water"))
    assert button_texts(screen) == [tr(locale, "✉️ Write to my animator"), label(locale, "⬅️ Main menu")]
    [flag] = await nadia.wait_for_messages()
    assert flag["text"].startswith("🚨") and phrases["main"] in flag["text"]
    assert await _state(running_bot, emulator, 8601) is None

    # 2. The tutorial search: the screen first, then the search goes on with the same words.
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr(locale, "🛠 DIY tutorials"))
    await user.wait_for_messages()
    await user.press(tr(locale, "🔎 Search"))
    await user.wait_for_messages()
    await user.send(phrases["search"])
    screen, results = await user.wait_for_messages(2)
    _assert_emergency_screen(screen, locale, "water")
    assert "112" not in results["text"]  # the search's own answer
    [flag] = await nadia.wait_for_messages()
    assert phrases["search"] in flag["text"]

    # 3. A visit's note: the note is saved for the visit too.
    visit = await _book_a_visit(running_bot, tenant.id, animator)
    await nadia.wait_for_messages()  # told of the booking
    await user.press(VisitActionCallback(visit_id=visit.id, action=VisitAction.note).pack(), await _card(user, locale))
    await user.wait_for_messages()
    await user.send(phrases["note"])
    screen, saved = await user.wait_for_messages(2)
    _assert_emergency_screen(screen, locale, "co", others=("gas",))
    assert saved["text"].startswith(tr(locale, "✅ Saved. Your animator will see it."))
    async with running_bot.sessionmaker() as session:
        assert (await session.get(Visit, visit.id)).tenant_note == phrases["note"]
    flags = await nadia.wait_for_messages(2)  # the flagged message and the note's notice
    assert any(m["text"].startswith("🚨") and phrases["note"] in m["text"] for m in flags)

    # 4. A questionnaire's free-text answer: recorded as the answer too.
    async with running_bot.sessionmaker() as session:
        await questionnaires.assign(
            session,
            questionnaire_id="after_visit",
            person_id=tenant.id,
            household_id=tenant.household_id,
            trigger_key="test:emergency",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        await session.commit()
    [invitation] = await user.wait_for_messages()
    await user.press(button_texts(invitation)[0], invitation)
    [question] = await user.wait_for_messages()
    for _ in range(6):  # the first answer of each question, until the one to type
        if await _state(running_bot, emulator, 8601) == QuestionnaireText.answer.state:
            break
        await user.press(button_texts(question)[0], question)
        [question] = await user.wait_for_messages()
    assert await _state(running_bot, emulator, 8601) == QuestionnaireText.answer.state
    await user.send(phrases["questionnaire"])
    screen, after = await user.wait_for_messages(2)
    _assert_emergency_screen(screen, locale, "fire")
    assert "112" not in after["text"]
    async with running_bot.sessionmaker() as session:
        typed = (
            await session.exec(select(QuestionnaireAnswer.text).where(col(QuestionnaireAnswer.text).is_not(None)))
        ).all()
    assert typed == [phrases["questionnaire"]]
    [flag] = await nadia.wait_for_messages()
    assert phrases["questionnaire"] in flag["text"]

    # 5. A reply to the animator's answer: the conversation relays it flagged, once.
    await nadia.press(tr("fr", "↩️ Reply"), flag)
    await nadia.wait_for_messages()
    await nadia.send("Je vous appelle tout de suite.")
    await nadia.wait_for_messages()
    [answer] = await user.wait_for_messages()
    await user.press(tr(locale, "↩️ Reply"), answer)
    await user.wait_for_messages()
    await user.send(phrases["reply"])
    screen, sent = await user.wait_for_messages(2)
    _assert_emergency_screen(screen, locale, "electricity")
    assert sent["text"].startswith("✅")
    [flag] = await nadia.wait_for_messages()
    assert phrases["reply"] in flag["text"]

    assert await _flagged(running_bot) == [phrases[state] for state in EXPECTED]


async def _card(user, locale: str) -> dict:  # type: ignore[no-untyped-def]
    """The visit's card, from "📋 My visits"."""
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr(locale, "📋 My visits"))
    [listing] = await user.wait_for_messages()
    if tr(locale, "📝 Add a note or a photo") in button_texts(listing):
        return listing
    await user.press(button_texts(listing)[0], listing)
    [card] = await user.wait_for_messages()
    return card


async def test_carbon_monoxide_has_its_own_advice_and_commands_still_win(running_bot, emulator):
    await factories.tenant(running_bot, 8602, name="Rose", locale="en")  # no animator: the coordinators
    await running_bot.member(8502, Role.coordinator, "Claire", locale="en")
    user = emulator.user(8602, "Rose", language_code="en")
    await user.send("The kids are dizzy and have headaches, the water heater is on")
    [screen] = await user.wait_for_messages()
    assert "Carbon monoxide" in screen["text"] and "it has no smell" in screen["text"]
    assert "Smell of gas" not in screen["text"]  # not the gas line's advice
    claire = emulator.user(8502, "Claire", language_code="en")
    [flag] = await claire.wait_for_messages()
    assert flag["text"].startswith("🚨 EMERGENCY WORDS")

    await user.send("/help fuite de gaz")  # a command does what it says
    [help_text] = await user.wait_for_messages()
    assert help_text["text"].startswith("How to use the assistant")

    await user.send("My gas bill is too high")  # a topic word alone is not an alarm
    [reply] = await user.wait_for_messages()
    assert "112" not in reply["text"]


async def test_the_associations_phone_is_beside_the_numbers_and_in_help(
    emulator, database_url, sessionmaker, clock, library
):
    async with start_bot(emulator, database_url, sessionmaker, clock, library) as running:
        await running.member(8603, Role.tenant, "Léa", locale="fr")
        user = emulator.user(8603, "Léa", language_code="fr")
        await user.send("/menu")
        await user.wait_for_messages()
        await user.press(tr("fr", "🚨 Emergency"))
        [screen] = await user.wait_for_messages()
        without = tr("fr", "🤝 To reach the association, call your animator's number.")
        assert without in screen["text"]
        await user.send("/aide")
        [help_text] = await user.wait_for_messages()
        assert without in help_text["text"] and "112" in help_text["text"]

    async with start_bot(
        emulator, database_url, sessionmaker, clock, library, association_phone="04 42 00 11 22"
    ) as running:
        user = emulator.user(8603, "Léa", language_code="fr")
        await user.send("/aide")
        [help_text] = await user.wait_for_messages()
        line = tr("fr", "📞 {phone} – the association (your animator's team)").format(phone="04 42 00 11 22")
        assert line in help_text["text"]
        await user.press(tr("fr", "⬅️ Main menu"), help_text)
        await user.wait_for_messages()
        await user.press(tr("fr", "🚨 Emergency"))
        [screen] = await user.wait_for_messages()
        assert line in screen["text"] and "0 800 47 33 33" in screen["text"]
        assert running.settings.association_phone == "04 42 00 11 22"
