"""The programme report's rules: "went on with works on their own" counts households (funders ask
for "30 % of households"), a share or an average without data is None (never 0), sheet names are
clean."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Person, QuestionnaireAnswer, QuestionnaireAssignment, Role
from bot.services import households, questionnaire_reports
from bot.services.questionnaire_reports import Kind, Period, Share, sheet_title

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


async def _tenant(session, household_id: int, telegram_id: int) -> Person:  # type: ignore[no-untyped-def]
    person = Person(telegram_id=telegram_id, name=f"T{telegram_id}", role=Role.tenant, household_id=household_id)
    session.add(person)
    await session.flush()
    return person


async def _went_on(session, person: Person, answer: str, key: str) -> None:  # type: ignore[no-untyped-def]
    assignment = QuestionnaireAssignment(
        questionnaire_id="followup_3m",
        person_id=person.id,
        household_id=person.household_id,
        trigger_key=key,
        due_at=NOW - timedelta(days=2),
        completed_at=NOW - timedelta(days=1),
    )
    session.add(assignment)
    await session.flush()
    session.add(
        QuestionnaireAnswer(
            assignment_id=assignment.id, question_id="other_works", value=answer, answered_at=NOW - timedelta(days=1)
        )
    )
    await session.flush()


async def _report(session, library):  # type: ignore[no-untyped-def]
    reader = Person(telegram_id=0, name="Coordinator", role=Role.coordinator)
    return await questionnaire_reports.programme_report(
        session, library.questionnaires, "fr", Period.year, reader=reader, now=NOW
    )


async def test_with_no_data_every_share_and_average_is_missing_not_0(session, library):
    report = await _report(session, library)
    assert report.priority == Share(0, 0) and report.priority_share is None
    assert report.went_on == Share(0, 0) and report.went_on_share is None
    assert report.impact and all(average.value is None and average.count == 0 for average in report.impact)
    rows = questionnaire_reports.report_rows(report, _labels(), {phase: phase.value for phase in report.phases})
    shares_and_averages = [row for row in rows if row.kind is not Kind.number]
    assert shares_and_averages and all(row.value is None and row.n == 0 for row in shares_and_averages)


async def test_went_on_counts_households_not_respondents(session, library):
    together = await households.create_household(session, reference="W-1", site="Nord")
    alone = await households.create_household(session, reference="W-2", site="Nord")
    # Two tenants of one household both say yes, one of them answered twice; another household says no.
    first, second = await _tenant(session, together.id, 31), await _tenant(session, together.id, 32)
    await _went_on(session, first, "yes", "w1")
    await _went_on(session, first, "yes", "w1b")
    await _went_on(session, second, "yes", "w2")
    await _went_on(session, await _tenant(session, alone.id, 33), "no", "w3")
    report = await _report(session, library)
    assert report.went_on == Share(1, 2) and report.went_on_share == 50  # not 3 of 4 respondents
    # A household where one says yes and one says no went on: someone there did works.
    await _went_on(session, await _tenant(session, alone.id, 34), "yes", "w4")
    assert (await _report(session, library)).went_on == Share(2, 2)


def test_sheet_names_read_as_the_words_were():
    assert sheet_title("Impact (moyenne / 5) data") == "Impact (moyenne 5) data"  # no double space
    assert sheet_title("Réponses : [fin] * programme?") == "Réponses fin programme"
    assert len(sheet_title("Taux de réponse du questionnaire de fin de programme")) <= 31
    assert sheet_title("Taux de réponse du questionnaire de fin de programme") == "Taux de réponse du"
    assert sheet_title("///") == "Sheet"


def _labels() -> dict[str, str]:
    keys = ("households", "priority", "visits_done", "visits_missed", "workshops_held", "registered", "attended")
    kit = ("help_hours", "help_offers", "tools_lent", "tools_out", "tools_overdue", "kit_items", "kit_households")
    savings = ("kit_water", "kit_kwh", "kit_euros")
    partners = ("people_reached", "adult_women", "adult_men", "children", "minimum_income", "single_parent")
    partners += ("newcomers", "visit_hours", "referent_present")
    labels = {key: key for key in (*keys, "tutorials_finished", "went_on", *kit, *savings, *partners)}
    labels |= {f"referrals_{what}": f"{what} {{organisation}}" for what in ("received", "accepted", "declined")}
    return {**labels, "response_rate": "rate {title}", "impact": "impact {label}"}
