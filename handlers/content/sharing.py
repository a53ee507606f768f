"""Staff send a tutorial or a tip to a household, e.g. after a visit.

household → tutorial or tip → the item → queued in the outbox for each
tenant of the household. An animator only sees, and can only send to, the
households they follow (checked again on the last tap).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import content, households, tutorials
from bot.services.content import ContentLibrary
from bot.services.paging import page_of
from bot.services.tutorials import ShareRefused
from handlers.content import keyboards, texts
from handlers.content.callbacks import ShareItemCallback, SharePageCallback
from handlers.ui.callbacks import MenuAction, MenuCallback, ShareKind, ShareKindCallback, ShareTarget
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send


async def choose_household(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    await _households_page(query, person, session, 0)


async def households_page(
    query: CallbackQuery, callback_data: SharePageCallback, person: Person, session: AsyncSession
) -> None:
    await _households_page(query, person, session, callback_data.offset)


async def _households_page(query: CallbackQuery, person: Person, session: AsyncSession, offset: int) -> None:
    page = await households.households_of(session, person, offset=offset, limit=keyboards.SHARE_PAGE_SIZE)
    if page.total == 0:
        await edit_or_send(query, texts.no_household(), reply_markup=back_to_menu())
        return
    await edit_or_send(query, texts.choose_household(), reply_markup=keyboards.share_households(page))


async def _target_name(session: AsyncSession, person: Person, to: ShareTarget, target_id: int) -> str:
    """What the team member is sending to; refused (ShareRefused) if they may not send there."""
    if to is ShareTarget.household:
        household = await tutorials.household_to_share_with(session, person, target_id)
        return texts.household_target(household.reference)
    workshop = await tutorials.workshop_to_share_with(session, person, target_id)
    return texts.workshop_target(workshop.title)


async def choose_item(
    query: CallbackQuery,
    callback_data: ShareKindCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    clock: Clock,
    settings: Settings,
) -> None:
    try:
        target = await _target_name(session, person, callback_data.to, callback_data.target_id)
    except ShareRefused:
        await edit_or_send(query, texts.cannot_send_there(), reply_markup=back_to_menu())
        return
    if callback_data.kind is ShareKind.tutorial:
        items = [(t.id, t.short_title or t.title) for t in library.tutorials(person.locale)]
        switch = texts.switch_to_tip()
    else:
        today = clock.now().astimezone(settings.tz).date()
        items = [
            (t.id, t.short_title or t.title) for t in library.tips(person.locale, season=content.current_season(today))
        ]
        switch = texts.switch_to_tutorial()
    page = page_of(items, callback_data.offset, keyboards.SHARE_PAGE_SIZE)
    markup = keyboards.share_items(
        page, callback_data.to, callback_data.target_id, callback_data.kind, switch_text=switch
    )
    await edit_or_send(query, texts.what_to_send(target), reply_markup=markup)


async def send(
    query: CallbackQuery,
    callback_data: ShareItemCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    clock: Clock,
) -> None:
    exists = (
        library.tutorial(callback_data.id, person.locale)
        if callback_data.kind is ShareKind.tutorial
        else library.tip(callback_data.id, person.locale)
    )
    if exists is None:
        await edit_or_send(query, texts.cannot_send_this(), reply_markup=back_to_menu())
        return
    kind = tutorials.SHARED_TUTORIAL if callback_data.kind is ShareKind.tutorial else tutorials.SHARED_TIP
    try:
        target = await _target_name(session, person, callback_data.to, callback_data.target_id)
        if callback_data.to is ShareTarget.household:
            count = await tutorials.share(
                session,
                sender=person,
                household_id=callback_data.target_id,
                kind=kind,
                item_id=exists.id,
                now=clock.now(),
            )
        else:
            count = await tutorials.share_with_workshop(
                session,
                sender=person,
                workshop_id=callback_data.target_id,
                kind=kind,
                item_id=exists.id,
                now=clock.now(),
            )
    except ShareRefused:
        await edit_or_send(query, texts.cannot_send_this(), reply_markup=back_to_menu())
        return
    await session.commit()
    await edit_or_send(query, texts.sent(target, count), reply_markup=back_to_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(choose_household, MenuCallback.filter(F.action == MenuAction.share))
    router.callback_query.register(households_page, SharePageCallback.filter())
    router.callback_query.register(choose_item, ShareKindCallback.filter())
    router.callback_query.register(send, ShareItemCallback.filter())
    return router
