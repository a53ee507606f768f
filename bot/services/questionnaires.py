"""Follow-up questionnaires: who gets which one, and answering them one question at a time.

An assignment is created once per trigger (its key is unique); its invitation
and its one reminder, three days later, are outbox rows. Every answer is saved
the moment it is given, and the question on screen (`position`) lives in the
database, so a questionnaire left halfway resumes where it stopped, after a
restart too. A question whose `skip_if` condition holds is never shown, and its
answer is dropped if a change makes the condition hold later. An answer that
flags a problem (the lowest score, "I need help") tells the coordinators and
the household's animator at once, so someone calls back; anonymous
questionnaires cannot flag (the content check refuses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    Household,
    OutboxMessage,
    OutboxStatus,
    Person,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    Role,
)
from bot.services import delivery
from bot.services.content.questionnaires import Question, Questionnaire, possible_values

INVITE = "questionnaire.invite"
REMINDER = "questionnaire.reminder"
FLAG = "questionnaire.flag"
REMINDER_AFTER = timedelta(days=3)
MAX_TEXT = 2000


def _key(assignment_id: int | None) -> str:
    return f"questionnaire:{assignment_id}:"


async def assign(
    session: AsyncSession,
    *,
    questionnaire_id: str,
    person_id: int,
    household_id: int | None,
    trigger_key: str,
    due_at: datetime,
    now: datetime,
) -> QuestionnaireAssignment | None:
    """Create the assignment and queue its invitation and reminder; None if this trigger already did."""
    existing = await session.exec(
        select(QuestionnaireAssignment.id).where(QuestionnaireAssignment.trigger_key == trigger_key)
    )
    if existing.first() is not None:
        return None
    assignment = QuestionnaireAssignment(
        questionnaire_id=questionnaire_id,
        person_id=person_id,
        household_id=household_id,
        trigger_key=trigger_key,
        due_at=due_at,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(assignment)
    except IntegrityError:
        return None  # the same trigger, at the same moment, from another process
    params = {"assignment_id": assignment.id, "questionnaire_id": questionnaire_id}
    for kind, due, suffix in ((INVITE, due_at, "invite"), (REMINDER, due_at + REMINDER_AFTER, "reminder")):
        await delivery.schedule(
            session,
            recipient_id=person_id,
            kind=kind,
            dedup_key=_key(assignment.id) + suffix,
            due_at=due,
            now=now,
            params=params,
        )
    return assignment


async def withdraw(session: AsyncSession, trigger_key: str, *, now: datetime) -> bool:
    """Take back an assignment not started yet (attendance unticked by mistake)."""
    rows = await session.exec(select(QuestionnaireAssignment).where(QuestionnaireAssignment.trigger_key == trigger_key))
    assignment = rows.first()
    if assignment is None or assignment.started_at is not None or assignment.due_at <= now:
        return False
    # Its messages never went out: they go with it (SQLite may give the next
    # assignment the same id, and its keys must be free).
    await session.exec(  # type: ignore[call-overload]
        delete(OutboxMessage).where(
            col(OutboxMessage.dedup_key).startswith(_key(assignment.id), autoescape=True),
            col(OutboxMessage.status) == OutboxStatus.pending,
        )
    )
    await session.delete(assignment)
    await session.flush()
    return True


async def pending(session: AsyncSession, person_id: int, *, now: datetime) -> list[QuestionnaireAssignment]:
    """Questionnaires received and not sent back yet, the oldest first."""
    rows = await session.exec(
        select(QuestionnaireAssignment)
        .where(
            col(QuestionnaireAssignment.person_id) == person_id,
            col(QuestionnaireAssignment.completed_at).is_(None),
            col(QuestionnaireAssignment.due_at) <= now,
        )
        .order_by(col(QuestionnaireAssignment.due_at), col(QuestionnaireAssignment.id))
    )
    return list(rows.all())


async def owned(session: AsyncSession, assignment_id: int, person_id: int) -> QuestionnaireAssignment | None:
    """The assignment if it is this person's (callback data can be forged)."""
    assignment = await session.get(QuestionnaireAssignment, assignment_id)
    if assignment is None or assignment.person_id != person_id:
        return None
    return assignment


async def answers(session: AsyncSession, assignment_id: int) -> dict[str, QuestionnaireAnswer]:
    rows = await session.exec(select(QuestionnaireAnswer).where(QuestionnaireAnswer.assignment_id == assignment_id))
    return {answer.question_id: answer for answer in rows.all()}


def is_shown(question: Question, given: dict[str, QuestionnaireAnswer]) -> bool:
    if question.skip_if is None:
        return True
    earlier = given.get(question.skip_if.question)
    return earlier is None or earlier.value not in question.skip_if.values


def shown_indexes(questionnaire: Questionnaire, given: dict[str, QuestionnaireAnswer]) -> list[int]:
    return [i for i, question in enumerate(questionnaire.questions) if is_shown(question, given)]


