"""DIY tutorials: subjects → list → tools and materials → one step per screen → done.

Every step replaces the previous one in the same message (Previous / Next),
so the chat does not fill up. Opening and finishing are recorded for the
coordinators' counts.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.delivery.render import Rendered
from bot.filters import IsMember
from bot.models import ContentEventKind, Person
from bot.services import content, tutorials
from bot.services.content import ContentLibrary, Labels, Tutorial
from bot.services.delivery import Claimed
from handlers.content import keyboards as keyboards
from handlers.content.callbacks import (
    TutorialCallback,
    TutorialCategoryCallback,
    TutorialDoneCallback,
)
from handlers.content.states import TutorialSearch
from handlers.ui import texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send

CATEGORY_NAMES = {
    "painting": __("🎨 Painting"),
    "walls": __("🧱 Walls: holes and cracks"),
    "tiling": __("🔲 Tiles and joints"),
    "plumbing": __("🚰 Taps, shower and sink"),
    "heating": __("🔥 Heating"),
    "electricity": __("💡 Lighting"),
    "damp": __("💧 Damp and mould"),
    "fixing": __("🔩 Fixing things to the wall"),
}


def labels() -> Labels:
    return Labels(
        step=_("Step {number}/{total}"),
        tools=_("Tools"),
        materials=_("Materials"),
        safety=_("Safety"),
        price=_("€{amount}"),
        price_range=_("€{low}–{high}"),
    )


def _tutorial(library: ContentLibrary, tutorial_id: str, person: Person) -> Tutorial | None:
    return library.tutorial(tutorial_id, person.locale)


def _overview_text(tutorial: Tutorial) -> str:
    text = content.render_materials(tutorial, labels())
    if tutorial.fallback:
        text = _("(Not yet translated: here it is in French.)") + "\n\n" + text
    return text


async def subjects(query: CallbackQuery, state: FSMContext, person: Person, library: ContentLibrary) -> None:
    await state.clear()
    await edit_or_send(query, _subjects_text(), reply_markup=_subjects_keyboard(library, person))


def _subjects_text() -> str:
    return _("<b>🛠 Tutorials</b>\n\nChoose a subject, or search with your own words.")


def _subjects_keyboard(library: ContentLibrary, person: Person):  # type: ignore[no-untyped-def]
    keys = library.categories(person.locale)
    return keyboards.tutorial_categories([(key, str(CATEGORY_NAMES.get(key, key))) for key in keys])


async def category(
    query: CallbackQuery, callback_data: TutorialCategoryCallback, person: Person, library: ContentLibrary
) -> None:
    if callback_data.category not in library.categories(person.locale):
        await edit_or_send(query, _subjects_text(), reply_markup=_subjects_keyboard(library, person))
        return
    items = library.tutorials(person.locale, category=callback_data.category)
    offset = max(0, min(callback_data.offset, len(items) - 1))
    title = str(CATEGORY_NAMES.get(callback_data.category, callback_data.category))
    await edit_or_send(
        query, f"<b>{title}</b>", reply_markup=keyboards.tutorial_list(items, callback_data.category, offset)
    )


async def show(
    query: CallbackQuery,
    callback_data: TutorialCallback,
    person: Person,
    library: ContentLibrary,
    session: AsyncSession,
    clock: Clock,
) -> None:
    tutorial = _tutorial(library, callback_data.id, person)
    if tutorial is None or not -1 <= callback_data.step < len(tutorial.steps):
        await edit_or_send(
            query, _("This tutorial no longer exists."), reply_markup=_subjects_keyboard(library, person)
        )
        return
    if callback_data.step == -1:
        await tutorials.record(session, person, tutorial.id, ContentEventKind.opened, clock.now())
        if tutorial.images and await _send_images(query, tutorial):
            # Below the photos, so the steps that follow stay next to them.
            await query.message.answer(  # type: ignore[union-attr]
                _overview_text(tutorial), reply_markup=keyboards.tutorial_overview(tutorial)
            )
        else:
            await edit_or_send(query, _overview_text(tutorial), reply_markup=keyboards.tutorial_overview(tutorial))
        return
    text = content.render_step(tutorial, callback_data.step, labels())
    await edit_or_send(query, text, reply_markup=keyboards.tutorial_step(tutorial, callback_data.step))


async def _send_images(query: CallbackQuery, tutorial: Tutorial) -> bool:
    """The tutorial's photos or diagrams (validated to exist and fit Telegram's limits)."""
    if query.bot is None or not isinstance(query.message, Message):
        return False
    for image in tutorial.images:
        await query.bot.send_photo(
            query.message.chat.id, FSInputFile(image.path), caption=content.inline_html(image.caption) or None
        )
    return True


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
        await edit_or_send(
            query, _("This tutorial no longer exists."), reply_markup=_subjects_keyboard(library, person)
        )
        return
    await tutorials.record(session, person, tutorial.id, ContentEventKind.finished, clock.now())
    await session.commit()
    await edit_or_send(
        query,
        _("👏 Well done! You finished “{title}”.\nShow your animator at the next visit.").format(
            title=escape(tutorial.title, quote=False)
        ),
        reply_markup=keyboards.after_tutorial(tutorial),
    )


async def ask_search(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(TutorialSearch.query)
    await edit_or_send(query, _("What do you need to do? Write it in your own words, for example “my tap drips”."))


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
        await message.answer(
            _("I found no tutorial for that. Try other words, or choose a subject."),
            reply_markup=keyboards.search_results([]),
        )
        return False
    await message.answer(_("These tutorials may help:"), reply_markup=keyboards.search_results(found))
    return True


def renderers(library: ContentLibrary) -> dict:  # type: ignore[type-arg]
    def shared(row: Claimed) -> Rendered:
        tutorial = library.tutorial(str(row.params.get("item_id")), row.locale)
        if tutorial is None:
            raise ValueError(f"unknown tutorial {row.params.get('item_id')!r}")
        text = _("📤 {sender} sent you a tutorial:\n<b>{title}</b>").format(
            sender=texts.sender_name(row.params), title=escape(tutorial.title, quote=False)
        )
        return Rendered(text, keyboards.open_tutorial(tutorial.id))

    return {tutorials.SHARED_TUTORIAL: shared}


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember())
    router.callback_query.filter(IsMember())
    router.callback_query.register(subjects, MenuCallback.filter(F.action == MenuAction.tutorials))
    router.callback_query.register(category, TutorialCategoryCallback.filter())
    router.callback_query.register(show, TutorialCallback.filter())
    router.callback_query.register(done, TutorialDoneCallback.filter())
    router.callback_query.register(ask_search, MenuCallback.filter(F.action == MenuAction.tutorial_search))
    router.message.register(search, TutorialSearch.query, F.text)
    return router
