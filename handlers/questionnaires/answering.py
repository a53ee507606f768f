"""Answering a questionnaire: one question per screen, edited in place; free text typed.

"📝 My opinion" lists the questionnaires waiting; the invitation and its reminder
carry an "Answer" button too. Every tap is saved at once and the question on
screen is stored in the database, so leaving halfway (or a restart of the bot)
loses nothing: opening it again shows the same question. Before sending, a
review screen lets the person change any answer.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.delivery.render import Rendered
from bot.filters import IsMember
from bot.models import Person, QuestionnaireAnswer, QuestionnaireAssignment
from bot.services import questionnaires
from bot.services.content import ContentLibrary, Question, Questionnaire
from bot.services.delivery import Claimed
from handlers.questionnaires.callbacks import (
    QuestionnaireAction,
    QuestionnaireAnswerCallback,
    QuestionnaireCallback,
)
from handlers.questionnaires.states import QuestionnaireText
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.layout import column
from handlers.ui.menus import main_menu
from handlers.ui.replies import edit_or_send

ASSIGNMENT_KEY = "assignment_id"

SCALE_WORDS = {
    "satisfaction": {
        "5": __("😄 Very satisfied"),
        "4": __("🙂 Satisfied"),
        "3": __("😐 So-so"),
        "2": __("🙁 Dissatisfied"),
        "1": __("😞 Very dissatisfied"),
    },
    "agreement": {
        "5": __("😄 Completely agree"),
        "4": __("🙂 Rather agree"),
        "3": __("😐 Partly"),
        "2": __("🙁 Rather disagree"),
        "1": __("😞 Not at all"),
    },
}
YES_NO_WORDS = {"yes": __("👍 Yes"), "no": __("👎 No")}


def answer_text(question: Question, answer: QuestionnaireAnswer | None) -> str:
    """An answer in the person's words (used by the review screen and the team's alerts)."""
    if answer is None:
        return "–"
    if answer.value is None and answer.text is None:
        return _("(skipped)")
    if question.kind == "text":
        return answer.text or ""
    return value_text(question, answer.value or "")


def value_text(question: Question, value: str) -> str:
    if question.kind == "scale":
        return str(SCALE_WORDS[question.scale].get(value, value))
    if question.kind == "yes_no":
        return str(YES_NO_WORDS.get(value, value))
    return ", ".join(question.choice_label(key) for key in value.split(",") if key)


def _value_of(question: Question, number: int) -> str | None:
    """The answer a button's number stands for, or None if it is not one of this question's."""
    if question.kind == "scale":
        return str(number) if 1 <= number <= 5 else None
    if question.kind == "yes_no":
        return {1: "yes", 0: "no"}.get(number)
    if question.kind in ("single", "multiple") and 0 <= number < len(question.choices):
        return question.choices[number].key
    return None


def _question_keyboard(
    assignment: QuestionnaireAssignment, questionnaire: Questionnaire, index: int, given: dict[str, QuestionnaireAnswer]
) -> InlineKeyboardMarkup:
    question = questionnaire.questions[index]
    current = given.get(question.id)
    chosen = set((current.value or "").split(",")) if current is not None else set()
    aid = assignment.id
    buttons: list[tuple[str, object]] = []

    def answer(label: str, number: int, selected: bool) -> None:
        mark = "✅ " if selected else ""
        buttons.append((mark + label, QuestionnaireAnswerCallback(assignment_id=aid, index=index, value=number)))

    if question.kind == "scale":
        for score in ("5", "4", "3", "2", "1"):
            answer(str(SCALE_WORDS[question.scale][score]), int(score), score in chosen)
    elif question.kind == "yes_no":
        answer(str(YES_NO_WORDS["yes"]), 1, "yes" in chosen)
        answer(str(YES_NO_WORDS["no"]), 0, "no" in chosen)
    elif question.kind == "single":
        for number, choice in enumerate(question.choices):
            answer(choice.label, number, choice.key in chosen)
    elif question.kind == "multiple":
        for number, choice in enumerate(question.choices):
            tick = "☑️ " if choice.key in chosen else "⬜ "
            buttons.append(
                (tick + choice.label, QuestionnaireAnswerCallback(assignment_id=aid, index=index, value=number))
            )
        buttons.append(
            (_("✅ Done"), QuestionnaireCallback(assignment_id=aid, action=QuestionnaireAction.done, index=index))
        )
    if question.optional:
        buttons.append(
            (_("⏭ Skip"), QuestionnaireCallback(assignment_id=aid, action=QuestionnaireAction.skip, index=index))
        )
    if questionnaires.previous_position(questionnaire, given, index) is not None:
        buttons.append(
            (
                _("⬅️ Previous question"),
                QuestionnaireCallback(assignment_id=aid, action=QuestionnaireAction.back, index=index),
            )
        )
    buttons.append((_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu)))
    return column(buttons)  # type: ignore[arg-type]


def _question_text(questionnaire: Questionnaire, index: int, given: dict[str, QuestionnaireAnswer]) -> str:
    shown = questionnaires.shown_indexes(questionnaire, given)
    number = shown.index(index) + 1 if index in shown else 1
    question = questionnaire.questions[index]
    lines = [
        f"📝 <b>{escape(questionnaire.title)}</b> · {number}/{len(shown)}",
        "",
        f"<b>{escape(question.text)}</b>",
    ]
    current = given.get(question.id)
    if question.kind == "text":
        lines += ["", _("✍️ Type your answer below and send it.")]
        if current is not None and current.text:
            lines += ["", _("Your answer: {answer}").format(answer=escape(current.text))]
    elif question.kind == "multiple":
        lines += ["", _("Tap all that apply, then “Done”.")]
    if question.optional:
        lines.append(_("You can skip this question."))
    return "\n".join(lines)


def _review(
    assignment: QuestionnaireAssignment, questionnaire: Questionnaire, given: dict[str, QuestionnaireAnswer]
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [f"📝 <b>{escape(questionnaire.title)}</b>", "", _("Please check your answers:"), ""]
    aid = assignment.id
    buttons: list[tuple[str, object]] = [
        (_("📨 Send my answers"), QuestionnaireCallback(assignment_id=aid, action=QuestionnaireAction.send))
    ]
    for index in questionnaires.shown_indexes(questionnaire, given):
        question = questionnaire.questions[index]
        lines.append(f"• {escape(question.text)}\n   <b>{escape(answer_text(question, given.get(question.id)))}</b>")
        buttons.append(
            (
                _("✏️ Change: {label}").format(label=question.label),
                QuestionnaireCallback(assignment_id=aid, action=QuestionnaireAction.edit, index=index),
            )
        )
    buttons.append((_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu)))
    return "\n".join(lines)[:4000], column(buttons)  # type: ignore[arg-type]


async def _screen(
    session: AsyncSession, assignment: QuestionnaireAssignment, questionnaire: Questionnaire, state: FSMContext
) -> tuple[str, InlineKeyboardMarkup]:
    """The current screen, and the FSM state that goes with it (typing a free text, or none)."""
    given = await questionnaires.answers(session, assignment.id)
    position = assignment.position
    if position < len(questionnaire.questions) and not questionnaires.is_shown(
        questionnaire.questions[position], given
    ):
        position = questionnaires.review_position(questionnaire)  # hidden by a changed answer
    if position >= len(questionnaire.questions):
        await state.clear()
        return _review(assignment, questionnaire, given)
    if questionnaire.questions[position].kind == "text":
        await state.set_state(QuestionnaireText.answer)
        await state.set_data({ASSIGNMENT_KEY: assignment.id})
    else:
        await state.clear()
    return _question_text(questionnaire, position, given), _question_keyboard(
        assignment, questionnaire, position, given
    )


async def _load(
    session: AsyncSession, assignment_id: int, person: Person, library: ContentLibrary
) -> tuple[QuestionnaireAssignment, Questionnaire] | None:
    assignment = await questionnaires.owned(session, assignment_id, person.id)
    if assignment is None:
        return None
    questionnaire = library.questionnaires.get(assignment.questionnaire_id, person.locale)
    if questionnaire is None:
        return None
    return assignment, questionnaire


def _already_sent() -> str:
    return _("These answers were already sent. Thank you! 🙏")


async def my_opinion(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, library: ContentLibrary
) -> None:
    waiting = await questionnaires.pending(session, person.id, now=clock.now())
    buttons: list[tuple[str, object]] = []
    for assignment in waiting:
        questionnaire = library.questionnaires.get(assignment.questionnaire_id, person.locale)
        if questionnaire is not None:
            mark = "▶️ " if assignment.started_at else "📝 "
            buttons.append(
                (
                    mark + questionnaire.title,
                    QuestionnaireCallback(assignment_id=assignment.id, action=QuestionnaireAction.open),
                )
            )
    buttons.append((_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu)))
    text = (
        _("Your opinion helps us improve. Which questionnaire would you like to answer?")
        if len(buttons) > 1
        else _("No questionnaire is waiting for you. Thank you! 🙏")
    )
    await edit_or_send(query, text, reply_markup=column(buttons))  # type: ignore[arg-type]


async def action(
    query: CallbackQuery,
    callback_data: QuestionnaireCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    library: ContentLibrary,
    callback_answer: CallbackAnswer,
) -> None:
    loaded = await _load(session, callback_data.assignment_id, person, library)
    if loaded is None:
        await state.clear()
        callback_answer.text = _("This button is no longer active. Use /menu.")
        return
    assignment, questionnaire = loaded
    if assignment.completed_at is not None:
        await state.clear()
        await edit_or_send(query, _already_sent(), reply_markup=main_menu(person))
        return
    now, do = clock.now(), callback_data.action
    on_screen = callback_data.index == assignment.position
    count = len(questionnaire.questions)
    if do is QuestionnaireAction.open:
        await questionnaires.start(session, assignment, questionnaire, now=now)
    elif do is QuestionnaireAction.send and assignment.position >= count:
        await questionnaires.complete(session, assignment, now=now)
        await session.commit()
        await state.clear()
        await edit_or_send(query, _("🙏 Thank you! Your answers have been sent."), reply_markup=main_menu(person))
        return
    elif do is QuestionnaireAction.edit and assignment.position >= count and 0 <= callback_data.index < count:
        given = await questionnaires.answers(session, assignment.id)
        if questionnaires.is_shown(questionnaire.questions[callback_data.index], given):
            await questionnaires.move(session, assignment, callback_data.index)
    elif on_screen and do is QuestionnaireAction.back:
        given = await questionnaires.answers(session, assignment.id)
        previous = questionnaires.previous_position(questionnaire, given, assignment.position)
        if previous is not None:
            await questionnaires.move(session, assignment, previous)
    elif on_screen and assignment.position < count and do is QuestionnaireAction.skip:
        if questionnaire.questions[assignment.position].optional:
            await questionnaires.save(session, assignment, questionnaire, assignment.position, value=None, now=now)
    elif on_screen and assignment.position < count and do is QuestionnaireAction.done:
        question = questionnaire.questions[assignment.position]
        given = await questionnaires.answers(session, assignment.id)
        ticked = given.get(question.id)
        if ticked is None or not ticked.value:
            if not question.optional:
                callback_answer.text = _("Please tick at least one answer.")
                return
            await questionnaires.save(session, assignment, questionnaire, assignment.position, value=None, now=now)
        else:
            await questionnaires.save(
                session, assignment, questionnaire, assignment.position, value=ticked.value, now=now
            )
    await session.commit()
    text, markup = await _screen(session, assignment, questionnaire, state)
    await edit_or_send(query, text, reply_markup=markup)


async def answered(
    query: CallbackQuery,
    callback_data: QuestionnaireAnswerCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    library: ContentLibrary,
    callback_answer: CallbackAnswer,
) -> None:
    loaded = await _load(session, callback_data.assignment_id, person, library)
    if loaded is None or loaded[0].completed_at is not None or callback_data.index != loaded[0].position:
        callback_answer.text = _("This button is no longer active. Use /menu.")
        return
    assignment, questionnaire = loaded
    if not 0 <= assignment.position < len(questionnaire.questions):
        return
    question = questionnaire.questions[assignment.position]
    value = _value_of(question, callback_data.value)
    if value is None:
        callback_answer.text = _("This button is no longer active. Use /menu.")
        return
    now = clock.now()
    if question.kind == "multiple":
        given = await questionnaires.answers(session, assignment.id)
        current = given.get(question.id)
        ticked = set((current.value or "").split(",")) - {""} if current is not None else set()
        ticked ^= {value}
        if ticked or question.optional:
            await questionnaires.save(
                session,
                assignment,
                questionnaire,
                assignment.position,
                value=",".join(sorted(ticked)) or None,
                now=now,
                advance=False,
            )
        else:
            await _untick_last(session, assignment, question)
    else:
        await questionnaires.save(session, assignment, questionnaire, assignment.position, value=value, now=now)
    await session.commit()
    text, markup = await _screen(session, assignment, questionnaire, state)
    await edit_or_send(query, text, reply_markup=markup)


async def _untick_last(session: AsyncSession, assignment: QuestionnaireAssignment, question: Question) -> None:
    """The last tick of a required multiple choice removed: no answer yet (not "skipped")."""
    given = await questionnaires.answers(session, assignment.id)
    current = given.get(question.id)
    if current is not None:
        await session.delete(current)
        await session.flush()


async def typed(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, library: ContentLibrary
) -> None:
    data = await state.get_data()
    loaded = await _load(session, int(data.get(ASSIGNMENT_KEY) or 0), person, library)
    if loaded is None or loaded[0].completed_at is not None:
        await state.clear()
        await message.answer(
            _already_sent() if loaded else _("This questionnaire is no longer available."),
            reply_markup=main_menu(person),
        )
        return
    assignment, questionnaire = loaded
    position = assignment.position
    if position >= len(questionnaire.questions) or questionnaire.questions[position].kind != "text":
        text, markup = await _screen(session, assignment, questionnaire, state)
        await message.answer(text, reply_markup=markup)
        return
    if not message.text or not message.text.strip():
        await message.answer(_("Please type your answer as text, or use the buttons above."))
        return
    await questionnaires.save(session, assignment, questionnaire, position, text=message.text, now=clock.now())
    await session.commit()
    text, markup = await _screen(session, assignment, questionnaire, state)
    await message.answer(text, reply_markup=markup)


def renderers(library: ContentLibrary) -> dict:  # type: ignore[type-arg]
    def _questionnaire(row: Claimed) -> Questionnaire:
        found = library.questionnaires.get(str(row.params.get("questionnaire_id")), row.locale)
        if found is None:
            raise ValueError(f"unknown questionnaire {row.params.get('questionnaire_id')!r}")
        return found

    def _open(row: Claimed) -> InlineKeyboardMarkup:
        return column(
            [
                (
                    _("📝 Answer"),
                    QuestionnaireCallback(
                        assignment_id=int(row.params["assignment_id"]), action=QuestionnaireAction.open
                    ),
                )
            ]
        )

    def invite(row: Claimed) -> Rendered:
        questionnaire = _questionnaire(row)
        return Rendered(f"📝 <b>{escape(questionnaire.title)}</b>\n\n{escape(questionnaire.intro)}", _open(row))

    def reminder(row: Claimed) -> Rendered:
        questionnaire = _questionnaire(row)
        text = _("🔔 A reminder: your opinion matters to us. You can answer now, or later from “📝 My opinion”.")
        return Rendered(f"{text}\n\n📝 <b>{escape(questionnaire.title)}</b>", _open(row))

    def flag(row: Claimed) -> Rendered:
        questionnaire = _questionnaire(row)
        question = questionnaire.question(str(row.params.get("question_id")))
        asked = question.text if question else str(row.params.get("question_id"))
        answer = value_text(question, str(row.params.get("value"))) if question else str(row.params.get("value"))
        reference = row.params.get("reference") or "–"
        text = _(
            "⚠️ <b>A reply needs a call back</b>\n\nHousehold: {reference}\nQuestionnaire: {title}\n"
            "Question: {question}\nAnswer: {answer}"
        ).format(
            reference=escape(str(reference)),
            title=escape(questionnaire.title),
            question=escape(asked),
            answer=escape(answer),
        )
        return Rendered(text)

    return {questionnaires.INVITE: invite, questionnaires.REMINDER: reminder, questionnaires.FLAG: flag}


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember())
    router.message.filter(IsMember())
    router.callback_query.register(my_opinion, MenuCallback.filter(F.action == MenuAction.my_opinion))
    router.callback_query.register(action, QuestionnaireCallback.filter())
    router.callback_query.register(answered, QuestionnaireAnswerCallback.filter())
    router.message.register(typed, QuestionnaireText.answer)
    return router
