"""Questionnaires without Telegram: the files and their check, the triggers (on_visit_done
is what the visits service calls), answers and skip logic, reports on anonymous answers."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from bot.models import OutboxMessage, Person, Phase, QuestionnaireAssignment, Role
from bot.services import (
    questionnaire_reports,
    questionnaire_triggers,
    questionnaires,
)
from bot.services.content import check_content, default_content_root
from bot.services.content.questionnaires import load_questionnaires
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW

PARIS = ZoneInfo("Europe/Paris")
SHIPPED = default_content_root()


def test_shipped_questionnaires_are_valid_and_the_same_in_every_language():
    found, problems = load_questionnaires(SHIPPED)
    assert [str(p) for p in problems] == []
    assert found.ids() == ["after_visit", "after_workshop", "closing", "followup_3m", "start_baseline"]
    assert len(found.get("after_visit", "ar").questions) == 3
    closing = found.get("closing", "fr")
    assert closing.anonymous and {q.id for q in closing.questions} >= {
        "satisfaction",
        "skills",
        "confidence",
        "autonomy",
        "family",
        "neighbours",
        "improve",
    }
    for locale in ("fr", "ar", "en"):
        followup = found.get("followup_3m", locale)
        assert [q.kind for q in followup.questions] == ["yes_no", "multiple", "yes_no", "text"]
        assert followup.question("which_works").skip_if.values == ("no",)


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("    kind: scale\n", "    kind: stars\n", 6, "'kind' must be one of"),
        ("    flag: lowest\n", "    flag: highest\n", 6, "'flag' is 'lowest'"),
        ("    label: Visit useful\n", "    label: " + "x" * 50 + "\n", 6, "'label' must be 1 to 40"),
        ("  - id: next_steps\n", "  - id: useful\n", 12, "is used twice"),
        ("    scale: useful\n", "    scale: stars\n", 6, "'scale' is for scale questions"),
        (
            "    optional: true\n",
            "    optional: true\n    not_concerned: true\n",
            16,
            "'not_concerned' is true or false",
        ),
        ("anonymous: false\n", "anonymous: true\n", 1, "cannot flag"),
        (
            "    optional: true\n",
            "    optional: true\n    skip_if: {question: later, in: [yes]}\n",
            16,
            "earlier question",
        ),
    ],
)
def test_questionnaire_problems_are_reported_with_file_and_line(tmp_path, old, new, line, fragment):
    root = tmp_path / "content"
    shutil.copytree(SHIPPED / "questionnaires", root / "questionnaires")
    for locale in ("fr", "ar", "en"):  # the same change everywhere: only this problem, not a translation drift
        path = root / "questionnaires" / locale / "after_visit.yaml"
        text = path.read_text(encoding="utf-8")
        if locale == "en":
            assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = load_questionnaires(root)
    english = root / "questionnaires" / "en" / "after_visit.yaml"
    assert any(p.path == english and p.line == line and fragment in p.message for p in problems), [
        str(p) for p in problems
    ]


def test_a_translation_that_drifts_from_french_is_reported(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SHIPPED / "questionnaires", root / "questionnaires")
    path = root / "questionnaires" / "ar" / "followup_3m.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("key: tiling", "key: tiles"), encoding="utf-8")
    (root / "questionnaires" / "en" / "closing.yaml").unlink()
    _, problems = load_questionnaires(root)
    messages = {(p.path.relative_to(root).as_posix(), p.message.split(":")[0]) for p in problems}
    assert ("questionnaires/ar/followup_3m.yaml", "questions differ from the French reference") in messages
    assert ("questionnaires/fr/closing.yaml", "missing translation") in messages
    assert [str(p) for p in check_content(SHIPPED)] == []


def test_add_months_keeps_the_day_or_takes_the_last_one():
    assert questionnaire_triggers.add_months(date(2026, 11, 24), 3) == date(2027, 2, 24)
    assert questionnaire_triggers.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert questionnaire_triggers.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


async def _household(session, reference: str, tenants: int = 2) -> tuple[int, list[Person]]:  # type: ignore[no-untyped-def]
    household = await factories.household(session, reference, "Nord", phase=Phase.works)
    found = [
        await factories.tenant(
            session, hash(reference) % 10**6 * 10 + number, household=household, name=f"{reference}-{number}"
        )
        for number in range(tenants)
    ]
    return household.id, found


async def test_on_visit_done_sends_after_visit_to_every_tenant_next_morning_once(session):
    household_id, tenants = await _household(session, "V-1")
    stranger = Person(telegram_id=4242, name="Not consented", role=Role.tenant, household_id=household_id)
    session.add(stranger)
    evening = datetime(2026, 11, 24, 19, 30, tzinfo=UTC)  # 20:30 in Paris
    for _ in range(2):
        await questionnaire_triggers.on_visit_done(
            session, household_id=household_id, visit_id=9, kind="works", done_at=evening, tz=PARIS
        )
    rows = (await session.exec(select(QuestionnaireAssignment).order_by(col(QuestionnaireAssignment.id)))).all()
    assert [(a.person_id, a.questionnaire_id, a.due_at) for a in rows] == [
        (tenant.id, "after_visit", datetime(2026, 11, 25, 9, 0, tzinfo=UTC)) for tenant in tenants
    ]
    outbox = (
        await session.exec(select(OutboxMessage.kind, OutboxMessage.due_at).order_by(col(OutboxMessage.id)))
    ).all()
    assert sorted(outbox) == sorted(
        [("questionnaire.invite", datetime(2026, 11, 25, 9, 0, tzinfo=UTC))] * 2
        + [("questionnaire.reminder", datetime(2026, 11, 28, 9, 0, tzinfo=UTC))] * 2
    )


async def test_on_visit_done_of_a_closing_visit_sends_the_review_and_the_3_month_follow_up(session):
    household_id, [tenant] = await _household(session, "V-2", tenants=1)
    # Summer time in Paris when the follow-up comes: 10:00 is then 08:00 UTC.
    done = datetime(2027, 3, 5, 15, 0, tzinfo=UTC)
    await questionnaire_triggers.on_visit_done(
        session, household_id=household_id, visit_id=10, kind="closing", done_at=done, tz=PARIS
    )
    rows = (
        await session.exec(select(QuestionnaireAssignment).where(QuestionnaireAssignment.person_id == tenant.id))
    ).all()
    assert {a.questionnaire_id: a.due_at for a in rows} == {
        "closing": datetime(2027, 3, 6, 9, 0, tzinfo=UTC),
        "followup_3m": datetime(2027, 6, 5, 8, 0, tzinfo=UTC),
    }


async def test_attendance_ticked_late_sends_the_next_morning_and_a_slip_is_taken_back(session):
    household_id, [tenant] = await _household(session, "V-3", tenants=1)
    late = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)  # 18:30 in Paris
    await questionnaire_triggers.on_attendance(
        session, workshop_id=5, person_id=tenant.id, attended=True, now=late, tz=PARIS
    )
    [assignment] = (await session.exec(select(QuestionnaireAssignment))).all()
    assert assignment.due_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    await questionnaire_triggers.on_attendance(
        session, workshop_id=5, person_id=tenant.id, attended=False, now=late, tz=PARIS
    )
    assert (await session.exec(select(QuestionnaireAssignment))).all() == []
    assert (await session.exec(select(OutboxMessage))).all() == []
    assert household_id


async def test_answers_skip_logic_forged_values_and_anonymous_reports(session, library):
    household_id, [tenant] = await _household(session, "V-4", tenants=1)
    followup = library.questionnaires.get("followup_3m", "fr")
    assignment = await questionnaires.assign(
        session,
        questionnaire_id="followup_3m",
        person_id=tenant.id,
        household_id=household_id,
        trigger_key="t:1",
        due_at=NOW,
        now=NOW,
    )
    await questionnaires.start(session, assignment, followup, now=NOW)
    assert (await questionnaires.save(session, assignment, followup, 0, value="yes", now=NOW)).position == 1
    with pytest.raises(ValueError):
        await questionnaires.save(session, assignment, followup, 1, value="painting,roof", now=NOW)
    with pytest.raises(ValueError):
        await questionnaires.save(session, assignment, followup, 2, value=None, now=NOW)  # not optional
    assert (
        await questionnaires.save(session, assignment, followup, 1, value="repairs,painting", now=NOW)
    ).position == 2
    given = await questionnaires.answers(session, assignment.id)
    assert given["which_works"].value == "painting,repairs"  # the file's order, whatever the taps' order
    saved = await questionnaires.save(session, assignment, followup, 0, value="no", now=NOW)
    assert saved.position == 2  # the next question not answered yet
    assert "which_works" not in await questionnaires.answers(session, assignment.id)
    # The closing review is anonymous: reports do not split it by site.
    closing = library.questionnaires.get("closing", "fr")
    anonymous = await questionnaires.assign(
        session,
        questionnaire_id="closing",
        person_id=tenant.id,
        household_id=household_id,
        trigger_key="t:2",
        due_at=NOW - timedelta(days=1),
        now=NOW,
    )
    await questionnaires.start(session, anonymous, closing, now=NOW)
    assert anonymous.anonymous
    await questionnaires.save(session, anonymous, closing, 0, value="1", now=NOW)  # lowest: no alert, nobody to call
    flags = (await session.exec(select(OutboxMessage).where(OutboxMessage.kind == questionnaires.FLAG))).all()
    assert flags == []
    reader = Person(telegram_id=0, name="Coordinator", role=Role.coordinator)
    summary = await questionnaire_reports.summary(
        session, closing, questionnaire_reports.Filters(site="Sud"), reader=reader, now=NOW
    )
    assert summary.not_split and summary.sent == 1 and summary.stats[0].counts == {"1": 1}


def test_chart_text_drops_emoji_and_the_chart_is_a_tall_png():
    # What an Arabic reader sees in a chart: tests/services/test_report_figures.py.
    from bot.services.charts import Panel, chart_text, panels_png

    assert chart_text("😄 Très satisfait") == "Très satisfait"
    assert chart_text("🌡 Économiser l'énergie") == "Économiser l'énergie"
    png = panels_png("رأيك في الزيارة", [Panel("فائدة الزيارة", ["😄 راضٍ جدًا", "🙂 راضٍ"], [3, 1], "المتوسط 4.5")])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == 720 and height >= 300


async def test_the_first_meeting_sends_the_baseline_once_then_the_usual_opinion(session):
    household_id, tenants = await _household(session, "V-5")
    evening = datetime(2026, 11, 24, 19, 30, tzinfo=UTC)
    for visit_id in (11, 12):  # a second tripartite visit: the baseline was already sent
        await questionnaire_triggers.on_visit_done(
            session, household_id=household_id, visit_id=visit_id, kind="tripartite", done_at=evening, tz=PARIS
        )
    rows = (await session.exec(select(QuestionnaireAssignment).order_by(col(QuestionnaireAssignment.id)))).all()
    next_morning = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert [(a.person_id, a.questionnaire_id, a.due_at) for a in rows] == [
        (tenant.id, "start_baseline", next_morning) for tenant in tenants
    ] + [(tenant.id, "after_visit", next_morning) for tenant in tenants]


async def test_new_scales_and_not_concerned_answers_are_kept_apart_from_averages(session, library):
    household_id, [tenant] = await _household(session, "V-6", tenants=1)
    workshop = library.questionnaires.get("after_workshop", "fr")
    liked = workshop.question("liked")
    assert liked.scale == "faces" and questionnaires.value_of(liked, 2) is None  # 😟 😐 🙂 score 1, 3, 5
    assert [questionnaires.value_of(liked, n) for n in (1, 3, 5)] == ["1", "3", "5"]
    assert library.questionnaires.get("after_visit", "fr").question("useful").scale == "useful"
    closing = library.questionnaires.get("closing", "fr")
    family = closing.question("family")
    assert family.not_concerned and not family.optional
    assert questionnaires.value_of(family, questionnaires.NOT_CONCERNED_NUMBER) == "na"
    assert questionnaires.value_of(closing.question("satisfaction"), questionnaires.NOT_CONCERNED_NUMBER) is None
    reader = Person(telegram_id=0, name="Coordinator", role=Role.coordinator)
    for number, family_value in enumerate(("na", "4", "2")):
        assignment = await questionnaires.assign(
            session,
            questionnaire_id="closing",
            person_id=tenant.id,
            household_id=household_id,
            trigger_key=f"na:{number}",
            due_at=NOW - timedelta(days=1),
            now=NOW,
        )
        await questionnaires.start(session, assignment, closing, now=NOW)
        index = closing.questions.index(family)
        await questionnaires.save(session, assignment, closing, index, value=family_value, now=NOW)
    with pytest.raises(ValueError):  # "not concerned" is only where the file offers it
        await questionnaires.save(session, assignment, closing, 0, value="na", now=NOW)
    stored = await questionnaires.answers(session, assignment.id)
    assert stored["family"].value == "2"
    summary = await questionnaire_reports.summary(
        session, closing, questionnaire_reports.Filters(), reader=reader, now=NOW
    )
    family_stats = next(stats for stats in summary.stats if stats.question.id == "family")
    assert family_stats.counts == {"4": 1, "2": 1} and family_stats.average == 3.0  # "na" left out
