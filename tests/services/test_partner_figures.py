"""The Bilan's partner figures (issue 18, item 6) against counts made here, independently, from
the referrals the test sends: people reached (adults by sex, children), the households' shares on
minimum income, single-parent, newcomers; referrals received, accepted and declined per
organisation; hours of visits done; referents present at tripartite visits. The workbook is read
back."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import load_workbook

from bot.models import Person, Role, Visit, VisitKind, VisitStatus
from bot.services import questionnaire_reports, referrals
from bot.services.questionnaire_reports import Base, Kind, Period, ReportWords
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW
from tests.services.test_bilan import _labels

# (organisation, decision, fields of the referral)
SENT = [
    ("CCAS", "accept", {"adults_women": 1, "children": 3, "minimum_income": True, "single_parent": True}),
    ("CCAS", "accept", {"adults_women": 2, "adults_men": 1, "children": 2, "newcomer": True}),
    ("CAF", "decline", {"adults_women": 1, "adults_men": 1, "children": 0, "minimum_income": True}),
    ("CAF", "accept", {"adults_women": 1, "children": 1, "single_parent": True, "minimum_income": True}),
    ("CCAS", "wait", {"adults_men": 1, "adults_women": 0, "children": 4}),
]
# (index in SENT of an accepted referral, kind, minutes, status, referent present)
VISITS = [
    (0, VisitKind.tripartite, 60, VisitStatus.done, True),
    (1, VisitKind.tripartite, 90, VisitStatus.done, False),
    (3, VisitKind.preparation, 120, VisitStatus.done, None),
    (3, VisitKind.works, 180, VisitStatus.missed, None),
    (0, VisitKind.preparation, 60, VisitStatus.booked, None),
]


async def test_the_partner_figures_match_counts_made_independently(session, library, tmp_path):
    coordinator = await factories.staff(session, 1, Role.coordinator, "Claire")
    referents = {
        "CCAS": await factories.referent(session, 2, "CCAS"),
        "CAF": await factories.referent(session, 3, "CAF"),
    }
    households = {}
    for index, (organisation, decision, fields) in enumerate(SENT):
        sent = await factories.referral(session, referents[organisation], now=NOW - timedelta(days=10), **fields)
        if decision == "accept":
            done = await referrals.accept(
                session, coordinator, sent.id, animator_id=None, now=NOW - timedelta(days=9), ttl=timedelta(days=14)
            )
            households[index] = done.household.id
        elif decision == "decline":
            await referrals.decline(session, coordinator, sent.id, "Hors secteur", now=NOW - timedelta(days=9))
    for index, kind, minutes, status, present in VISITS:
        starts = NOW - timedelta(days=5)
        session.add(
            Visit(
                household_id=households[index],
                kind=kind,
                status=status,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=minutes),
                referent_present=present,
            )
        )
    await session.flush()

    # The counts, made here from the lists above.
    accepted = [fields for _, decision, fields in SENT if decision == "accept"]
    women = sum(f.get("adults_women", 1) for f in accepted)  # the factory's draft has one woman by default
    men = sum(f.get("adults_men", 0) for f in accepted)
    children = sum(f.get("children", 2) for f in accepted)
    expected = {
        "people_reached": women + men + children,
        "adult_women": women,
        "adult_men": men,
        "children": children,
        "minimum_income": 100 * sum(1 for f in accepted if f.get("minimum_income")) / len(accepted),
        "single_parent": 100 * sum(1 for f in accepted if f.get("single_parent")) / len(accepted),
        "newcomers": 100 * sum(1 for f in accepted if f.get("newcomer")) / len(accepted),
        "visit_hours": sum(m for _, _, m, status, _ in VISITS if status is VisitStatus.done) / 60,
        "referent_present": 100 * 1 / 2,
    }
    for organisation in ("CAF", "CCAS"):
        theirs = [decision for name, decision, _ in SENT if name == organisation]
        expected[f"received {organisation}"] = len(theirs)
        expected[f"accepted {organisation}"] = theirs.count("accept")
        expected[f"declined {organisation}"] = theirs.count("decline")
    assert (women, men, children, expected["visit_hours"]) == (4, 1, 6, 4.5)

    reader = Person(telegram_id=0, name="Coordinator", role=Role.coordinator)
    report = await questionnaire_reports.programme_report(
        session, library.questionnaires, "fr", Period.year, reader=reader, now=NOW
    )
    rows = questionnaire_reports.report_rows(report, _labels(), {phase: phase.value for phase in report.phases})
    found = {row.label: row for row in rows if row.label in expected}
    assert {label: row.value for label, row in found.items()} == expected
    assert found["minimum_income"].kind is Kind.percent and found["minimum_income"].n == len(accepted)
    assert found["referent_present"].n == 2 and found["referent_present"].base is Base.visits

    path = tmp_path / "bilan.xlsx"
    words = ReportWords(
        "Bilan", "Data", "Chart", "Impact", ["Indicator", "Value", "n", "of"], "no data", {b: b.value for b in Base}
    )
    questionnaire_reports.write_report_xlsx(path, rows, report.impact, words)
    sheet = load_workbook(path).worksheets[0]
    read_back = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] in expected}
    # Shares are written as fractions Excel shows as percentages.
    written = {label: value / 100 if found[label].kind is Kind.percent else value for label, value in expected.items()}
    assert {label: round(value, 6) for label, value in read_back.items()} == {
        label: round(value, 6) for label, value in written.items()
    }
