"""Follow-up questionnaires: who gets which one, and answering them one question at a time.

An assignment is created once per trigger (its key is unique); its invitation
and its one reminder, three days later, are outbox rows. Every answer is saved
the moment it is given, and the question on screen (`position`) lives in the
database, so a questionnaire left halfway resumes where it stopped, after a
restart too. A question whose `skip_if` condition holds is never shown, and its
answer is dropped if a change makes the condition hold later. An answer that
flags a problem (the lowest score, "I need help") tells the coordinators and
the household's animator, so someone calls back; anonymous questionnaires
cannot flag (the content check refuses it). The alert waits for the comment the
person may write next: it goes as soon as they write it, skip it or reach the
review screen, and at the latest FLAG_WAIT after the flagged answer, so
leaving halfway does not hold it back. A comment written after it went follows
in a second alert. An answer changed so that it no longer flags takes back the
alert that has not gone yet.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, update
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
from bot.services.content.questionnaires import (
    NOT_CONCERNED,
    Question,
    Questionnaire,
    QuestionnaireSet,
    answer_values,
    scale_scores,
)
from bot.services.payloads import Payload
from bot.services.refusals import Refused

INVITE = "questionnaire.invite"
REMINDER = "questionnaire.reminder"
FLAG = "questionnaire.flag"


class Invitation(Payload):
    """INVITE: the questionnaire's title and intro, with an "Answer" button to the assignment."""

    assignment_id: int
    questionnaire_id: str


class Reminder(Invitation):
    """REMINDER, three days later: the same fields as the invitation."""


class Flag(Payload):
    """FLAG, to the team: the household's reference (never the person's name), the answer, the
    comment written in the same questionnaire, and the household's id for the card and reply buttons."""

    questionnaire_id: str
    question_id: str
    value: str
    reference: str | None = None
    household_id: int | None = None
    comment: str | None = None


