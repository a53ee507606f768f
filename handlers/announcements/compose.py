"""Coordinators send a message to a group of tenants and watch it being delivered.

audience → (site | phase) → text → preview (→ a version in another language → preview) → send. The progress message is
edited by the scheduler (bot/delivery/progress.py) until every copy is done.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.models import Person, Phase
from bot.services import announcements, delivery
from bot.services.announcements import AnnouncementRefused, Audience, AudienceKind
from bot.services.delivery import Progress
from handlers.announcements import texts
from handlers.announcements.callbacks import (
    AnnouncementConfirmCallback,
    AudienceCallback,
    AudiencePhaseCallback,
    AudienceSiteCallback,
)
from handlers.announcements.keyboards import (
    announcement_confirmation,
    audience_choice,
    phase_choice,
    site_choice,
)
from handlers.announcements.states import Announcement
from handlers.ui import texts as ui_texts
from handlers.ui import versions as ui_versions
from handlers.ui.callbacks import MenuAction, MenuCallback, VersionCallback
from handlers.ui.menus import back_to_menu, main_menu
from handlers.ui.progress import held_until, progress_screen
from handlers.ui.replies import edit_or_send

SITES_KEY = "sites"


async def start(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(Announcement.audience)
    await edit_or_send(query, texts.who(), reply_markup=audience_choice())


async def audience_all(query: CallbackQuery, state: FSMContext, session: AsyncSession) -> None:
    await _ask_text(query, state, session, Audience(AudienceKind.all))


async def audience_site(query: CallbackQuery, state: FSMContext, session: AsyncSession) -> None:
    sites = await announcements.sites(session)
    if not sites:
        await edit_or_send(query, texts.no_household(), reply_markup=back_to_menu())
        return
    await state.update_data({SITES_KEY: sites})
    await edit_or_send(query, texts.which_site(), reply_markup=site_choice(sites))


async def site_chosen(
    query: CallbackQuery, callback_data: AudienceSiteCallback, state: FSMContext, session: AsyncSession
) -> None:
    sites = (await state.get_data()).get(SITES_KEY, [])
    if not 0 <= callback_data.index < len(sites):
        await edit_or_send(query, texts.out_of_date(), reply_markup=audience_choice())
        return
    await _ask_text(query, state, session, Audience(AudienceKind.site, site=sites[callback_data.index]))


async def audience_phase(query: CallbackQuery) -> None:
    names = {phase: str(ui_texts.PHASE_NAMES[phase]) for phase in Phase}
    await edit_or_send(query, texts.which_phase(), reply_markup=phase_choice(names))


async def phase_chosen(
    query: CallbackQuery, callback_data: AudiencePhaseCallback, state: FSMContext, session: AsyncSession
) -> None:
    await _ask_text(query, state, session, Audience(AudienceKind.phase, phase=callback_data.phase))


async def _ask_text(query: CallbackQuery, state: FSMContext, session: AsyncSession, audience: Audience) -> None:
    count = len(await announcements.recipients(session, audience))
    if count == 0:
        await state.set_state(Announcement.audience)
        await edit_or_send(query, texts.nobody_choose_again(), reply_markup=audience_choice())
        return
    await state.update_data(
        kind=audience.kind.value, site=audience.site, phase=audience.phase.value if audience.phase else None
    )
    await state.set_state(Announcement.text)
    await edit_or_send(query, texts.type_it(count))


async def got_text(message: Message, state: FSMContext, session: AsyncSession, settings: Settings) -> None:
    assert message.text is not None
    try:
        text = announcements.clean_text(message.text)
    except AnnouncementRefused as refused:
        await message.answer(texts.not_a_message(refused.reason))
        return
    await state.update_data(text=text)
    await _preview(message, state, session, settings)


async def _preview(message: Message, state: FSMContext, session: AsyncSession, settings: Settings) -> None:
    """The message as tenants will read it, who reads which language, Send / a version / Cancel."""
    data = await state.get_data()
    versions: dict[str, str] = data.get("versions") or {}
    audience = _audience(data)
    count = len(await announcements.recipients(session, audience))
    readers = await announcements.readers(session, audience, main_locale=settings.default_locale, versions=versions)
    await state.set_state(Announcement.confirm)
    await message.answer(
        texts.preview(data["text"], count, readers, versions),
        reply_markup=announcement_confirmation(settings.default_locale, versions),
    )


async def version_chosen(
    query: CallbackQuery, callback_data: VersionCallback, state: FSMContext, settings: Settings
) -> None:
    """ "➕ Arabic version" under the preview: the same message, typed in that language."""
    locale = callback_data.locale.value
    if not ui_versions.valid_version(locale, settings.default_locale):
        return
    await state.update_data(version_locale=locale)
    await state.set_state(Announcement.version)
    await edit_or_send(query, ui_versions.ask_message(locale))


async def got_version(message: Message, state: FSMContext, session: AsyncSession, settings: Settings) -> None:
    assert message.text is not None
    try:
        text = announcements.clean_text(message.text)
    except AnnouncementRefused as refused:
        await message.answer(texts.not_a_message(refused.reason))
        return
    data = await state.get_data()
    locale = data.get("version_locale")
    if locale:
        await state.update_data(versions={**(data.get("versions") or {}), locale: text}, version_locale=None)
    await _preview(message, state, session, settings)


async def confirmed(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        broadcast, count = await announcements.send(
            session,
            audience=_audience(data),
            text=data["text"],
            sender=person,
            now=clock.now(),
            versions=data.get("versions") or {},
        )
    except AnnouncementRefused:  # nobody left in the group (the role was checked by the router too)
        await edit_or_send(query, texts.nobody(), reply_markup=main_menu(person))
        return
    await session.commit()  # queued for real before we show progress
    progress = Progress(total=count, sent=0, waiting=count, blocked=0, failed=0, cancelled=0)
    text, markup = progress_screen(progress, held_until(settings, clock.now()), settings.tz)
    await edit_or_send(query, text, reply_markup=markup)
    if isinstance(query.message, Message):
        await delivery.attach_progress_message(
            session, broadcast.id, chat_id=query.message.chat.id, message_id=query.message.message_id
        )


async def cancelled(query: CallbackQuery, state: FSMContext, person: Person) -> None:
    await state.clear()
    await edit_or_send(
        query, ui_texts.cancelled() + "\n\n" + ui_texts.main_menu(person), reply_markup=main_menu(person)
    )


def _audience(data: dict[str, Any]) -> Audience:
    phase = data.get("phase")
    return Audience(AudienceKind(data["kind"]), site=data.get("site"), phase=Phase(phase) if phase else None)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.register(start, MenuCallback.filter(F.action == MenuAction.announce))
    router.callback_query.register(
        audience_all, Announcement.audience, AudienceCallback.filter(F.kind == AudienceKind.all)
    )
    router.callback_query.register(
        audience_site, Announcement.audience, AudienceCallback.filter(F.kind == AudienceKind.site)
    )
    router.callback_query.register(
        audience_phase, Announcement.audience, AudienceCallback.filter(F.kind == AudienceKind.phase)
    )
    router.callback_query.register(site_chosen, Announcement.audience, AudienceSiteCallback.filter())
    router.callback_query.register(phase_chosen, Announcement.audience, AudiencePhaseCallback.filter())
    router.message.register(got_text, Announcement.text, F.text)
    router.callback_query.register(version_chosen, Announcement.confirm, VersionCallback.filter())
    router.message.register(got_version, Announcement.version, F.text)
    router.callback_query.register(confirmed, Announcement.confirm, AnnouncementConfirmCallback.filter(F.send))
    router.callback_query.register(cancelled, Announcement.confirm, AnnouncementConfirmCallback.filter(~F.send))
    return router
