"""Staff: a new workshop's title and description in another language (optional, from the check
screen: "➕ Arabic version"). Tenants who read that language get these in every message about
the workshop; the others get the main ones."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.filters import STAFF, IsMember
from handlers.ui import versions as ui_versions
from handlers.ui.callbacks import SkipCallback, VersionCallback
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards
from handlers.workshops.replies import check_screen
from handlers.workshops.states import NewWorkshop

LOCALE_KEY = "version_locale"


async def version_chosen(
    query: CallbackQuery, callback_data: VersionCallback, state: FSMContext, settings: Settings
) -> None:
    locale = callback_data.locale.value
    if not ui_versions.valid_version(locale, settings.default_locale):
        return
    await state.update_data({LOCALE_KEY: locale})
    await state.set_state(NewWorkshop.version_title)
    await edit_or_send(query, ui_versions.ask_title(locale))


async def got_title(message: Message, state: FSMContext, settings: Settings) -> None:
    title = " ".join((message.text or "").split())
    if not 1 <= len(title) <= 120:
        await message.answer(_("A title has 1 to 120 characters. Try again."))
        return
    data = await state.get_data()
    locale = data.get(LOCALE_KEY, "")
    await state.update_data(version_title=title)
    if data.get("description"):
        await state.set_state(NewWorkshop.version_description)
        await message.answer(ui_versions.ask_description(locale), reply_markup=keyboards.skip())
        return
    await _save(message, state, settings, None)


async def got_description(message: Message, state: FSMContext, settings: Settings) -> None:
    description = (message.text or "").strip()
    if len(description) > 1000:
        await message.answer(_("Keep it under 1000 characters, please."))
        return
    await _save(message, state, settings, description or None)


async def skip_description(query: CallbackQuery, state: FSMContext, settings: Settings) -> None:
    if isinstance(query.message, Message):
        await _save(query.message, state, settings, None)


async def _save(message: Message, state: FSMContext, settings: Settings, description: str | None) -> None:
    data = await state.get_data()
    locale, title = data.get(LOCALE_KEY), data.get("version_title")
    if locale and title:
        versions = dict(data.get("versions") or {})
        versions[locale] = {"title": title, "description": description}
        await state.update_data(versions=versions, version_title=None, **{LOCALE_KEY: None})
    text, markup = await check_screen(state, settings)
    await message.answer(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*STAFF))
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(version_chosen, NewWorkshop.confirm, VersionCallback.filter())
    router.message.register(got_title, NewWorkshop.version_title, F.text)
    router.message.register(got_description, NewWorkshop.version_description, F.text)
    router.callback_query.register(skip_description, NewWorkshop.version_description, SkipCallback.filter())
    return router
