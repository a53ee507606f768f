"""Follow-up questionnaires end to end: each trigger sends the right questionnaire once, a
reminder once then silence, answering every kind of question with skip logic and changes,
leaving halfway and resuming after a restart, the team told of a reply that needs a call
back, and the coordinators' chart, exports and programme report parsed back."""

from __future__ import annotations

import csv
import functools
import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from bot.models import (
    OutboxMessage,
    OutboxStatus,
    Phase,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    Role,
    RsvpAnswer,
    Visit,
    VisitKind,
    VisitStatus,
    WorkshopTheme,
)
from bot.services import (
    households,
    questionnaire_triggers,
    questionnaires,
    rsvp,
    workshops,
)
from bot.services.questionnaire_reports import Period
from bot.services.workshops import Draft
from handlers.questionnaires.callbacks import BilanCallback, ReportCallback, ReportView
from tests import factories
from tests.e2e.conftest import RunningBot, start_bot
from tests.e2e.helpers import button_texts, eventually, tr
from tests.factories import assignments as _assignments

PNG = b"\x89PNG\r\n\x1a\n"


_household_with_tenant = functools.partial(factories.tenant, locale="en")


async def _outbox(running_bot: RunningBot, person_id: int) -> list[OutboxMessage]:
    return await factories.outbox(running_bot, recipient_id=person_id)


