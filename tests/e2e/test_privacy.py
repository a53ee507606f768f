"""Tenant rights end to end: /mes_donnees, /supprimer leaves no trace, /stop and /start."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from bot.models import AuditLog, OutboxMessage, OutboxStatus, Role
from bot.services import delivery, questionnaires, tutorials
from bot.services.content import default_content_root, load_library
from tests.dbdump import dump, mentions
from tests.e2e.helpers import eventually, join, tr

NAME = "Zélie-Quintessa"
TELEGRAM_ID = 777123456
PHONE = "+33612345678"
FREE_TEXT = "ma porte grince affreusement"
OPINION = "la visite m'a redonné confiance"


async def _answered_questionnaire(running_bot) -> None:  # type: ignore[no-untyped-def]
    """The tenant answered the after-visit questionnaire, with a written comment."""
    person = await running_bot.person(TELEGRAM_ID)
    now = running_bot.clock.now()
    async with running_bot.sessionmaker() as session:
        assignment = await questionnaires.assign(
            session,
            questionnaire_id="after_visit",
            person_id=person.id,
            household_id=person.household_id,
            trigger_key="privacy:after_visit",
            due_at=now + timedelta(days=1),
            now=now,
        )
        questionnaire = load_library(default_content_root()).questionnaires.get("after_visit", "fr")
        await questionnaires.save(session, assignment, questionnaire, 0, value="4", now=now)
        await questionnaires.save(session, assignment, questionnaire, 2, text=OPINION, now=now)
        await session.commit()


async def _tenant_with_history(running_bot, emulator):  # type: ignore[no-untyped-def]
    """A tenant who joined with an invitation, opened a tutorial, subscribed to tips and got a tip."""
    code = await running_bot.tenant_invite("PAH-700")
    user = emulator.user(TELEGRAM_ID, NAME, language_code="fr")
    await join(user, code, "fr")
    await user.press(tr("fr", "🛠 DIY tutorials"))
    await user.wait_for_messages()
    await user.press(tr("fr", "🎨 Painting"))
    [listing] = await user.wait_for_messages()
    await user.press(listing["reply_markup"]["inline_keyboard"][0][0]["text"])
    await user.wait_for_messages()
    await user.send_contact(PHONE)
    await user.wait_for_messages()
    await user.send(FREE_TEXT)
    await user.wait_for_messages()
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "💡 Energy tips"))
    await user.wait_for_messages()
    await user.press(tr("fr", "📬 One tip a week"))
    await user.wait_for_messages()
    await user.press("Lundi")
    await user.wait_for_messages()
    return user


async def test_my_data_sends_a_summary_and_a_complete_file(running_bot, emulator):
    await running_bot.member(7401, Role.tenant, "Other-Household-Person", locale="fr")
    user = await _tenant_with_history(running_bot, emulator)
    await _answered_questionnaire(running_bot)
    person = await running_bot.person(TELEGRAM_ID)
    async with running_bot.sessionmaker() as session:
        await delivery.schedule(
            session,
            recipient_id=person.id,
            kind="text",
            text="Rappel",
            dedup_key="t:1",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        await session.commit()
    await user.wait_for_messages()  # the pump delivers it

    await user.send("/mes_donnees")
    document, text = await user.wait_for_messages(2)
    assert document["document"]["file_name"] == "my-data.json"
    exported = json.loads(emulator.files[document["document"]["file_id"]])
    assert exported["person"]["name"] == NAME
    assert exported["person"]["telegram_id"] == TELEGRAM_ID
    assert exported["household"]["reference"] == "PAH-700"
    assert len(exported["invitations_used"]) == 1 and "code_hash" not in exported["invitations_used"][0]
    assert [m["text"] for m in exported["messages"] if m["text"]] == ["Rappel"]
    [answered] = exported["questionnaires"]
    assert answered["questionnaire_id"] == "after_visit"
    assert [(a["question_id"], a["value"], a["text"]) for a in answered["answers"]] == [
        ("useful", "4", None),
        ("comment", None, OPINION),
    ]
    assert {e["kind"] for e in exported["content_events"]} == {"opened"}
    assert exported["tip_subscription"]["weekday"] == 0
    assert "person.export" in [entry["action"] for entry in exported["audit_log"]]
    assert "Other-Household-Person" not in json.dumps(exported, ensure_ascii=False)
    assert NAME in text["text"] and "PAH-700" in text["text"]
    assert tr("fr", "Tutorials opened: {opened}, finished: {finished}").format(opened=1, finished=0) in text["text"]

    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "📄 My data"))
    document, _ = await user.wait_for_messages(2)
    assert "document" in document
    assert await emulator.wait_for_callback_answers() == []


async def test_erasure_leaves_no_trace_and_keeps_the_counts(running_bot, emulator):
    user = await _tenant_with_history(running_bot, emulator)
    await _answered_questionnaire(running_bot)
    person = await running_bot.person(TELEGRAM_ID)
    async with running_bot.sessionmaker() as session:
        await delivery.schedule(
            session,
            recipient_id=person.id,
            kind="text",
            text="Rappel",
            dedup_key="t:2",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        await session.commit()
        counts_before = await tutorials.usage(session)
    await user.wait_for_messages()
    before = await dump(running_bot.sessionmaker)
    assert mentions(before, NAME) and mentions(before, str(TELEGRAM_ID))

    await user.send("/supprimer")
    await user.wait_for_messages()
    await user.press(tr("fr", "🗑 Yes, delete everything"))
    await user.wait_for_messages()

    after = await dump(running_bot.sessionmaker)
    for trace in (NAME, str(TELEGRAM_ID), PHONE, FREE_TEXT, "Rappel", OPINION):
        assert mentions(after, trace) == [], trace
    # The score stays for the programme's figures, linked to nobody.
    [assignment] = after["questionnaire_assignment"]
    assert assignment[2] is None and assignment[3] is None
    assert sorted(row[3] for row in after["questionnaire_answer"] if row[3]) == ["4"]
    async with running_bot.sessionmaker() as session:
        assert await tutorials.usage(session) == counts_before
    assert len(after["content_event"]) == len(before["content_event"]) == 1
    assert after["tip_subscription"] == [] and after["outbox"] == []
    assert len(after["household"]) == len(before["household"])


async def test_stop_pauses_every_proactive_message_and_start_resumes(running_bot, emulator):
    await running_bot.member(7402, Role.tenant, "Amina", locale="en")
    user = emulator.user(7402, "Amina", language_code="en")
    await user.send("/stop")
    [stopped] = await user.wait_for_messages()
    assert stopped["text"].startswith("🔕")
    person = await running_bot.person(7402)
    assert person.paused_at is not None

    async with running_bot.sessionmaker() as session:
        await delivery.schedule(
            session,
            recipient_id=person.id,
            kind="text",
            text="While paused",
            dedup_key="p:1",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        await session.commit()

    async def skipped() -> bool:
        async with running_bot.sessionmaker() as session:
            row = (await session.exec(select(OutboxMessage).where(OutboxMessage.dedup_key == "p:1"))).one()
            return row.status is OutboxStatus.cancelled and row.last_error == delivery.PAUSED

    await eventually(skipped)
    assert [m for m in user.messages if m.get("text") == "While paused"] == []

    await user.send("/start")
    welcome, menu = await user.wait_for_messages(2)
    assert welcome["text"] == "🔔 Welcome back! The assistant will send you messages again."
    assert (await running_bot.person(7402)).paused_at is None
    async with running_bot.sessionmaker() as session:
        await delivery.schedule(
            session,
            recipient_id=person.id,
            kind="text",
            text="After resuming",
            dedup_key="p:2",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        await session.commit()
        actions = [e.action for e in (await session.exec(select(AuditLog))).all()]
    [message] = await user.wait_for_messages()
    assert message["text"] == "After resuming"
    assert "person.pause" in actions and "person.resume" in actions

    await user.send("/start")  # not paused: just the menu
    [menu] = await user.wait_for_messages()
    assert "reply_markup" in menu


async def test_messages_with_the_animator_are_exported_and_erased(running_bot, emulator):
    """Write to my animator: the relay_message table and its outbox copies hold free text."""
    question, answer = "le radiateur de Zélie fait un bruit bizarre", "je passe voir le radiateur de Zélie"
    claire = await running_bot.member(7501, Role.coordinator, "Claire", locale="fr")  # no animator: she receives it
    user = await _tenant_with_history(running_bot, emulator)
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "✉️ Write to my animator"))
    await user.wait_for_messages()
    await user.send(question)
    await user.wait_for_messages()
    coordinator = emulator.user(claire.telegram_id, "Claire", language_code="fr")
    [received] = await coordinator.wait_for_messages()
    await coordinator.press(tr("fr", "↩️ Reply"), received)
    await coordinator.wait_for_messages()
    await coordinator.send(answer)
    await coordinator.wait_for_messages()
    await user.wait_for_messages()

    await user.send("/mes_donnees")
    document, _ = await user.wait_for_messages(2)
    exported = json.loads(emulator.files[document["document"]["file_id"]])
    assert [(m["direction"], m["text"]) for m in exported["relay_messages"]] == [
        ("to_team", question),
        ("to_household", answer),
    ]
    before = await dump(running_bot.sessionmaker)
    assert mentions(before, question) and mentions(before, answer)

    await user.send("/supprimer")
    await user.wait_for_messages()
    await user.press(tr("fr", "🗑 Yes, delete everything"))
    await user.wait_for_messages()
    after = await dump(running_bot.sessionmaker)
    for trace in (NAME, str(TELEGRAM_ID), question, answer):
        assert mentions(after, trace) == [], trace
    assert after["relay_message"] == []
