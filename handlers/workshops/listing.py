"""Staff: the list of workshops (a page at a time) and one workshop's screen."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, WorkshopStatus
from bot.services import rsvp, workshop_rules, workshops
from bot.services.workshop_rules import WorkshopRefused
from handlers.ui.calendar import CalendarAction, CalendarCallback
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards, texts
from handlers.workshops.callbacks import WorkshopCallback, WorkshopListCallback

PAGE_SIZE = 15


async def _show_list(
    query: CallbackQuery, session: AsyncSession, clock: Clock, settings: Settings, offset: int
) -> None:
    page = await workshops.recent_and_upcoming(session, now=clock.now(), offset=offset, limit=PAGE_SIZE)
    await edit_or_send(query, texts.staff_list(bool(page.rows)), reply_markup=keyboards.staff_list(page, settings.tz))


async def workshop_list(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await state.clear()
    await _show_list(query, session, clock, settings, 0)


async def list_page(
    query: CallbackQuery, callback_data: WorkshopListCallback, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    await _show_list(query, session, clock, settings, callback_data.offset)


async def detail(
    query: CallbackQuery, callback_data: WorkshopCallback, person: Person, session: AsyncSession, settings: Settings
) -> None:
    try:
        workshop = await workshop_rules.followed(session, person, callback_data.id)
    except WorkshopRefused:
        await edit_or_send(query, _("This workshop no longer exists."))
        return
    counts = await rsvp.counts(session, workshop.id)
    versions = (await rsvp.versions_of(session, [workshop.id]))[workshop.id]
    await edit_or_send(
        query,
        texts.staff_summary(workshop, counts, settings.tz, versions),
        reply_markup=keyboards.detail(workshop.id, workshop.status is WorkshopStatus.cancelled),
    )


async def calendar_label(query: CallbackQuery) -> None:
    """A month name, a weekday or a past day: nothing to do (the press is still answered)."""


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(workshop_list, MenuCallback.filter(F.action == MenuAction.workshops))
    router.callback_query.register(list_page, WorkshopListCallback.filter())
    router.callback_query.register(calendar_label, CalendarCallback.filter(F.action == CalendarAction.ignore))
    router.callback_query.register(detail, WorkshopCallback.filter())
    return router