REMINDER_AFTER = timedelta(days=3)
FLAG_WAIT = timedelta(minutes=10)  # the longest an alert waits for the comment that may follow
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
    invitation = Invitation(assignment_id=assignment.id, questionnaire_id=questionnaire_id)
    reminder = Reminder(assignment_id=assignment.id, questionnaire_id=questionnaire_id)
    messages: tuple[tuple[str, datetime, str, Payload], ...] = (
        (INVITE, due_at, "invite", invitation),
        (REMINDER, due_at + REMINDER_AFTER, "reminder", reminder),
    )
    for kind, due, suffix, params in messages:
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
    await session.exec(
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


class AnswerRefusal(str, enum.Enum):
    not_found = "not_found"  # no such assignment, another person's, or its questionnaire is gone
    already_sent = "already_sent"
    stale = "stale"  # a button of an earlier screen, or a value this question does not offer
    needs_a_tick = "needs_a_tick"  # "Done" on a required multiple choice with nothing ticked
    not_text = "not_text"  # typed text while the question on screen takes buttons
    empty = "empty"  # a required free text left blank


class AnswerRefused(Refused[AnswerRefusal]):
    """Nothing was saved or moved, for `reason`."""


@dataclass(frozen=True)
class Answering:
    """An assignment being answered by its own person, with its questionnaire in their language."""

    assignment: QuestionnaireAssignment
    questionnaire: Questionnaire

    @property
    def count(self) -> int:
        return len(self.questionnaire.questions)

    @property
    def on_review(self) -> bool:
        return self.assignment.position >= self.count


async def answering(
    session: AsyncSession, person: Person, assignment_id: int, questionnaires: QuestionnaireSet
) -> Answering:
    """Only the person an assignment was sent to answers it (callback data can be forged)."""
    assignment = await session.get(QuestionnaireAssignment, assignment_id)
    if assignment is None or assignment.person_id != person.id:
        raise AnswerRefused(AnswerRefusal.not_found)
    questionnaire = questionnaires.get(assignment.questionnaire_id, person.locale)
    if questionnaire is None:
        raise AnswerRefused(AnswerRefusal.not_found)
    if assignment.completed_at is not None:
        raise AnswerRefused(AnswerRefusal.already_sent)
    return Answering(assignment, questionnaire)


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
    allowed = answer_values(question)
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
        await session.exec(
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
    if question.kind == "text" or assignment.position >= review_position(questionnaire):
        await _release_alerts(session, assignment, questionnaire, given, now=now)
    return Saved(assignment.position, flagged)


def needs_call_back(questionnaire: Questionnaire, given: dict[str, QuestionnaireAnswer]) -> bool:
    """Whether an answer given (and still shown) asks for someone to call back."""
    return any(
        question.flags(given[question.id].value) and is_shown(question, given)
        for question in questionnaire.questions
        if question.id in given and not questionnaire.anonymous
    )


async def _move(session: AsyncSession, assignment: QuestionnaireAssignment, position: int) -> None:
    assignment.position = position
    session.add(assignment)
    await session.flush()


async def complete(
    session: AsyncSession, assignment: QuestionnaireAssignment, questionnaire: Questionnaire, *, now: datetime
) -> None:
    """Send the answers: no more changes, the reminder is cancelled, the alerts waiting go."""
    if assignment.completed_at is None:
        assignment.completed_at = now
        session.add(assignment)
        await delivery.cancel(session, _key(assignment.id) + "reminder")
        await session.flush()
        await _release_alerts(session, assignment, questionnaire, await answers(session, assignment.id), now=now)


class Step(enum.Enum):
    """What a button on a question or on the review screen asks for."""

    open = "open"
    back = "back"  # to the previous shown question
    skip = "skip"  # an optional question left unanswered
    done = "done"  # a multiple choice's ticks are final: on to the next question
    edit = "edit"  # from the review screen, back to question `index`
    send = "send"  # from the review screen: the answers go, no more changes


async def step(
    session: AsyncSession,
    person: Person,
    assignment_id: int,
    questionnaires: QuestionnaireSet,
    *,
    move: Step,
    index: int,
    now: datetime,
) -> Answering:
    """Act on `person`'s own assignment; `index` is the question the pressed screen showed.

    A press of an older screen changes nothing (the current screen is shown again)."""
    current = await answering(session, person, assignment_id, questionnaires)
    assignment, questionnaire = current.assignment, current.questionnaire
    position, on_screen = assignment.position, index == assignment.position
    if move is Step.open:
        await start(session, assignment, questionnaire, now=now)
    elif move is Step.send and current.on_review:
        await complete(session, assignment, questionnaire, now=now)
    elif move is Step.edit and current.on_review and 0 <= index < current.count:
        if is_shown(questionnaire.questions[index], await answers(session, assignment.id)):
            await _move(session, assignment, index)
    elif on_screen and move is Step.back:
        previous = previous_position(questionnaire, await answers(session, assignment.id), position)
        if previous is not None:
            await _move(session, assignment, previous)
    elif on_screen and not current.on_review and move is Step.skip:
        if questionnaire.questions[position].optional:
            await save(session, assignment, questionnaire, position, value=None, now=now)
    elif on_screen and not current.on_review and move is Step.done:
        question = questionnaire.questions[position]
        ticked = (await answers(session, assignment.id)).get(question.id)
        if ticked is not None and ticked.value:
            await save(session, assignment, questionnaire, position, value=ticked.value, now=now)
        elif question.optional:
            await save(session, assignment, questionnaire, position, value=None, now=now)
        else:
            raise AnswerRefused(AnswerRefusal.needs_a_tick)
    return current


NOT_CONCERNED_NUMBER = -1  # the "Not concerned" button's number, on every kind that offers it


def value_of(question: Question, number: int) -> str | None:
    """The answer a button's number stands for, or None if it is not one of this question's."""
    if number == NOT_CONCERNED_NUMBER:
        return NOT_CONCERNED if question.not_concerned else None
    if question.kind == "scale":
        return str(number) if str(number) in scale_scores(question.scale) else None
    if question.kind == "yes_no":
        return {1: "yes", 0: "no"}.get(number)
    if question.kind in ("single", "multiple") and 0 <= number < len(question.choices):
        return question.choices[number].key
    return None


async def choose(
    session: AsyncSession,
    person: Person,
    assignment_id: int,
    questionnaires: QuestionnaireSet,
    *,
    index: int,
    number: int,
    now: datetime,
) -> Answering:
    """A tap on an answer of question `index`: saved and on to the next, or, for a multiple choice, ticked."""
    current = await answering(session, person, assignment_id, questionnaires)
    assignment, questionnaire = current.assignment, current.questionnaire
    if index != assignment.position or current.on_review:
        raise AnswerRefused(AnswerRefusal.stale)
    question = questionnaire.questions[index]
    value = value_of(question, number)
    if value is None:
        raise AnswerRefused(AnswerRefusal.stale)
    if question.kind == "multiple":
        await toggle(session, current, value, now=now)
    else:
        await save(session, assignment, questionnaire, index, value=value, now=now)
    return current


async def toggle(session: AsyncSession, current: Answering, value: str, *, now: datetime) -> None:
    """Tick or untick one choice of the multiple choice on screen, staying on it.

    Unticking the last choice of a required question leaves no answer at all
    (not "skipped"): "Done" then asks for a tick."""
    assignment, questionnaire = current.assignment, current.questionnaire
    question = questionnaire.questions[assignment.position]
    given = await answers(session, assignment.id)
    answer = given.get(question.id)
    ticked = set((answer.value or "").split(",")) - {""} if answer is not None else set()
    ticked ^= {value}
    if ticked or question.optional:
        await save(
            session,
            assignment,
            questionnaire,
            assignment.position,
            value=",".join(sorted(ticked)) or None,
            now=now,
            advance=False,
        )
    elif answer is not None:
        await session.delete(answer)
        await session.flush()


async def type_answer(
    session: AsyncSession,
    person: Person,
    assignment_id: int,
    questionnaires: QuestionnaireSet,
    *,
    text: str | None,
    now: datetime,
) -> Answering:
    """A free text typed for the question on screen."""
    current = await answering(session, person, assignment_id, questionnaires)
    assignment, questionnaire = current.assignment, current.questionnaire
    if current.on_review or questionnaire.questions[assignment.position].kind != "text":
        raise AnswerRefused(AnswerRefusal.not_text)
    if not text or not text.strip():
        raise AnswerRefused(AnswerRefusal.empty)
    await save(session, assignment, questionnaire, assignment.position, text=text, now=now)
    return current


async def on_screen(session: AsyncSession, current: Answering) -> tuple[int, dict[str, QuestionnaireAnswer]]:
    """The question to show (or the review screen, `count`) and the answers given so far."""
    given = await answers(session, current.assignment.id)
    position = current.assignment.position
    if position < current.count and not is_shown(current.questionnaire.questions[position], given):
        position = review_position(current.questionnaire)  # hidden by a changed answer
    return position, given


async def _team(session: AsyncSession, household: Household | None) -> list[int]:
    """Who hears of a flagged answer: the coordinators and administrators, and the household's animator."""
    recipients = await session.exec(
        select(Person.id).where(col(Person.role).in_([Role.coordinator, Role.admin]), col(Person.active).is_(True))
    )
    team = set(recipients.all())
    if household is not None and household.animator_id is not None:
        team.add(household.animator_id)
    return sorted(team)


def _flag_key(assignment_id: int, question_id: str) -> str:
    return flag_key_prefix(assignment_id) + f"{question_id}:"


def flag_key_prefix(assignment_id: int) -> str:
    """The start of every alert's key for one assignment (erasure finds them by it)."""
    return _key(assignment_id) + "flag:"


async def _tell_team(
    session: AsyncSession,
    assignment: QuestionnaireAssignment,
    questionnaire: Questionnaire,
    question: Question,
    value: str,
    *,
    now: datetime,
    comment: str | None = None,
) -> None:
    """Queue the alert of one flagged answer to each of the team: at once with a comment, else
    after FLAG_WAIT unless the end of the questionnaire releases it sooner (_release_alerts)."""
    household = await session.get(Household, assignment.household_id) if assignment.household_id else None
    # The household's reference, never the person's name: it is enough to call back,
    # and nothing personal stays in the team's messages after the person erases their data.
    params = Flag(
        questionnaire_id=questionnaire.id,
        question_id=question.id,
        value=value,
        reference=household.reference if household else None,
        household_id=household.id if household else None,
        comment=comment,
    )
    key = _flag_key(assignment.id, question.id) + ("comment:" if comment else "")
    for person_id in await _team(session, household):
        await delivery.schedule(
            session,
            recipient_id=person_id,
            kind=FLAG,
            due_at=now if comment else now + FLAG_WAIT,
            now=now,
            params=params,
            dedup_key=key + f"to:{person_id}",
        )


def _comment(questionnaire: Questionnaire, given: dict[str, QuestionnaireAnswer]) -> str | None:
    written = [
        given[q.id].text or ""
        for q in questionnaire.questions
        if q.kind == "text" and q.id in given and given[q.id].text and is_shown(q, given)
    ]
    return "\n".join(written) or None


def _pending_flags(assignment_id: int, question_id: str, *, without_comment: bool) -> Any:
    prefix = _flag_key(assignment_id, question_id) + ("to:" if without_comment else "")
    return and_(
        col(OutboxMessage.dedup_key).startswith(prefix, autoescape=True),
        col(OutboxMessage.status) == OutboxStatus.pending,
    )


async def _release_alerts(
    session: AsyncSession,
    assignment: QuestionnaireAssignment,
    questionnaire: Questionnaire,
    given: dict[str, QuestionnaireAnswer],
    *,
    now: datetime,
) -> None:
    """The comment is written, skipped or the questionnaire is done: the alerts waiting go now.

    A pending alert is deleted, not cancelled, when it no longer applies or is replaced by the
    one with the comment: its key is then free if the answer flags again later."""
    if assignment.anonymous:
        return
    comment = _comment(questionnaire, given)
    for question in questionnaire.questions:
        if question.flag is None:
            continue
        answer = given.get(question.id)
        if answer is None or not question.flags(answer.value) or not is_shown(question, given):
            await session.exec(
                delete(OutboxMessage).where(_pending_flags(assignment.id, question.id, without_comment=False))
            )
        elif comment is None:
            await session.exec(
                update(OutboxMessage)
                .where(_pending_flags(assignment.id, question.id, without_comment=True))
                .values(due_at=now)
            )
        else:
            await session.exec(
                delete(OutboxMessage).where(_pending_flags(assignment.id, question.id, without_comment=True))
            )
            await _tell_team(session, assignment, questionnaire, question, answer.value or "", now=now, comment=comment)
    await session.flush()
