"""What coordinators and funders read, end to end: an Arabic chart whose words look as a shaping
engine draws them, and the programme report ("Bilan") with no data and with one answer: "no data"
instead of 0, n beside every share and average, numbers in the reader's locale, numeric cells
and clean sheet names in the workbook, "went on" counted in households."""

from __future__ import annotations

import io
from datetime import timedelta

import numpy as np
import pytest
from openpyxl import load_workbook
from PIL import Image

from bot.models import QuestionnaireAnswer, QuestionnaireAssignment, Role
from bot.services.charts import BAR_COLOUR
from handlers.questionnaires.callbacks import ReportCallback, ReportView
from tests import factories
from tests.e2e.helpers import tr
from tests.figures import first_line, reference, similarity

IDS = sorted(["after_visit", "after_workshop", "closing", "followup_3m"])
BAR_RGB = tuple(int(BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5))


async def _answered(running_bot, questionnaire_id: str, tenant, key: str, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    now = running_bot.clock.now()
    async with running_bot.sessionmaker() as session:
        assignment = QuestionnaireAssignment(
            questionnaire_id=questionnaire_id,
            person_id=tenant.id,
            household_id=tenant.household_id,
            trigger_key=key,
            due_at=now - timedelta(days=2),
            started_at=now - timedelta(days=1),
            completed_at=now - timedelta(days=1),
            anonymous=questionnaire_id == "closing",
        )
        session.add(assignment)
        await session.flush()
        for question_id, value in values.items():
            session.add(
                QuestionnaireAnswer(
                    assignment_id=assignment.id,
                    question_id=question_id,
                    value=value,
                    answered_at=now - timedelta(days=1),
                )
            )
        await session.commit()


def _bar_pixels(png: bytes) -> int:
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    return int((rgb == BAR_RGB).all(axis=-1).sum())


async def _bilan(user, emulator, locale: str = "fr"):  # type: ignore[no-untyped-def]
    """Menu → Replies → Programme report → last 12 months: the chart, then the workbook."""
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr(locale, "📊 Replies"))
    await user.wait_for_messages()
    await user.press(tr(locale, "📑 Programme report (Bilan)"))
    await user.wait_for_messages()
    await user.press(tr(locale, "last 12 months"))
    photo, document = await user.wait_for_messages(2, timeout=30)
    png = emulator.files[photo["photo"][-1]["file_id"]]
    workbook = load_workbook(io.BytesIO(emulator.files[document["document"]["file_id"]]))
    return photo["caption"], png, workbook


async def test_an_arabic_chart_reads_right_to_left_with_joined_letters(running_bot, emulator, library):
    await running_bot.member(9901, Role.coordinator, "Salma", locale="ar")
    tenant = await factories.tenant(running_bot, 9902, reference="AR-1", locale="ar")
    await _answered(running_bot, "after_visit", tenant, "ar-1", {"useful": "5", "next_steps": "yes"})
    user = emulator.user(9901, "Salma", language_code="ar")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("ar", "📊 Replies"))
    [listing] = await user.wait_for_messages()
    title = library.questionnaires.get("after_visit", "ar").title
    await user.press(title, message=listing)
    [chart] = await user.wait_for_messages(timeout=20)
    png = emulator.files[chart["photo"][-1]["file_id"]]
    seen = first_line(png)  # the chart's title, as drawn
    assert similarity(seen, reference(title, points=18)) > 0.8
    assert similarity(seen, reference(title[::-1], points=18)) < 0.5
    # The caption's numbers as the Arabic locale writes them, with their n.
    assert "(n = 1 إجابة)" in chart["caption"]


async def test_the_bilan_with_no_data_says_so_and_never_shows_0(running_bot, emulator):
    await running_bot.member(9910, Role.coordinator, "Claire", locale="fr")
    user = emulator.user(9910, "Claire", language_code="fr")
    caption, png, workbook = await _bilan(user, emulator)
    no_data, n_0 = tr("fr", "no data"), "(n = 0 ménage)"
    assert f"{tr('fr', 'Share in priority neighbourhoods')} : {no_data} {n_0}" in caption
    assert f"{tr('fr', 'Households who went on with works on their own')} : {no_data} {n_0}" in caption
    assert "0 %" not in caption and "0,0" not in caption
    assert _bar_pixels(png) == 0  # no bar of 0 drawn for what is missing
    assert workbook.sheetnames == [tr("fr", "Programme report"), tr("fr", "Impact figures"), tr("fr", "Impact chart")]
    assert all("  " not in name and len(name) <= 31 for name in workbook.sheetnames)
    table = {row[0]: row[1:] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert table[tr("fr", "Indicator")] == (tr("fr", "Value"), "n", tr("fr", "n is the number of"))
    assert table[tr("fr", "Households accompanied")] == (0, None, None)  # a count of nothing is 0
    assert table[tr("fr", "Share in priority neighbourhoods")] == (no_data, 0, "ménages")
    assert table[tr("fr", "Households who went on with works on their own")] == (no_data, 0, "ménages")
    satisfaction = tr("fr", "Impact (average / 5): {label}").format(label="Satisfaction")
    assert table[satisfaction] == (no_data, 0, "réponses")
    figures = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert figures and all(average is None and n == 0 for _label, average, n in figures)  # empty, not 0


async def test_the_bilan_with_one_answer_gives_its_n_in_french_numbers(running_bot, emulator):
    await running_bot.member(9920, Role.coordinator, "Claire", locale="fr")
    first = await factories.tenant(running_bot, 9921, reference="B-1", qpv=True)
    await factories.tenant(running_bot, 9922, reference="B-2")
    await factories.tenant(running_bot, 9923, reference="B-3")
    await _answered(running_bot, "followup_3m", first, "f-1", {"other_works": "yes", "need_help": "no"})
    await _answered(running_bot, "closing", first, "c-1", {"satisfaction": "4", "skills": "5"})
    user = emulator.user(9920, "Claire", language_code="fr")
    caption, png, workbook = await _bilan(user, emulator)
    assert f"{tr('fr', 'Share in priority neighbourhoods')} : 33,3\u00a0% (n = 3 ménages)" in caption
    assert f"{tr('fr', 'Households who went on with works on their own')} : 100\u00a0% (n = 1 ménage)" in caption
    assert _bar_pixels(png) > 0
    table = {row[0]: row[1:] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    share = table[tr("fr", "Share in priority neighbourhoods")]
    assert share == (pytest.approx(1 / 3), 3, "ménages") and isinstance(share[0], float)
    assert table[tr("fr", "Households who went on with works on their own")] == (1, 1, "ménages")
    satisfaction = tr("fr", "Impact (average / 5): {label}").format(label="Satisfaction")
    assert table[satisfaction] == (4, 1, "réponses")
    cells = {row[0].value: row[1] for row in workbook.worksheets[0].iter_rows() if row[0].value}
    assert cells[tr("fr", "Share in priority neighbourhoods")].number_format == "0.0%"  # Excel shows it in its locale
    # The closing questionnaire's export: scores are numbers, not text.
    await user.press_data(ReportCallback(questionnaire=IDS.index("closing"), view=ReportView.xlsx).pack())
    [document] = await user.wait_for_messages(timeout=20)
    export = load_workbook(io.BytesIO(emulator.files[document["document"]["file_id"]]), read_only=True)
    answers = [row[4] for row in list(export.active.iter_rows(values_only=True))[1:]]
    assert sorted(answers) == [4, 5] and all(isinstance(answer, int) for answer in answers)
