"""Team management in the chat: roles, deactivation, handing households over."""

from __future__ import annotations

from sqlmodel import select

from bot.models import AuditLog, Household, Role
from bot.services import households
from tests.e2e.helpers import button_texts


async def _open_member(user, name: str):  # type: ignore[no-untyped-def]
    await user.send("/equipe")
    [listing] = await user.wait_for_messages()
    [label] = [text for text in button_texts(listing) if f" {name} · " in text]
    await user.press(label)
    [screen] = await user.wait_for_messages()
    return screen


async def test_coordinator_changes_a_role_but_cannot_make_an_admin(running_bot, emulator):
    await running_bot.member(8201, Role.coordinator, "Claire", locale="en")
    nadia = await running_bot.member(8202, Role.animator, "Nadia", locale="en")
    boss = await running_bot.member(8203, Role.admin, "Boss", locale="en")
    user = emulator.user(8201, "Claire", language_code="en")
    emulator.user(8202, "Nadia", language_code="en")  # she has a chat with the bot

    screen = await _open_member(user, "Nadia")
    assert button_texts(screen) == ["Make them coordinator", "🚫 Deactivate", "⬅️ Team"]
    await user.press("Make them coordinator")
    [done] = await user.wait_for_messages()
    assert done["text"].startswith("✅ Nadia is now coordinator.")
    assert (await running_bot.person(8202)).role is Role.coordinator
    assert [c["command"] for c in emulator.commands(scope={"type": "chat", "chat_id": 8202})][:3] == [
        "menu",
        "menages",
        "inviter",
    ]

    screen = await _open_member(user, "Boss")
    assert button_texts(screen) == ["⬅️ Team"]  # an administrator is out of a coordinator's reach
    for forged in (
        f"tmr:{boss.id}:animator",
        f"tmr:{nadia.id}:admin",
        f"tma:{boss.id}:0:1",
        f"tmh:{boss.id}:{nadia.id}",
    ):
        await user.wait_for_answer(await user.press_data(forged))
        assert user.last_message["text"] == "You cannot do this for this person."
    assert (await running_bot.person(8203)).role is Role.admin
    assert (await running_bot.person(8202)).role is Role.coordinator
    assert await emulator.wait_for_callback_answers() == []


async def test_deactivated_animator_loses_access_and_their_households_are_handed_over(running_bot, emulator):
    await running_bot.member(8211, Role.admin, "Alice", locale="en")
    omar = await running_bot.member(8212, Role.animator, "Omar", locale="en")
    nadia = await running_bot.member(8213, Role.animator, "Nadia", locale="en")
    async with running_bot.sessionmaker() as session:
        for reference in ("H-1", "H-2"):
            await households.create_household(session, reference=reference, site="x", animator_id=omar.id)
        await session.commit()
    omar_user = emulator.user(8212, "Omar", language_code="en")
    await omar_user.send("/menages")
    [before] = await omar_user.wait_for_messages()
    assert "H-1" in before["text"]

    user = emulator.user(8211, "Alice", language_code="en")
    screen = await _open_member(user, "Omar")
    assert "Households followed: 2" in screen["text"]
    assert button_texts(screen) == [
        "Make them coordinator",
        "Make them administrator",
        "🚫 Deactivate",
        "🔁 Hand over their households",
        "⬅️ Team",
    ]
    await user.press("🚫 Deactivate")
    await user.wait_for_messages()
    await user.press("🚫 Yes, deactivate")
    [done] = await user.wait_for_messages()
    assert done["text"].startswith("🚫 Omar is deactivated.")
    assert emulator.commands(scope={"type": "chat", "chat_id": 8212}) == []

    await omar_user.send("/menages")
    [after] = await omar_user.wait_for_messages()
    assert "H-1" not in after["text"]  # treated as a stranger now

    await user.press("🔁 Hand over their households")
    [choice] = await user.wait_for_messages()
    assert button_texts(choice) == ["Nadia", "⬅️ Back"]
    await user.press("Nadia")
    [handed] = await user.wait_for_messages()
    assert handed["text"].startswith("✅ 2 households handed over.")
    async with running_bot.sessionmaker() as session:
        assert {
            h.animator_id for h in (await session.exec(select(Household))).all() if h.reference.startswith("H-")
        } == {nadia.id}
        actions = [e.action for e in (await session.exec(select(AuditLog).order_by(AuditLog.id))).all()]
    assert actions[-2:] == ["staff.deactivate", "household.reassign"]

    await user.press("✅ Reactivate")
    [back] = await user.wait_for_messages()
    assert back["text"].startswith("✅ Omar is active again.")
    assert (await running_bot.person(8212)).active
