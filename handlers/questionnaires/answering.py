"""Answering a questionnaire: one question per screen, edited in place; free text typed.

"📝 My opinion" lists the questionnaires waiting; the invitation and its reminder
carry an "Answer" button too. Every tap is saved at once and the question on
screen is stored in the database, so leaving halfway (or a restart of the bot)
loses nothing: opening it again shows the same question. Before sending, a
review screen lets the person change any answer. Whose assignment it is, and
what each press may change, is checked by bot/services/questionnaires.py.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import IsMember
from bot.models import Person
from bot.services import questionnaires
from bot.services.content import ContentLibrary
from bot.services.questionnaires import Answering, AnswerRefusal, AnswerRefused, Step
from handlers.questionnaires import keyboards, texts
from handlers.questionnaires.callbacks import (
    QuestionnaireAction,
    QuestionnaireAnswerCallback,
    QuestionnaireCallback,
)
from handlers.questionnaires.states import QuestionnaireText
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import main_menu
from handlers.ui.replies import edit_or_send

ASSIGNMENT_KEY = "assignment_id"
STEPS = {
    QuestionnaireAction.open: Step.open,
    QuestionnaireAction.back: Step.back,
    QuestionnaireAction.skip: Step.skip,
    QuestionnaireAction.done: Step.done,
    QuestionnaireAction.send: Step.send,
    QuestionnaireAction.edit: Step.edit,
}


async def _screen(session: AsyncSession, current: Answering, state: FSMContext) -> tuple[str, InlineKeyboardMarkup]:
    """The current screen, and the FSM state that goes with it (typing a free text, or none)."""
    position, given = await questionnaires.on_screen(session, current)
    assignment_id, questionnaire = current.assignment.id, current.questionnaire
    # An answer asked for help: each screen after it says someone will call back.
    call_back = texts.call_back() + "\n\n" if questionnaires.needs_call_back(questionnaire, given) else ""
    if position >= current.count:
        await state.clear()
        return call_back + texts.review_text(questionnaire, given), keyboards.review(
            assignment_id, questionnaire, given
        )
    if questionnaire.questions[position].kind == "text":
        await state.set_state(QuestionnaireText.answer)
        await state.set_data({ASSIGNMENT_KEY: assignment_id})
    else:
        await state.clear()
    return (
        call_back + texts.question_text(questionnaire, position, given),
        keyboards.question(assignment_id, questionnaire, position, given),
    )


async def my_opinion(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, library: ContentLibrary
) -> None:
    titles = []
    for assignment in await questionnaires.pending(session, person.id, now=clock.now()):
        questionnaire = library.questionnaires.get(assignment.questionnaire_id, person.locale)
        if questionnaire is not None:
            titles.append((assignment.id, questionnaire.title, assignment.started_at is not None))
    await edit_or_send(query, texts.waiting(bool(titles)), reply_markup=keyboards.waiting(titles))


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
    try:
        current = await questionnaires.step(
            session,
            person,
            callback_data.assignment_id,
            library.questionnaires,
            move=STEPS[callback_data.action],
            index=callback_data.index,
            now=clock.now(),
        )
    except AnswerRefused as refused:
        if refused.reason is AnswerRefusal.needs_a_tick:
            callback_answer.text = texts.tick_one()
            return
        await state.clear()
        if refused.reason is AnswerRefusal.already_sent:
            await edit_or_send(query, texts.already_sent(), reply_markup=main_menu(person))
        else:
            callback_answer.text = texts.inactive_button()
        return
    await session.commit()
    if current.assignment.completed_at is not None:  # just sent
        await state.clear()
        given = await questionnaires.answers(session, current.assignment.id)
        call_back = questionnaires.needs_call_back(current.questionnaire, given)
        await edit_or_send(query, texts.sent(call_back), reply_markup=main_menu(person))
        return
    text, markup = await _screen(session, current, state)
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
    try:
        current = await questionnaires.choose(
            session,
            person,
            callback_data.assignment_id,
            library.questionnaires,
            index=callback_data.index,
            number=callback_data.value,
            now=clock.now(),
        )
    except AnswerRefused:  # another person's, already sent, or a button of an older screen
        callback_answer.text = texts.inactive_button()
        return
    await session.commit()
    text, markup = await _screen(session, current, state)
    await edit_or_send(query, text, reply_markup=markup)


async def typed(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, library: ContentLibrary
) -> None:
    assignment_id = int((await state.get_data()).get(ASSIGNMENT_KEY) or 0)
    try:
        current = await questionnaires.type_answer(
            session, person, assignment_id, library.questionnaires, text=message.text, now=clock.now()
        )
    except AnswerRefused as refused:
        if refused.reason is AnswerRefusal.empty:
            await message.answer(texts.type_the_answer())
        elif refused.reason is AnswerRefusal.not_text:  # the screen moved on: show it again
            current = await questionnaires.answering(session, person, assignment_id, library.questionnaires)
            text, markup = await _screen(session, current, state)
            await message.answer(text, reply_markup=markup)
        else:
            await state.clear()
            sent = refused.reason is AnswerRefusal.already_sent
            await message.answer(
                texts.already_sent() if sent else texts.no_longer_available(), reply_markup=main_menu(person)
            )
        return
    await session.commit()
    text, markup = await _screen(session, current, state)
    await message.answer(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember())
    router.message.filter(IsMember())
    router.callback_query.register(my_opinion, MenuCallback.filter(F.action == MenuAction.my_opinion))
    router.callback_query.register(action, QuestionnaireCallback.filter())
    router.callback_query.register(answered, QuestionnaireAnswerCallback.filter())
    router.message.register(typed, QuestionnaireText.answer)
    return router
