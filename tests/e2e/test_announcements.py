"""A coordinator's message to tenants goes through the outbox, only to the chosen
group, and the coordinator watches it being delivered."""

from __future__ import annotations

from bot.models import Phase, Role
from tests.e2e.helpers import eventually, tr
from tests.factories import tenant as _tenant


async def _progress_done(user, expected_prefix: str):  # type: ignore[no-untyped-def]
    for _ in range(20):  # the progress message is edited every few tenths of a second here
        [edited] = await user.wait_for_messages(timeout=10)
        if edited["text"].startswith(expected_prefix):
            return edited
    raise AssertionError("the progress message never said it was done")


async def test_message_to_one_site_with_live_progress(running_bot, emulator):
    await running_bot.member(8001, Role.coordinator, "Claire", locale="en")
    for telegram_id in (8101, 8102, 8103):
        await _tenant(running_bot, telegram_id, "Encagnane", locale="fr" if telegram_id != 8103 else "ar")
    await _tenant(running_bot, 8201, "Jas de Bouffan")
    tenants = {telegram_id: emulator.user(telegram_id, f"T{telegram_id}") for telegram_id in (8101, 8102, 8103, 8201)}
    tenants[8102].deactivate()  # left Telegram: only the send tells us (403)

    user = emulator.user(8001, "Claire", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("📣 Message to tenants")
    await user.wait_for_messages()
    await user.press("📍 Tenants of one site")
    [sites] = await user.wait_for_messages()
    await user.press("Encagnane")
    [ask] = await user.wait_for_messages()
    assert ask["text"].startswith("3 people will receive it.")
    await user.send("L'atelier de mardi est <annulé> & reporté.")
    [preview] = await user.wait_for_messages()
    assert "3 people" in preview["text"] and "L'atelier de mardi est <annulé> & reporté." in preview["text"]
    await user.press("📣 Send")
    [progress] = await user.wait_for_messages()
    assert progress["text"].startswith("📣 Sending…")

    done = await _progress_done(user, "✅ Delivered.")
    assert done["text"].endswith("Sent: 2 · Waiting: 0 · Blocked the bot: 1 · Failed: 0")
    [french] = tenants[8101].messages
    assert (
        french["text"]
        == tr("fr", "📣 Message from your programme team:") + "\n\nL'atelier de mardi est <annulé> & reporté."
    )
    assert tenants[8103].messages[0]["text"].startswith(tr("ar", "📣 Message from your programme team:"))
    assert tenants[8201].messages == []  # another site
    assert tenants[8102].messages == []  # account deleted


async def test_message_to_a_phase_and_cancel(running_bot, emulator):
    await running_bot.member(8002, Role.coordinator, "Claire", locale="en")
    await _tenant(running_bot, 8301, "Encagnane", phase=Phase.follow_up)
    user = emulator.user(8002, "Claire", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("📣 Message to tenants")
    await user.wait_for_messages()
    await user.press("🧭 Households in one phase")
    await user.wait_for_messages()
    await user.press(tr("en", "works"))
    [nobody] = await user.wait_for_messages()
    assert nobody["text"] == "Nobody in this group uses the assistant yet. Choose another group."
    await user.press("🧭 Households in one phase")
    await user.wait_for_messages()
    await user.press("follow-up")
    await user.wait_for_messages()
    await user.send_sticker()
    [hint] = await user.wait_for_messages()
    assert hint["text"].startswith("Please type the message as text.")
    await user.send("Bonjour")
    await user.wait_for_messages()
    await user.press("✖️ Cancel")
    await user.wait_for_messages()
    from sqlmodel import select

    from bot.models import OutboxMessage

    async with running_bot.sessionmaker() as session:
        assert (await session.exec(select(OutboxMessage))).all() == []


async def test_a_tenant_cannot_start_a_message(running_bot, emulator):
    await running_bot.member(8003, Role.tenant, "Omar", locale="en")
    user = emulator.user(8003, "Omar", language_code="en")
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    query = await user.press_data("m:ann", message_id=menu["message_id"])
    answer = await user.wait_for_answer(query)
    assert answer["text"] == "This button is no longer active. Use /menu."
    await user.press_data("annok:1", message_id=menu["message_id"])
    await user.wait_for_answer()


async def test_blocking_and_coming_back(running_bot, emulator):
    """Blocked: nothing is sent, not even tried. Back and writing: messages resume."""
    from datetime import timedelta

    from bot.services import delivery

    await _tenant(running_bot, 8401, "Encagnane")
    person = await running_bot.person(8401)
    tenant = emulator.user(8401, "T8401", language_code="fr")
    tenant.block()  # Telegram tells the bot with a my_chat_member update

    async def unreachable() -> bool:
        return (await running_bot.person(8401)).unreachable_since is not None

    await eventually(unreachable)

    tenant.unblock()
    await tenant.send("bonjour")
    await tenant.wait_for_messages()

    async def reachable() -> bool:  # the middleware commits just after the reply
        return (await running_bot.person(8401)).unreachable_since is None

    await eventually(reachable)
    async with running_bot.sessionmaker() as session:
        await delivery.schedule(
            session,
            recipient_id=person.id,
            kind="text",
            text="Rappel",
            dedup_key="r",
            now=running_bot.clock.now(),
            due_at=running_bot.clock.now() - timedelta(seconds=1),
        )
        await session.commit()
    [reminder] = await tenant.wait_for_messages(timeout=10)  # the scheduler's pump sends it
    assert reminder["text"] == "Rappel"
