"""Energy and water tips: one at a time with "Another tip", and one a week
on the chosen day through the outbox (bot/services/tips.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import I18n
from babel.dates import get_day_names
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person
from bot.services import content, tips
from bot.services.content import ContentLibrary, Tip
from handlers.content import keyboards, texts
from handlers.content.callbacks import (
    TipCallback,
    TipDayCallback,
    TipsAction,
    TipsActionCallback,
)
from handlers.ui import texts as ui_texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import main_menu
from handlers.ui.replies import edit_or_send


def _season_tips(library: ContentLibrary, person: Person, clock: Clock, settings: Settings) -> list[Tip]:
    today = clock.now().astimezone(settings.tz).date()
    return library.tips(person.locale, season=content.current_season(today))


async def _show(
    query: CallbackQuery,
    index: int,
    person: Person,
    library: ContentLibrary,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    season = _season_tips(library, person, clock, settings)
    index = index % len(season)
    subscription = await tips.subscription(session, person.id)
    subscribed = subscription is not None and subscription.active
    await edit_or_send(
        query, content.render_tip(season[index]), reply_markup=keyboards.tip_screen(index, len(season), subscribed)
    )


async def first_tip(
    query: CallbackQuery,
    person: Person,
    library: ContentLibrary,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    await _show(query, 0, person, library, session, clock, settings)


async def another_tip(
    query: CallbackQuery,
    callback_data: TipCallback,
    person: Person,
    library: ContentLibrary,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    await _show(query, callback_data.index, person, library, session, clock, settings)


def _day_names(locale: str) -> list[str]:
    names = get_day_names("wide", locale=locale)
    return [names[weekday].capitalize() for weekday in range(7)]


async def choose_day(query: CallbackQuery, i18n: I18n) -> None:
    await edit_or_send(
        query,
        texts.ask_day(),
        reply_markup=keyboards.weekdays(_day_names(i18n.current_locale)),
    )


async def day_chosen(
    query: CallbackQuery,
    callback_data: TipDayCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    i18n: I18n,
) -> None:
    if not 0 <= callback_data.weekday <= 6:
        await edit_or_send(query, ui_texts.main_menu(person), reply_markup=main_menu(person))
        return
    await tips.subscribe(session, person, callback_data.weekday, clock.now())
    await session.commit()
    day = _day_names(i18n.current_locale)[callback_data.weekday]
    await edit_or_send(
        query,
        texts.subscribed(day),
        reply_markup=main_menu(person),
    )


async def unsubscribe(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    await tips.unsubscribe(session, person)
    await session.commit()
    await edit_or_send(query, texts.unsubscribed(), reply_markup=main_menu(person))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember())
    router.callback_query.register(first_tip, MenuCallback.filter(F.action == MenuAction.tips))
    router.callback_query.register(another_tip, TipCallback.filter())
    router.callback_query.register(choose_day, TipsActionCallback.filter(F.action == TipsAction.choose_day))
    router.callback_query.register(unsubscribe, TipsActionCallback.filter(F.action == TipsAction.unsubscribe))
    router.callback_query.register(day_chosen, TipDayCallback.filter())
    return router
