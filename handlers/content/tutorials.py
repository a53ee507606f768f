"""DIY tutorials: subjects → list → tools and materials → before you start → one step per
screen → done.

Every step replaces the previous one where Telegram allows (handlers/content/steps.py), so
the chat does not fill up; a step's picture comes with it, and "🔊 Listen" plays the team's
approved voice note. Opening and finishing are recorded for the coordinators' counts.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import IsMember
from bot.models import ContentEventKind, Person
from bot.services import content, contributions, tutorials
from bot.services.content import ContentLibrary, Tutorial
from bot.services.paging import page_of
from handlers.content import keyboards, steps, texts
from handlers.content.callbacks import (
    BEFORE_YOU_START,
    OVERVIEW,
    StepExtra,
    TutorialCallback,
    TutorialCategoryCallback,
    TutorialDoneCallback,
    TutorialStepExtraCallback,
)
from handlers.content.states import TutorialSearch
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send


def _tutorial(library: ContentLibrary, tutorial_id: str, person: Person) -> Tutorial | None:
    return library.tutorial(tutorial_id, person.locale)


async def subjects(
    query: CallbackQuery, state: FSMContext, person: Person, library: ContentLibrary, session: AsyncSession
) -> None:
    await state.clear()
    to_review = await contributions.pending_count(session, person)
    await edit_or_send(query, texts.subjects(), reply_markup=_subjects_keyboard(library, person, to_review))


def _subjects_keyboard(library: ContentLibrary, person: Person, to_review: int = 0) -> InlineKeyboardMarkup:
    keys = library.categories(person.locale)
    return keyboards.tutorial_categories([(key, texts.category_name(key)) for key in keys], to_review)


async def category(
    query: CallbackQuery, callback_data: TutorialCategoryCallback, person: Person, library: ContentLibrary
) -> None:
    if callback_data.category not in library.categories(person.locale):
        await edit_or_send(query, texts.subjects(), reply_markup=_subjects_keyboard(library, person))
        return
    items = library.tutorials(person.locale, category=callback_data.category)
    page = page_of(items, callback_data.offset, keyboards.TUTORIALS_PAGE_SIZE)
    title = texts.category_name(callback_data.category)
    await edit_or_send(query, f"<b>{title}</b>", reply_markup=keyboards.tutorial_list(page, callback_data.category))


async def show(
    query: CallbackQuery,
    callback_data: TutorialCallback,
    state: FSMContext,
    person: Person,
    library: ContentLibrary,
    session: AsyncSession,
    clock: Clock,
) -> None:
    tutorial = _tutorial(library, callback_data.id, person)
    if tutorial is None or not BEFORE_YOU_START <= callback_data.step < len(tutorial.steps):
        await edit_or_send(query, texts.no_such_tutorial(), reply_markup=_subjects_keyboard(library, person))
        return
    await state.clear()  # "Back to the step" from adding a photo or a voice note
    if callback_data.step == OVERVIEW:
        await tutorials.record(session, person, tutorial.id, ContentEventKind.opened, clock.now())
        overview, markup = texts.overview(tutorial), keyboards.tutorial_overview(tutorial)
        if tutorial.images and isinstance(query.message, Message) and await steps.send_overview_images(query, tutorial):
            # Below the photos, so the steps that follow stay next to them.
            await query.message.answer(overview, reply_markup=markup)
        else:
            await steps.show_text(query, overview, markup)
        return
    if callback_data.step == BEFORE_YOU_START:
        await steps.show_text(query, texts.before_you_start(tutorial), keyboards.before_you_start(tutorial))
        return
    extras = await contributions.on_step(session, tutorial.id, callback_data.step + 1, person.locale)
    withdraw = bool(await contributions.withdrawable(session, person, tutorial.id, callback_data.step + 1))
    await steps.show_step(query, tutorial, callback_data.step, extras, contributions.may_contribute(person), withdraw)


async def extra(
    query: CallbackQuery,
    callback_data: TutorialStepExtraCallback,
    person: Person,
    library: ContentLibrary,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    """ "🔊 Listen" or the team's other photos: what is approved now, read again at the press."""
    tutorial = _tutorial(library, callback_data.id, person)
    if tutorial is None or not 0 <= callback_data.step < len(tutorial.steps):
        await edit_or_send(query, texts.no_such_tutorial(), reply_markup=_subjects_keyboard(library, person))
        return
    extras = await contributions.on_step(session, tutorial.id, callback_data.step + 1, person.locale)
    if callback_data.extra is StepExtra.listen:
        if not extras.voices:
            callback_answer.text = texts.no_voice_note()
            return
        await steps.send_voices(query, extras.voices)
        return
    more = extras.photos if tutorial.steps[callback_data.step].images else extras.photos[1:]
    if not more:
        callback_answer.text = texts.no_more_photos()
        return
    await steps.send_photos(query, more)


async def done(
    query: CallbackQuery,
    callback_data: TutorialDoneCallback,
    person: Person,
    library: ContentLibrary,
    session: AsyncSession,
    clock: Clock,
) -> None:
    tutorial = _tutorial(library, callback_data.id, person)
    if tutorial is None:
        await edit_or_send(query, texts.no_such_tutorial(), reply_markup=_subjects_keyboard(library, person))
        return
    await tutorials.record(session, person, tutorial.id, ContentEventKind.finished, clock.now())
    await session.commit()
    await edit_or_send(query, texts.finished(tutorial), reply_markup=keyboards.after_tutorial())


async def ask_search(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(TutorialSearch.query)
    await edit_or_send(query, texts.ask_search())


async def search(message: Message, state: FSMContext, person: Person, library: ContentLibrary) -> None:
    assert message.text is not None
    await state.clear()
    await answer_search(message, message.text, person, library)


async def answer_search(
    message: Message, text: str, person: Person, library: ContentLibrary, *, quiet: bool = False
) -> bool:
    """Shows the tutorials that match. When none does: says so, or with `quiet`
    sends nothing and returns False (the caller answers instead)."""
    found = content.search_tutorials(library, text[:200], person.locale)
    if not found and quiet:
        return False
    if not found:
        await message.answer(texts.nothing_found(), reply_markup=keyboards.search_results([]))
        return False
    await message.answer(texts.found(), reply_markup=keyboards.search_results(found))
    return True


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember())
    router.callback_query.filter(IsMember())
    router.callback_query.register(subjects, MenuCallback.filter(F.action == MenuAction.tutorials))
    router.callback_query.register(category, TutorialCategoryCallback.filter())
    router.callback_query.register(show, TutorialCallback.filter())
    router.callback_query.register(extra, TutorialStepExtraCallback.filter())
    router.callback_query.register(done, TutorialDoneCallback.filter())
    router.callback_query.register(ask_search, MenuCallback.filter(F.action == MenuAction.tutorial_search))
    router.message.register(search, TutorialSearch.query, F.text)
    return router