def review_position(questionnaire: Questionnaire) -> int:
    return len(questionnaire.questions)


async def start(
    session: AsyncSession, assignment: QuestionnaireAssignment, questionnaire: Questionnaire, *, now: datetime
) -> None:
    if assignment.started_at is None:
        assignment.started_at = now
        assignment.anonymous = questionnaire.anonymous
        session.add(assignment)
        await session.flush()


def _next_position(questionnaire: Questionnaire, given: dict[str, QuestionnaireAnswer], after: int) -> int:
    """The next shown question not answered yet after `after`, else the review screen."""
    for index in shown_indexes(questionnaire, given):
        if index > after and questionnaire.questions[index].id not in given:
            return index
    return review_position(questionnaire)


def previous_position(questionnaire: Questionnaire, given: dict[str, QuestionnaireAnswer], current: int) -> int | None:
    earlier = [i for i in shown_indexes(questionnaire, given) if i < current]
    return earlier[-1] if earlier else None


@dataclass(frozen=True)
class Saved:
    position: int
    flagged: bool


def clean_value(question: Question, value: str | None) -> str | None:
    """A value a button may carry for this question, or ValueError (forged data)."""
    if value is None:
        if not question.optional:
            raise ValueError("this question cannot be skipped")
        return None
    allowed = possible_values(question)
    parts = value.split(",") if question.kind == "multiple" else [value]
    if question.kind == "text" or not parts or any(part not in allowed for part in parts):
        raise ValueError(f"not an answer of {question.id}: {value!r}")
    return ",".join(key for key in allowed if key in parts)  # one order, whatever the taps' order


async def save(
    session: AsyncSession,
    assignment: QuestionnaireAssignment,
    questionnaire: Questionnaire,
    index: int,
    *,
    value: str | None = None,
    text: str | None = None,
    now: datetime,
    advance: bool = True,
) -> Saved:
    """Save (or change) the answer to question `index`, then move on unless `advance` is False."""
    question = questionnaire.questions[index]
    if question.kind == "text":
        text = " ".join((text or "").split())[:MAX_TEXT] or None
        if text is None and not question.optional:
            raise ValueError("this question needs an answer")
        value = None
    else:
        value, text = clean_value(question, value), None
    given = await answers(session, assignment.id)
    previous = given.get(question.id)
    if previous is None:
        previous = QuestionnaireAnswer(assignment_id=assignment.id, question_id=question.id, answered_at=now)
    previous.value, previous.text, previous.answered_at = value, text, now
    session.add(previous)
    await session.flush()
    given[question.id] = previous
    # A changed answer may hide later questions: their answers no longer apply.
    hidden = [q.id for q in questionnaire.questions if q.id in given and not is_shown(q, given)]
    if hidden:
        await session.exec(  # type: ignore[call-overload]
            delete(QuestionnaireAnswer).where(
                col(QuestionnaireAnswer.assignment_id) == assignment.id,
                col(QuestionnaireAnswer.question_id).in_(hidden),
            )
        )
        for question_id in hidden:
            given.pop(question_id, None)
    if advance:
        assignment.position = _next_position(questionnaire, given, index)
    session.add(assignment)
    await session.flush()
    flagged = question.flags(value) and not assignment.anonymous
    if flagged:
        await _tell_team(session, assignment, questionnaire, question, value or "", now=now)
    return Saved(assignment.position, flagged)


async def move(session: AsyncSession, assignment: QuestionnaireAssignment, position: int) -> None:
    assignment.position = position
    session.add(assignment)
    await session.flush()


async def complete(session: AsyncSession, assignment: QuestionnaireAssignment, *, now: datetime) -> None:
    """Send the answers: no more changes, and the reminder is cancelled."""
    if assignment.completed_at is None:
        assignment.completed_at = now
        session.add(assignment)
        await delivery.cancel(session, _key(assignment.id) + "reminder")
        await session.flush()


async def _tell_team(
    session: AsyncSession,
    assignment: QuestionnaireAssignment,
    questionnaire: Questionnaire,
    question: Question,
    value: str,
    *,
    now: datetime,
) -> None:
    household = await session.get(Household, assignment.household_id) if assignment.household_id else None
    recipients = await session.exec(
        select(Person.id).where(col(Person.role).in_([Role.coordinator, Role.admin]), col(Person.active).is_(True))
    )
    team = set(recipients.all())
    if household is not None and household.animator_id is not None:
        team.add(household.animator_id)
    # The household's reference, never the person's name: it is enough to call back,
    # and nothing personal stays in the team's messages after the person erases their data.
    params = {
        "questionnaire_id": questionnaire.id,
        "question_id": question.id,
        "value": value,
        "reference": household.reference if household else None,
    }
    for person_id in sorted(team):
        await delivery.schedule(
            session,
            recipient_id=person_id,
            kind=FLAG,
            due_at=now,
            now=now,
            params=params,
            dedup_key=_key(assignment.id) + f"flag:{question.id}:to:{person_id}",
        )