async def _visit_done(running_bot, household_id: int, visit_id: int, kind: str = "works") -> None:
    async with running_bot.sessionmaker() as session:
        await questionnaire_triggers.on_visit_done(
            session,
            household_id=household_id,
            visit_id=visit_id,
            kind=kind,
            done_at=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await session.commit()


async def test_a_done_visit_sends_after_visit_next_morning_once_then_one_reminder_then_silence(running_bot, emulator):
    tenant = await _household_with_tenant(running_bot, 9801, reference="Q-1")
    user = emulator.user(9801, "T", language_code="en")
    await _visit_done(running_bot, tenant.household_id, visit_id=41)
    await _visit_done(running_bot, tenant.household_id, visit_id=41)  # marked done twice: one questionnaire
    [assignment] = await _assignments(running_bot, tenant.id)
    assert assignment.questionnaire_id == "after_visit"
    # Tuesday 10:00 in Paris → Wednesday 10:00 in Paris (09:00 UTC).
    assert assignment.due_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    running_bot.clock.advance(timedelta(hours=23, minutes=59))
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    await user.press("📝 My opinion", message=menu)
    [none] = await user.wait_for_messages()
    assert "No questionnaire is waiting" in none["text"]
    running_bot.clock.advance(timedelta(minutes=1))
    [invitation] = await user.wait_for_messages()
    assert "Your opinion on the visit" in invitation["text"] and button_texts(invitation) == ["📝 Answer"]
    running_bot.clock.advance(timedelta(days=3))
    [reminder] = await user.wait_for_messages()
    assert "reminder" in reminder["text"] and button_texts(reminder) == ["📝 Answer"]
    running_bot.clock.advance(timedelta(days=30))
    await user.send("/menu")
    await user.wait_for_messages()  # only the menu: nothing more about the questionnaire

    async def both_sent() -> bool:
        rows = [row for row in await _outbox(running_bot, tenant.id) if row.kind.startswith("questionnaire.")]
        return [(row.kind, row.status) for row in rows] == [
            ("questionnaire.invite", OutboxStatus.sent),
            ("questionnaire.reminder", OutboxStatus.sent),
        ]

    await eventually(both_sent)


async def test_closing_visit_and_follow_up_phase_send_the_closing_review_once_and_the_3_month_follow_up(running_bot):
    tenant = await _household_with_tenant(running_bot, 9802, reference="Q-2")
    async with running_bot.sessionmaker() as session:
        household = await households.get_by_reference(session, "Q-2")
        assert await households.set_phase(
            session, household, Phase.follow_up, now=running_bot.clock.now(), tz=running_bot.settings.tz
        )
        await session.commit()
    await _visit_done(running_bot, tenant.household_id, visit_id=77, kind="closing")
    found = {a.questionnaire_id: a.due_at for a in await _assignments(running_bot, tenant.id)}
    assert found == {
        "closing": datetime(2026, 11, 25, 9, 0, tzinfo=UTC),  # once, though two triggers fired
        "followup_3m": datetime(2027, 2, 24, 9, 0, tzinfo=UTC),  # three months later, 10:00 in Paris
    }


async def test_answering_every_kind_with_skip_logic_changes_and_the_team_told(running_bot, emulator):
    coordinator = await running_bot.member(9810, Role.coordinator, "Claire", locale="en")
    animator = await running_bot.member(9811, Role.animator, "Nadia", locale="en")
    tenant = await _household_with_tenant(running_bot, 9812, reference="Q-3", animator_id=animator.id)
    staff_user = emulator.user(9810, "Claire", language_code="en")
    animator_user = emulator.user(9811, "Nadia", language_code="en")
    async with running_bot.sessionmaker() as session:
        await questionnaires.assign(
            session,
            questionnaire_id="followup_3m",
            person_id=tenant.id,
            household_id=tenant.household_id,
            trigger_key="test:followup",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        await session.commit()
    user = emulator.user(9812, "T", language_code="en")
    [invitation] = await user.wait_for_messages()
    await user.press("📝 Answer", message=invitation)
    [first] = await user.wait_for_messages()
    assert "1/4" in first["text"] and "other works" in first["text"]
    await user.press("👍 Yes")
    [which] = await user.wait_for_messages()
    assert "2/4" in which["text"]
    await user.press("✅ Done")
    answer = await user.wait_for_answer()
    assert answer["text"] == "Please tick at least one answer."
    await user.press("⬜ 🎨 Painting")
    await user.wait_for_messages()
    await user.press("⬜ 🚰 Plumbing")
    ticked = (await user.wait_for_messages())[0]
    assert "☑️ 🎨 Painting" in button_texts(ticked) and "☑️ 🚰 Plumbing" in button_texts(ticked)
    await user.press("✅ Done")
    [help_question] = await user.wait_for_messages()
    assert "3/4" in help_question["text"]
    await user.press("👍 Yes")  # needs help: the team hears of it at once
    [comment] = await user.wait_for_messages()
    assert "Type your answer" in comment["text"] and "⏭ Skip" in button_texts(comment)
    await user.send("The bathroom tap <still> leaks")
    [review] = await user.wait_for_messages()
    assert "Please check your answers" in review["text"] and "🎨 Painting, 🚰 Plumbing" in review["text"]
    for person_user in (staff_user, animator_user):
        [alert] = await person_user.wait_for_messages()
        assert "needs a call back" in alert["text"] and "Q-3" in alert["text"] and "Do you need help" in alert["text"]
        assert "T9812" not in alert["text"]  # the household's reference, never the person's name
    # Change the first answer: "which works" no longer applies and its answer goes.
    await user.press("✏️ Change: Works on their own")
    [again] = await user.wait_for_messages()
    assert "✅ 👍 Yes" in button_texts(again)
    await user.press("👎 No")
    [review] = await user.wait_for_messages()
    assert "Please check your answers" in review["text"] and "Painting" not in review["text"]
    await user.press("📨 Send my answers")
    [thanks] = await user.wait_for_messages()
    assert "Thank you" in thanks["text"]
    [assignment] = await _assignments(running_bot, tenant.id)
    assert assignment.completed_at == running_bot.clock.now()
    async with running_bot.sessionmaker() as session:
        stored = {a.question_id: (a.value, a.text) for a in (await session.exec(select(QuestionnaireAnswer))).all()}
    assert stored == {
        "other_works": ("no", None),
        "need_help": ("yes", None),
        "comment": (None, "The bathroom tap <still> leaks"),
    }
    reminder = [r for r in await _outbox(running_bot, tenant.id) if r.kind == "questionnaire.reminder"]
    assert [r.status for r in reminder] == [OutboxStatus.cancelled]  # answered: no reminder
    assert coordinator.id and animator.id


async def test_workshop_attendance_sends_after_workshop_and_a_halfway_questionnaire_resumes_after_a_restart(
    emulator, database_url, sessionmaker, clock, library
):
    async with start_bot(emulator, database_url, sessionmaker, clock, library) as running_bot:
        tenant = await _household_with_tenant(running_bot, 9820, reference="Q-4")
        user = emulator.user(9820, "T", language_code="en")  # the chat exists before the pump sends
        async with running_bot.sessionmaker() as session:
            [workshop] = await workshops.create(
                session,
                Draft(
                    theme=WorkshopTheme.diy,
                    title="Peinture",
                    starts_at=clock.now() + timedelta(hours=1),
                    place="Centre",
                    capacity=5,
                ),
                created_by_id=None,
                now=clock.now(),
                tz=running_bot.settings.tz,
            )
            await rsvp.answer(session, workshop, tenant, RsvpAnswer.yes, now=clock.now(), tz=running_bot.settings.tz)
            row = await rsvp.get(session, workshop.id, tenant.id)
            tz = running_bot.settings.tz
            clock.advance(timedelta(hours=4))  # 14:00 in Paris: ticked present
            assert await rsvp.toggle_attendance(session, workshop.id, row.id, now=clock.now(), tz=tz) is True
            assert await rsvp.toggle_attendance(session, workshop.id, row.id, now=clock.now(), tz=tz) is False  # a slip
            assert await rsvp.toggle_attendance(session, workshop.id, row.id, now=clock.now(), tz=tz) is True
            await session.commit()
        [assignment] = await _assignments(running_bot, tenant.id)
        assert assignment.questionnaire_id == "after_workshop"
        assert assignment.due_at == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # 18:00 in Paris, same day
        clock.advance(timedelta(hours=4))
        [invitation] = await user.wait_for_messages()
        await user.press("📝 Answer", message=invitation)
        await user.wait_for_messages()
        await user.press("🙂 Good")
        [learned] = await user.wait_for_messages()
        assert "2/4" in learned["text"]
    # A new bot process on the same database: the questionnaire resumes at question 2.
    async with start_bot(emulator, database_url, sessionmaker, clock, library):
        await user.send("/menu")
        await user.wait_for_messages()
        await user.press("📝 My opinion")
        [listing] = await user.wait_for_messages()
        await user.press("▶️ Your opinion on the workshop", message=listing)
        [resumed] = await user.wait_for_messages()
        assert "2/4" in resumed["text"] and "learn something" in resumed["text"]
        await user.press("⬅️ Previous question")
        [first] = await user.wait_for_messages()
        assert "✅ 🙂 Good" in button_texts(first)
        await user.press("✅ 🙂 Good")
        await user.wait_for_messages()
        await user.press("👎 No")
        [theme] = await user.wait_for_messages()
        await user.press("💡 Electricity", message=theme)
        await user.wait_for_messages()
        await user.press("⏭ Skip")
        [review] = await user.wait_for_messages()
        assert "(skipped)" in review["text"]
        await user.press("📨 Send my answers")
        await user.wait_for_messages()
    async with sessionmaker() as session:
        stored = {a.question_id: a.value for a in (await session.exec(select(QuestionnaireAnswer))).all()}
    assert stored == {"liked": "5", "learned": "no", "next_theme": "electricity", "comment": None}  # 🙂 scores 5


async def _answered(
    session, questionnaire_id: str, person_id: int, household_id: int, key: str, values: dict, now
) -> None:  # type: ignore[no-untyped-def]
    assignment = QuestionnaireAssignment(
        questionnaire_id=questionnaire_id,
        person_id=person_id,
        household_id=household_id,
        trigger_key=key,
        due_at=now - timedelta(days=2),
        started_at=now - timedelta(days=1),
        completed_at=now - timedelta(days=1),
        anonymous=questionnaire_id == "closing",
    )
    session.add(assignment)
    await session.flush()
    for question_id, (value, text) in values.items():
        session.add(
            QuestionnaireAnswer(
                assignment_id=assignment.id,
                question_id=question_id,
                value=value,
                text=text,
                answered_at=now - timedelta(days=1),
            )
        )


async def test_coordinators_read_a_chart_exports_and_the_programme_report_anonymous_stays_anonymous(
    running_bot, emulator
):
    await running_bot.member(9830, Role.coordinator, "Claire", locale="en")
    first = await _household_with_tenant(running_bot, 9831, reference="Q-51", site="Nord", qpv=True)
    second = await _household_with_tenant(running_bot, 9832, reference="Q-52", site="Sud")
    third = await _household_with_tenant(running_bot, 9833, reference="Q-53", site="Sud")
    now = running_bot.clock.now()
    closing = {
        "satisfaction": ("5", None),
        "skills": ("4", None),
        "confidence": ("3", None),
        "autonomy": ("4", None),
        "family": ("5", None),
        "neighbours": ("yes", None),
        "improve": (None, "Plus d'ateliers le samedi"),
    }
    async with running_bot.sessionmaker() as session:
        await _answered(session, "closing", first.id, first.household_id, "c1", closing, now)
        await _answered(
            session,
            "closing",
            second.id,
            second.household_id,
            "c2",
            {**closing, "satisfaction": ("3", None), "neighbours": ("no", None)},
            now,
        )
        session.add(
            QuestionnaireAssignment(
                questionnaire_id="closing",
                person_id=third.id,
                household_id=third.household_id,
                trigger_key="c3",
                due_at=now - timedelta(days=2),
            )
        )
        await _answered(
            session,
            "followup_3m",
            first.id,
            first.household_id,
            "f1",
            {"other_works": ("yes", None), "which_works": ("painting,repairs", None), "need_help": ("no", None)},
            now,
        )
        await _answered(
            session,
            "followup_3m",
            second.id,
            second.household_id,
            "f2",
            {"other_works": ("no", None), "need_help": ("no", None)},
            now,
        )
        for status in (VisitStatus.done, VisitStatus.done, VisitStatus.missed):
            session.add(
                Visit(
                    household_id=first.household_id,
                    kind=VisitKind.works,
                    status=status,
                    starts_at=now - timedelta(days=3),
                    ends_at=now - timedelta(days=3, hours=-1),
                )
            )
        await _answered(
            session,
            "followup_3m",
            third.id,
            third.household_id,
            "f3",
            {
                "other_works": ("yes", None),
                "which_works": ("painting", None),
                "need_help": ("no", None),
                "comment": (None, "Merci !"),
            },
            now,
        )
        await session.commit()
    user = emulator.user(9830, "Claire", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("📊 Replies")
    [listing] = await user.wait_for_messages()
    assert button_texts(listing)[:4] == [
        "Your opinion on the visit",
        "Your opinion on the workshop",
        "End of the support programme",
        "Three months later",
    ]
    await user.press("End of the support programme", message=listing)
    [chart] = await user.wait_for_messages(timeout=20)
    assert emulator.files[chart["photo"][-1]["file_id"]].startswith(PNG)
    assert chart["photo"][-1]["height"] > chart["photo"][-1]["width"]  # tall: one chart per question, for a phone
    caption = chart["caption"]
    assert "Sent: 3 · Answered: 2 · Response rate: 66.7%" in caption
    assert "Satisfaction: 4 / 5 (n = 2 answers)" in caption and "Met neighbours: 50% yes (n = 2 answers)" in caption
    # Split by site: an anonymous questionnaire is not split (small groups identify people).
    await user.press("📍 Site", message=chart)
    [sites] = await user.wait_for_messages()
    await user.press("Sud", message=sites)
    [by_site] = await user.wait_for_messages(timeout=20)
    assert "not split" in by_site["caption"] and "Sent: 3" in by_site["caption"]
    await user.press("📥 Spreadsheet (XLSX)", message=chart)
    [document] = await user.wait_for_messages(timeout=20)
    workbook = load_workbook(io.BytesIO(emulator.files[document["document"]["file_id"]]), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Respondent", "Household", "Site", "Question", "Answer", "Written answer", "Answered")
    assert len(rows) == 1 + 14
    assert all(row[0] in ("", None) and row[1] in ("", None) and row[2] in ("", None) for row in rows[1:])
    assert {row[6] for row in rows[1:]} == {"2026-11"}  # the month only
    assert ("Did you meet neighbours or other families through the programme?", "Yes") in {(r[3], r[4]) for r in rows}
    flat = repr(rows)
    assert "Q-51" not in flat and "Q-52" not in flat and "Nord" not in flat
    # The 3-month follow-up is not anonymous: its CSV names the household, and a site filter applies.
    ids = sorted(["after_visit", "after_workshop", "closing", "followup_3m"])
    await user.press_data(ReportCallback(questionnaire=ids.index("followup_3m"), view=ReportView.csv, site=1).pack())
    [csv_document] = await user.wait_for_messages(timeout=20)
    text = emulator.files[csv_document["document"]["file_id"]].decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert {row[1] for row in table[1:]} == {"Q-52", "Q-53"}  # Sud only
    assert ["Which works?", "🎨 Painting"] == [
        row[3:5] for row in table[1:] if row[1] == "Q-53" and row[4].startswith("🎨")
    ][0]
    # The programme report: a chart and a workbook with a chart sheet.
    await user.press_data(BilanCallback(period=Period.year, build=True).pack())
    photo, workbook_message = await user.wait_for_messages(2, timeout=30)
    assert emulator.files[photo["photo"][-1]["file_id"]].startswith(PNG)
    report = load_workbook(io.BytesIO(emulator.files[workbook_message["document"]["file_id"]]))
    assert len(report.chartsheets) == 1
    values = {row[0]: row[1:] for row in report.worksheets[0].iter_rows(values_only=True)}
    assert values[tr("en", "Households accompanied")] == (3, None, None)
    assert (values["Visits done"][0], values["Visits missed"][0]) == (2, 1)
    assert values["Share in priority neighbourhoods"] == (pytest.approx(1 / 3), 3, "households")
    assert values[tr("en", "Households who went on with works on their own")] == (pytest.approx(2 / 3), 3, "households")
    assert values["Impact (average / 5): Satisfaction"] == (4, 2, "answers")
    assert values["Response rate: End of the support programme"] == (pytest.approx(2 / 3), 3, "questionnaires sent")


async def test_tenants_and_animators_cannot_see_or_export_the_replies_even_with_forged_buttons(running_bot, emulator):
    await running_bot.member(9840, Role.animator, "Nadia", locale="en")
    await _household_with_tenant(running_bot, 9841, reference="Q-6")
    forged = [
        ReportCallback(questionnaire=0, view=ReportView.chart).pack(),
        ReportCallback(questionnaire=2, view=ReportView.xlsx).pack(),
        ReportCallback(questionnaire=3, view=ReportView.csv).pack(),
        ReportCallback(questionnaire=3, view=ReportView.texts).pack(),
        BilanCallback(period=Period.all, build=True).pack(),
        "m:rep",
    ]
    for telegram_id in (9840, 9841):
        user = emulator.user(telegram_id, "Someone", language_code="en")
        await user.send("/menu")
        [menu] = await user.wait_for_messages()
        assert "📊 Replies" not in button_texts(menu)
        for data in forged:
            await user.press_data(data)
            answer = await user.wait_for_answer()
            assert answer["text"] == "This button is no longer active. Use /menu."
        assert not any("photo" in m or "document" in m for m in user.messages)


@pytest.mark.parametrize("locale", ["fr", "ar", "en"])
async def test_the_3_month_follow_up_says_its_hint_once_and_counts_its_questions(
    running_bot, emulator, library, locale
):
    telegram_id = {"fr": 9871, "ar": 9872, "en": 9873}[locale]
    tenant = await factories.tenant(running_bot, telegram_id, reference=f"Q-H{locale}", locale=locale)
    async with running_bot.sessionmaker() as session:
        await questionnaires.assign(
            session,
            questionnaire_id="followup_3m",
            person_id=tenant.id,
            household_id=tenant.household_id,
            trigger_key=f"test:hint:{locale}",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        await session.commit()
    user = emulator.user(telegram_id, "T", language_code=locale)
    [invitation] = await user.wait_for_messages()
    questionnaire = library.questionnaires.get("followup_3m", locale)
    assert invitation["text"].count(questionnaire.intro) == 1
    four = {"fr": "Quatre questions", "ar": "أربعة أسئلة", "en": "Four short questions"}[locale]
    assert four in questionnaire.intro and len(questionnaire.questions) == 4
    await user.press(tr(locale, "📝 Answer"), message=invitation)
    await user.wait_for_messages()
    await user.press(tr(locale, "👍 Yes"))
    [which] = await user.wait_for_messages()
    assert "2/4" in which["text"]
    assert which["text"].count(tr(locale, "Tap all that apply, then “Done”.")) == 1
    hint_word = {"fr": "Touchez", "ar": "اضغط", "en": "Tap all"}[locale]
    assert which["text"].count(hint_word) == 1  # not again in the question's own words


async def test_a_question_that_may_not_apply_offers_does_not_apply_and_the_review_says_so(
    running_bot, emulator, library
):
    tenant = await _household_with_tenant(running_bot, 9891, reference="Q-91")
    closing = library.questionnaires.get("closing", "en")
    family = closing.question("family")
    async with running_bot.sessionmaker() as session:
        assignment = await questionnaires.assign(
            session,
            questionnaire_id="closing",
            person_id=tenant.id,
            household_id=tenant.household_id,
            trigger_key="na:e2e",
            due_at=running_bot.clock.now(),
            now=running_bot.clock.now(),
        )
        assignment.position = closing.questions.index(family)  # the earlier questions answered already
        session.add(assignment)
        await session.commit()
    user = emulator.user(9891, "T", language_code="en")
    [invitation] = await user.wait_for_messages(timeout=10)
    await user.press("📝 Answer", message=invitation)
    [question] = await user.wait_for_messages()
    assert "Does not apply to me" in question["text"]  # the question says which button to tap
    assert button_texts(question)[:6] == [
        "😄 Completely agree",
        "🙂 Rather agree",
        "😐 Partly",
        "🙁 Rather disagree",
        "😞 Not at all",
        "🚫 Does not apply to me",
    ]
    await user.press("🚫 Does not apply to me")
    [after] = await user.wait_for_messages()
    assert closing.question("neighbours").text in after["text"]  # on to the next question
    [stored] = [a for a in await _answers(running_bot) if a.question_id == "family"]
    assert stored.value == "na"
    await user.press("⬅️ Previous question")
    [back] = await user.wait_for_messages()
    assert "✅ 🚫 Does not apply to me" in button_texts(back)


async def _answers(running_bot: RunningBot) -> list[QuestionnaireAnswer]:
    async with running_bot.sessionmaker() as session:
        return list((await session.exec(select(QuestionnaireAnswer))).all())
