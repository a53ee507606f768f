"""The rules of questionnaires, the relay, messages to tenants and the reports, checked by the
services themselves (callback data can be forged): each refusal is typed, and changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.models import (
    AuditLog,
    OutboxMessage,
    Person,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    RelayKind,
    RelayMessage,
    Role,
)
from bot.services import announcements, households, people, questionnaire_reports, questionnaires, relay
from bot.services.announcements import AnnouncementRefusal, AnnouncementRefused, Audience, AudienceKind
from bot.services.questionnaire_reports import Asked, Filters, Period, ReportRefusal, ReportRefused
from bot.services.questionnaires import AnswerRefusal, AnswerRefused, Flag, Invitation, Reminder, Step
from bot.services.relay import Content, RelayPayload, RelayRefusal, RelayRefused
from tests.conftest import DEFAULT_NOW as NOW


async def _count(session: Any, table: Any) -> int:
    return (await session.exec(select(func.count()).select_from(table))).one()


async def _world(session: Any) -> dict[str, Any]:
    staff = {}
    for telegram_id, role, name in (
        (11, Role.animator, "Nadia"),
        (12, Role.animator, "Paul"),
        (13, Role.coordinator, "Claire"),
        (14, Role.admin, "Ada"),
    ):
        person, _ = await people.add_staff(session, telegram_id=telegram_id, role=role, name=name, now=NOW)
        await people.give_consent(session, person, locale="fr", now=NOW)
        staff[name] = person
    ours = await households.create_household(session, reference="R-1", site="Nord", animator_id=staff["Nadia"].id)
    theirs = await households.create_household(session, reference="R-2", site="Sud", animator_id=staff["Paul"].id)
    tenants = {}
    for telegram_id, household in ((21, ours), (22, ours), (23, theirs)):
        tenant = Person(telegram_id=telegram_id, name=f"T{telegram_id}", role=Role.tenant, household_id=household.id)
        session.add(tenant)
        await session.flush()
        await people.give_consent(session, tenant, locale="fr", now=NOW)
        tenants[telegram_id] = tenant
    return {**staff, "ours": ours, "theirs": theirs, "tenant": tenants[21], "flatmate": tenants[22], **tenants}


# --- questionnaires: only the person an assignment was sent to answers it ------------------


async def _assignment(session: Any, world: dict[str, Any]) -> QuestionnaireAssignment:
    assignment = await questionnaires.assign(
        session,
        questionnaire_id="followup_3m",
        person_id=world["tenant"].id,
        household_id=world["ours"].id,
        trigger_key="t:1",
        due_at=NOW,
        now=NOW,
    )
    assert assignment is not None
    return assignment


async def _answering_state(session: Any, assignment_id: int) -> tuple[Any, ...]:
    assignment = await session.get(QuestionnaireAssignment, assignment_id)
    await session.refresh(assignment)
    answers = (await session.exec(select(QuestionnaireAnswer.question_id, QuestionnaireAnswer.value))).all()
    return (
        assignment.position,
        assignment.started_at,
        assignment.completed_at,
        sorted(answers),
        await _count(session, OutboxMessage),
    )


async def test_nobody_but_its_person_opens_answers_or_sends_an_assignment(session, library):
    world = await _world(session)
    assignment = await _assignment(session, world)
    qs = library.questionnaires
    before = await _answering_state(session, assignment.id)
    for stranger in (world["flatmate"], world[23], world["Nadia"], world["Claire"], world["Ada"]):
        attempts = [
            questionnaires.answering(session, stranger, assignment.id, qs),
            questionnaires.step(session, stranger, assignment.id, qs, move=Step.open, index=0, now=NOW),
            questionnaires.choose(session, stranger, assignment.id, qs, index=0, number=1, now=NOW),
            questionnaires.type_answer(session, stranger, assignment.id, qs, text="hello", now=NOW),
            questionnaires.step(session, stranger, assignment.id, qs, move=Step.send, index=0, now=NOW),
        ]
        for attempt in attempts:
            with pytest.raises(AnswerRefused) as refused:
                await attempt
            assert refused.value.reason is AnswerRefusal.not_found
    with pytest.raises(AnswerRefused) as refused:
        await questionnaires.answering(session, world["tenant"], assignment.id + 1000, qs)
    assert refused.value.reason is AnswerRefusal.not_found
    assert await _answering_state(session, assignment.id) == before


async def test_its_person_answers_and_stale_or_forged_presses_change_nothing(session, library):
    world = await _world(session)
    assignment = await _assignment(session, world)
    qs, tenant = library.questionnaires, world["tenant"]
    await questionnaires.step(session, tenant, assignment.id, qs, move=Step.open, index=0, now=NOW)
    await questionnaires.choose(session, tenant, assignment.id, qs, index=0, number=1, now=NOW)  # yes: works done
    assert assignment.position == 1
    before = await _answering_state(session, assignment.id)
    refusals = [
        (questionnaires.choose(session, tenant, assignment.id, qs, index=0, number=0, now=NOW), AnswerRefusal.stale),
        (questionnaires.choose(session, tenant, assignment.id, qs, index=1, number=99, now=NOW), AnswerRefusal.stale),
        (
            questionnaires.type_answer(session, tenant, assignment.id, qs, text="x", now=NOW),
            AnswerRefusal.not_text,
        ),
        (
            questionnaires.step(session, tenant, assignment.id, qs, move=Step.done, index=1, now=NOW),
            AnswerRefusal.needs_a_tick,  # a required multiple choice with nothing ticked
        ),
    ]
    for attempt, reason in refusals:
        with pytest.raises(AnswerRefused) as refused:
            await attempt
        assert refused.value.reason is reason
    # A press of an older screen (index 0 while question 1 is shown) moves nothing.
    await questionnaires.step(session, tenant, assignment.id, qs, move=Step.back, index=0, now=NOW)
    await questionnaires.step(session, tenant, assignment.id, qs, move=Step.send, index=1, now=NOW)  # not on review
    assert await _answering_state(session, assignment.id) == before


async def test_ticking_a_multiple_choice_is_the_services_and_the_last_untick_leaves_no_answer(session, library):
    world = await _world(session)
    assignment = await _assignment(session, world)
    qs, tenant = library.questionnaires, world["tenant"]
    await questionnaires.choose(session, tenant, assignment.id, qs, index=0, number=1, now=NOW)
    for number in (6, 0):  # repairs, then painting: stored in the file's order, still on the question
        await questionnaires.choose(session, tenant, assignment.id, qs, index=1, number=number, now=NOW)
    assert (await questionnaires.answers(session, assignment.id))["which_works"].value == "painting,repairs"
    assert assignment.position == 1
    for number in (6, 0):
        await questionnaires.choose(session, tenant, assignment.id, qs, index=1, number=number, now=NOW)
    assert "which_works" not in await questionnaires.answers(session, assignment.id)  # not "skipped"
    await questionnaires.choose(session, tenant, assignment.id, qs, index=1, number=3, now=NOW)
    await questionnaires.step(session, tenant, assignment.id, qs, move=Step.done, index=1, now=NOW)
    assert assignment.position == 2


async def test_sent_answers_cannot_be_changed(session, library):
    world = await _world(session)
    assignment = await _assignment(session, world)
    qs, tenant = library.questionnaires, world["tenant"]
    for index, number in ((0, 0), (2, 0)):  # no works (which works is skipped), no help needed
        await questionnaires.choose(session, tenant, assignment.id, qs, index=index, number=number, now=NOW)
    await questionnaires.step(session, tenant, assignment.id, qs, move=Step.skip, index=3, now=NOW)
    assert assignment.position == 4  # the review screen
    await questionnaires.step(session, tenant, assignment.id, qs, move=Step.send, index=4, now=NOW)
    assert assignment.completed_at is not None
    before = await _answering_state(session, assignment.id)
    for attempt in (
        questionnaires.step(session, tenant, assignment.id, qs, move=Step.edit, index=0, now=NOW),
        questionnaires.choose(session, tenant, assignment.id, qs, index=4, number=1, now=NOW),
        questionnaires.type_answer(session, tenant, assignment.id, qs, text="x", now=NOW),
    ):
        with pytest.raises(AnswerRefused) as refused:
            await attempt
        assert refused.value.reason is AnswerRefusal.already_sent
    assert await _answering_state(session, assignment.id) == before


async def test_questionnaire_payloads_keep_the_stored_keys(session, library):
    world = await _world(session)
    assignment = await _assignment(session, world)
    await questionnaires.choose(
        session, world["tenant"], assignment.id, library.questionnaires, index=0, number=0, now=NOW
    )
    await questionnaires.choose(  # "I need help": the team is told, by the household's reference
        session, world["tenant"], assignment.id, library.questionnaires, index=2, number=1, now=NOW
    )
    rows = (await session.exec(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(json.loads(row.params))
    expected = {"assignment_id": assignment.id, "questionnaire_id": "followup_3m"}
    assert by_kind[questionnaires.INVITE] == [expected] and by_kind[questionnaires.REMINDER] == [expected]
    flag = {
        "questionnaire_id": "followup_3m",
        "question_id": "need_help",
        "value": "yes",
        "reference": "R-1",
        "household_id": world["ours"].id,
        "comment": None,  # the alert waits for the comment that may follow (or FLAG_WAIT)
    }
    assert all(params == flag for params in by_kind[questionnaires.FLAG])
    assert len(by_kind[questionnaires.FLAG]) == 3  # the animator, the coordinator, the administrator
    # Rows queued by the previous release read back the same.
    assert Invitation.of(expected).assignment_id == assignment.id
    assert Reminder.of(expected).questionnaire_id == "followup_3m"
    old = {key: flag[key] for key in ("questionnaire_id", "question_id", "value")}
    assert Flag.of({**old, "reference": None}).reference is None and Flag.of(old).household_id is None


# --- the relay: who may answer a household -------------------------------------------------


async def _relay_state(session: Any) -> tuple[int, int, int]:
    return (await _count(session, RelayMessage), await _count(session, OutboxMessage), await _count(session, AuditLog))


async def test_only_the_households_animator_coordinators_and_admins_answer_it(session):
    world = await _world(session)
    household = world["ours"]
    before = await _relay_state(session)
    for stranger in (world["Paul"], world["tenant"], world[23]):
        with pytest.raises(RelayRefused) as refused:
            await relay.reply_target(session, stranger, household.id)
        assert refused.value.reason is RelayRefusal.forbidden
        with pytest.raises(RelayRefused) as refused:
            await relay.send_to_household(
                session, sender=stranger, household_id=household.id, content=Content(RelayKind.text, "x"), now=NOW
            )
        assert refused.value.reason is RelayRefusal.forbidden
    with pytest.raises(RelayRefused) as refused:
        await relay.reply_target(session, world["Claire"], household.id + 1000)  # no such household
    assert refused.value.reason is RelayRefusal.forbidden
    assert await _relay_state(session) == before
    for allowed in (world["Nadia"], world["Claire"], world["Ada"]):
        assert await relay.reply_target(session, allowed, household.id) == household


async def test_relay_refusals_store_and_queue_nothing(session):
    world = await _world(session)
    before = await _relay_state(session)
    cases = [
        (relay.send_to_team(session, tenant=world["Nadia"], content=Content(RelayKind.text, "x"), emergency=False, now=NOW), RelayRefusal.no_household),
        (relay.send_to_team(session, tenant=world["tenant"], content=Content(RelayKind.text, "  "), emergency=False, now=NOW), RelayRefusal.empty),
        (relay.send_to_team(session, tenant=world["tenant"], content=Content(RelayKind.text, "x" * (relay.MAX_TEXT + 1)), emergency=False, now=NOW), RelayRefusal.too_long),
    ]  # fmt: skip
    for attempt, reason in cases:
        with pytest.raises(RelayRefused) as refused:
            await attempt
        assert refused.value.reason is reason
    for tenant in (world["tenant"], world["flatmate"]):
        tenant.paused_at = NOW  # both sent /stop: nobody left to receive the answer
        session.add(tenant)
    await session.flush()
    with pytest.raises(RelayRefused) as refused:
        await relay.send_to_household(
            session, sender=world["Nadia"], household_id=world["ours"].id, content=Content(RelayKind.text, "x"), now=NOW
        )
    assert refused.value.reason is RelayRefusal.nobody
    assert await _relay_state(session) == before


async def test_the_relay_payload_keeps_the_stored_keys(session):
    world = await _world(session)
    message, _team = await relay.send_to_team(
        session, tenant=world["tenant"], content=Content(RelayKind.text, "Bonjour"), emergency=True, now=NOW
    )
    row = (await session.exec(select(OutboxMessage).where(OutboxMessage.kind == relay.KIND))).one()
    assert json.loads(row.params) == {
        "relay_id": message.id,
        "household_id": world["ours"].id,
        "reference": "R-1",
        "direction": "to_team",
        "media": "text",
        "file_id": None,
        "emergency": True,
        "sender": "T21",
        "sender_id": world["tenant"].id,
        "sender_role": "tenant",
    }
    old = RelayPayload.of({"direction": "to_household", "media": "photo", "file_id": "F", "sender": "Nadia"})
    assert old.relay_id is None and old.sender_role is None and old.media is RelayKind.photo


# --- messages to tenants, and the reports: coordinators and administrators only -------------


async def test_only_programme_managers_write_to_tenants(session):
    world = await _world(session)
    before = (await _count(session, OutboxMessage), await _count(session, AuditLog))
    everyone = Audience(AudienceKind.all)
    for sender, text, reason in (
        (world["Nadia"], "Hi", AnnouncementRefusal.not_a_manager),
        (world["tenant"], "Hi", AnnouncementRefusal.not_a_manager),
        (world["Claire"], "  ", AnnouncementRefusal.empty),
        (world["Claire"], "x" * (announcements.MAX_LENGTH + 1), AnnouncementRefusal.too_long),
    ):
        with pytest.raises(AnnouncementRefused) as refused:
            await announcements.send(session, audience=everyone, text=text, sender=sender, now=NOW)
        assert refused.value.reason is reason
    with pytest.raises(AnnouncementRefused) as refused:
        await announcements.send(
            session, audience=Audience(AudienceKind.site, site="Nowhere"), text="Hi", sender=world["Ada"], now=NOW
        )
    assert refused.value.reason is AnnouncementRefusal.nobody
    assert (await _count(session, OutboxMessage), await _count(session, AuditLog)) == before
    _broadcast, count = await announcements.send(session, audience=everyone, text="Hi", sender=world["Claire"], now=NOW)
    assert count == 3


async def test_only_programme_managers_read_the_reports(session, library):
    world = await _world(session)
    qs = library.questionnaires
    followup = qs.get("followup_3m", "fr")
    before = await _count(session, AuditLog)
    for reader in (world["Nadia"], world["tenant"]):
        attempts = [
            questionnaire_reports.scope(session, reader, qs, Asked(0)),
            questionnaire_reports.summary(session, followup, Filters(), reader=reader, now=NOW),
            questionnaire_reports.latest_texts(session, followup, Filters(), reader=reader, now=NOW),
            questionnaire_reports.programme_report(session, qs, "fr", Period.year, reader=reader, now=NOW),
        ]
        for attempt in attempts:
            with pytest.raises(ReportRefused) as refused:
                await attempt
            assert refused.value.reason is ReportRefusal.not_a_manager
        with pytest.raises(ReportRefused):  # refused at once, before a row is read or a file written
            questionnaire_reports.export_rows(
                session, followup, Filters(), _words(), reader=reader, now=NOW, tz=ZoneInfo("Europe/Paris")
            )
    assert await _count(session, AuditLog) == before
    coordinator = world["Claire"]
    for asked, reason in (
        (Asked(99), ReportRefusal.unknown_questionnaire),
        (Asked(-1), ReportRefusal.unknown_questionnaire),
        (Asked(0, site=5), ReportRefusal.unknown_site),
        (Asked(0, animator=world["tenant"].id), ReportRefusal.unknown_animator),  # not an animator
    ):
        with pytest.raises(ReportRefused) as refused:
            await questionnaire_reports.scope(session, coordinator, qs, asked)
        assert refused.value.reason is reason
    scope = await questionnaire_reports.scope(session, coordinator, qs, Asked(0, Period.month, 1, world["Paul"].id))
    assert scope.filters == Filters(Period.month, "Sud", world["Paul"].id)
    assert scope.questionnaire.id == "after_visit" and scope.sites == ["Nord", "Sud"]
    report = await questionnaire_reports.programme_report(
        session, qs, "fr", Period.year, reader=world["Ada"], now=NOW + timedelta(days=1)
    )
    assert report.households == 2


def _words() -> questionnaire_reports.ExportWords:
    return questionnaire_reports.ExportWords(headers=["h"] * 7, yes="Y", no="N", skipped="-")
