"""The team adds a photo or a voice note to a tutorial's step (seed 003: tutorials made from
the workshops).

step → "➕ Add a photo or a voice note" → a photo, or a voice note in French or Arabic →
sent → waits for a coordinator's approval (bot/services/contributions.py decides who may).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import STAFF, IsMember
from bot.i18n import LANGUAGE_NAMES
from bot.models import ContributionKind, Person
from bot.services import contributions
from bot.services.content import ContentLibrary
from bot.services.contributions import ContributionRefused
from handlers.content import keyboards, texts
from handlers.content.callbacks import ContributeCallback, ContributeWhat
from handlers.content.states import StepContribution
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send

TUTORIAL_KEY, STEP_KEY, LOCALE_KEY = "tutorial_id", "step", "locale"
VOICES = {ContributeWhat.voice_fr: "fr", ContributeWhat.voice_ar: "ar"}


async def choose(
    query: CallbackQuery,
    callback_data: ContributeCallback,
    state: FSMContext,
    person: Person,
    library: ContentLibrary,
) -> None:
    tutorial = library.tutorial(callback_data.id, person.locale)
    try:
        contributions.check_step(person, library, callback_data.id, callback_data.step + 1)
    except ContributionRefused:
        await edit_or_send(query, texts.cannot_contribute(), reply_markup=back_to_menu())
        return
    assert tutorial is not None  # check_step found it
    index = callback_data.step
    back = keyboards.back_to_step(tutorial.id, index)
    if callback_data.what is ContributeWhat.choose:
        await state.clear()
        await _answer(query, texts.what_to_add(tutorial, index), keyboards.what_to_add(tutorial, index))
        return
    locale = VOICES.get(callback_data.what)
    await state.set_state(StepContribution.photo if locale is None else StepContribution.voice)
    await state.set_data({TUTORIAL_KEY: tutorial.id, STEP_KEY: index, LOCALE_KEY: locale})
    ask = texts.send_the_photo() if locale is None else texts.record_the_voice(LANGUAGE_NAMES[locale])
    await _answer(query, ask, back)


async def _answer(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Below the step (which may be a photo): a new message, so the step stays on screen."""
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=markup)


async def received(
    message: Message,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    clock: Clock,
) -> None:
    data = await state.get_data()
    tutorial_id, index, locale = str(data.get(TUTORIAL_KEY, "")), int(data.get(STEP_KEY, 0)), data.get(LOCALE_KEY)
    if message.photo:
        kind, file_id = ContributionKind.photo, message.photo[-1].file_id  # the largest size
    else:
        assert message.voice is not None  # the router only lets photos and voice notes in
        kind, file_id = ContributionKind.voice, message.voice.file_id
    await state.clear()
    try:
        await contributions.contribute(
            session,
            person,
            library,
            tutorial_id=tutorial_id,
            step=index + 1,
            kind=kind,
            file_id=file_id,
            locale=locale if isinstance(locale, str) else None,
            now=clock.now(),
        )
    except ContributionRefused:
        await message.answer(texts.cannot_contribute(), reply_markup=back_to_menu())
        return
    await session.commit()
    await message.answer(texts.contribution_waiting(kind), reply_markup=keyboards.back_to_step(tutorial_id, index))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(choose, ContributeCallback.filter())
    router.message.register(received, StepContribution.photo, F.photo)
    router.message.register(received, StepContribution.voice, F.voice)
    return router
