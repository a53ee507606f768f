"""/journal: administrators read and export the audit log; nobody else can."""

from __future__ import annotations

import csv
import io

from sqlmodel import select

from bot.models import AuditLog, Role
from bot.services import audit
from tests.e2e.helpers import button_texts


async def test_admin_pages_through_and_exports_the_journal(running_bot, emulator):
    admin = await running_bot.member(8101, Role.admin, "Alice-Admin", locale="en")
    async with running_bot.sessionmaker() as session:
        for index in range(12):
            await audit.record(
                session,
                "invite.create",
                actor_id=admin.id,
                target_type="invite",
                target_id=index,
                details="role=tenant",
                now=running_bot.clock.now(),
            )
        await session.commit()
    user = emulator.user(8101, "Alice-Admin", language_code="en")
    await user.send("/journal")
    [first] = await user.wait_for_messages()
    assert first["text"].startswith("Journal (1–10 of 14, newest first)")
    assert f"administrator #{admin.id}" in first["text"] and "Alice-Admin" not in first["text"]
    assert "24/11/2026 10:00" in first["text"]  # Paris time, stored 09:00 UTC
    assert button_texts(first) == ["Older ▶️", "📥 Export (CSV)", "⬅️ Main menu"]
    await user.press("Older ▶️")
    [second] = await user.wait_for_messages()
    assert second["text"].startswith("Journal (11–14 of 14")
    assert "system" in second["text"]  # the test set-up's household, made with no actor

    await user.press("📥 Export (CSV)")
    [document] = await user.wait_for_messages()
    assert document["document"]["file_name"] == "journal-2026-11-24.csv"
    rows = list(csv.DictReader(io.StringIO(emulator.files[document["document"]["file_id"]].decode("utf-8-sig"))))
    assert len(rows) == 15 and rows[-1]["action"] == "audit.export" and rows[-1]["actor_role"] == "admin"
    assert rows[0]["at_local"] == "2026-11-24 10:00:00"
    assert await emulator.wait_for_callback_answers() == []


async def test_only_admins_read_the_journal(running_bot, emulator):
    for telegram_id, role in ((8102, Role.coordinator), (8103, Role.animator), (8104, Role.tenant)):
        await running_bot.member(telegram_id, role, "Sam", locale="en")
        user = emulator.user(telegram_id, "Sam", language_code="en")
        await user.send("/journal")
        [reply] = await user.wait_for_messages()
        assert reply["text"] == "Sorry, I did not understand. Please use the buttons."
        for forged in ("m:jrn", "m:jrx", "jrp:0"):
            query_id = await user.press_data(forged, message_id=reply["message_id"])
            answer = await user.wait_for_answer(query_id)
            assert answer["text"] == "This button is no longer active. Use /menu."
    async with running_bot.sessionmaker() as session:
        actions = {entry.action for entry in (await session.exec(select(AuditLog))).all()}
    assert "audit.export" not in actions
