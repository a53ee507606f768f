"""The team's alert on an answer that asks for a call back (the lowest score, "I need help"),
end to end: it waits for the comment the tenant writes next and shows it, it has buttons to the
household's card and to write to the household, and the tenant is told someone will call back.
Skipping the comment sends it at once; leaving halfway sends it after FLAG_WAIT."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import OutboxStatus, Role
from bot.services import questionnaires
from tests import factories
from tests.e2e.helpers import button_texts, tr


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite gives it back naive


async def _assigned(running_bot, tenant, questionnaire_id: str) -> None:  # type: ignore[no-untyped-def]
    async with running_bot.sessionmaker() as session:
        await questionnaires.assign(
            session,
            questionnaire_id=questionnaire_id,
            person_id=tenant.id,
            household_id=tenant.household_id,
            trigger_key=f"test:{questionnaire_id}:{tenant.id}",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        await session.commit()


async def test_an_alert_shows_the_comment_opens_the_household_and_writes_to_it(running_bot, emulator):
    await running_bot.member(9950, Role.coordinator, "Claire", locale="fr")
    animator = await running_bot.member(9951, Role.animator, "Nadia", locale="fr")
    tenant = await factories.tenant(running_bot, 9952, reference="AL-1", animator_id=animator.id, name="Amina")
    coordinator_user = emulator.user(9950, "Claire", language_code="fr")
    animator_user = emulator.user(9951, "Nadia", language_code="fr")
    user = emulator.user(9952, "Amina", language_code="fr")
    await _assigned(running_bot, tenant, "followup_3m")
    [invitation] = await user.wait_for_messages()
    await user.press(tr("fr", "📝 Answer"), message=invitation)
    await user.wait_for_messages()
    await user.press(tr("fr", "👎 No"))  # no works on their own: "which works" is skipped
    [help_question] = await user.wait_for_messages()
    await user.press(tr("fr", "👍 Yes"), message=help_question)  # needs help
    [comment_question] = await user.wait_for_messages()
    call_back = tr("fr", "📞 Thank you for telling us. Someone from the team will call you back soon.")
    assert comment_question["text"].startswith(call_back)
    await user.send("Le robinet de la salle de bain fuit encore")
    [review] = await user.wait_for_messages()
    assert review["text"].startswith(call_back)
    alerts = {}
    for name, staff in (("coordinator", coordinator_user), ("animator", animator_user)):
        [alerts[name]] = await staff.wait_for_messages()
        text = alerts[name]["text"]
        assert "AL-1" in text and "Amina" not in text  # the household's reference, never the name
        assert tr("fr", "Comment: {comment}").format(comment="Le robinet de la salle de bain fuit encore") in text
        assert tr("fr", "They were told someone will call them back.") in text
        assert button_texts(alerts[name]) == [tr("fr", "🏠 Open the household"), tr("fr", "✉️ Write to the household")]
    # The animator opens the household's card from the alert.
    await animator_user.press(tr("fr", "🏠 Open the household"), message=alerts["animator"])
    [card] = await animator_user.wait_for_messages()
    assert "AL-1" in card["text"] and tr("fr", "Phase: {phase}").format(phase=tr("fr", "works")) in card["text"]
    # The coordinator writes to the household from the alert; the tenant receives it.
    await coordinator_user.press(tr("fr", "✉️ Write to the household"), message=alerts["coordinator"])
    [prompt] = await coordinator_user.wait_for_messages()
    assert "AL-1" in prompt["text"]
    await coordinator_user.send("Je vous appelle demain matin.")
    await coordinator_user.wait_for_messages()
    received = await user.wait_for_messages()
    assert any("Je vous appelle demain matin." in message.get("text", "") for message in received)
    # Sending the answers: the thanks say it again, and no second alert goes.
    await user.press(tr("fr", "📨 Send my answers"), message=review)
    [thanks] = await user.wait_for_messages()
    assert tr("fr", "📞 Someone from the team will call you back soon.") in thanks["text"]
    flags = [row for row in await factories.outbox(running_bot) if row.kind == questionnaires.FLAG]
    assert sorted(row.recipient_id for row in flags) == sorted([animator.id, (await running_bot.person(9950)).id])


async def test_a_skipped_comment_sends_the_alert_at_once_and_leaving_halfway_after_the_wait(running_bot, emulator):
    await running_bot.member(9960, Role.coordinator, "Claire", locale="en")
    first = await factories.tenant(running_bot, 9961, reference="AL-2", locale="en")
    second = await factories.tenant(running_bot, 9962, reference="AL-3", locale="en")
    coordinator_user = emulator.user(9960, "Claire", language_code="en")
    # A lowest score, then "Skip" on the comment: the alert goes at once, saying there is none.
    user = emulator.user(9961, "T", language_code="en")
    await _assigned(running_bot, first, "after_visit")
    [invitation] = await user.wait_for_messages()
    await user.press("📝 Answer", message=invitation)
    await user.wait_for_messages()
    await user.press("😞 Not useful at all")
    [next_steps] = await user.wait_for_messages()
    assert next_steps["text"].startswith("📞 Thank you for telling us.")
    await user.press("👍 Yes", message=next_steps)
    await user.wait_for_messages()
    await user.press("⏭ Skip")
    await user.wait_for_messages()
    [alert] = await coordinator_user.wait_for_messages()
    assert "AL-2" in alert["text"] and "No written comment." in alert["text"] and "Not useful at all" in alert["text"]
    assert button_texts(alert) == ["🏠 Open the household", "✉️ Write to the household"]
    # "I need help", then nothing more: the alert does not wait for ever.
    other = emulator.user(9962, "U", language_code="en")
    await _assigned(running_bot, second, "followup_3m")
    [invitation] = await other.wait_for_messages()
    await other.press("📝 Answer", message=invitation)
    await other.wait_for_messages()
    await other.press("👎 No")
    await other.wait_for_messages()
    await other.press("👍 Yes")
    await other.wait_for_messages()
    waiting = [row for row in await factories.outbox(running_bot, kind=questionnaires.FLAG) if "AL-3" in row.params]
    assert [(row.status, _utc(row.due_at) - running_bot.clock.now()) for row in waiting] == [
        (OutboxStatus.pending, questionnaires.FLAG_WAIT)
    ]
    running_bot.clock.advance(questionnaires.FLAG_WAIT)
    [late] = await coordinator_user.wait_for_messages(timeout=10)
    assert "AL-3" in late["text"] and "Do you need help" in late["text"] and "No written comment." in late["text"]
