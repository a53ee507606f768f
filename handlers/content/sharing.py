"""Staff send a tutorial or a tip to a household, e.g. after a visit.

household → tutorial or tip → the item → queued in the outbox for each
tenant of the household. An animator only sees, and can only send to, the
households they follow (checked again on the last tap).
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, Role, WorkshopStatus
from bot.services import content, households, tutorials, workshops
from bot.services.content import ContentLibrary
from handlers.content.callbacks import ShareItemCallback, SharePageCallback
from handlers.ui.callbacks import (
    MenuAction,
    MenuCallback,
    ShareKind,
    ShareKindCallback,
    ShareTarget,
)
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send

PAGE_SIZE = 8


def _pager(builder: InlineKeyboardBuilder, offset: int, total: int, make) -> int:  # type: ignore[no-untyped-def]
    buttons = []
    if offset > 0:
        buttons.append((_("◀️ Previous"), make(max(0, offset - PAGE_SIZE))))
    if offset + PAGE_SIZE < total:
        buttons.append((_("Next ▶️"), make(offset + PAGE_SIZE)))
    for text, data in buttons:
        builder.button(text=text, callback_data=data)
    return len(buttons)


async def choose_household(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    await _households_page(query, person, session, 0)


async def households_page(
    query: CallbackQuery, callback_data: SharePageCallback, person: Person, session: AsyncSession
) -> None:
    await _households_page(query, person, session, callback_data.offset)


async def _households_page(query: CallbackQuery, person: Person, session: AsyncSession, offset: int) -> None:
    animator_id = person.id if person.role is Role.animator else None
    page = await households.list_households(session, animator_id=animator_id, offset=offset, limit=PAGE_SIZE)
    if page.total == 0:
        await edit_or_send(query, _("No household yet."), reply_markup=back_to_menu())
        return
    builder = InlineKeyboardBuilder()
    for row in page.rows:
        household = row.household
        builder.button(
            text=f"{household.reference} · {household.site}",
            callback_data=ShareKindCallback(to=ShareTarget.household, target_id=household.id, kind=ShareKind.tutorial),
        )
    pager = _pager(builder, page.offset, page.total, lambda o: SharePageCallback(offset=o))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(*([1] * len(page.rows)), *([pager] if pager else []), 1)
    await edit_or_send(query, _("📤 Send to which household?"), reply_markup=builder.as_markup())


async def _target_name(session: AsyncSession, person: Person, to: ShareTarget, target_id: int) -> str | None:
    """What the staff member is sending to, if they may: a household they follow, or a workshop."""
    if to is ShareTarget.household:
        household = await tutorials.may_send_to(session, person, target_id)
        return _("household {reference}").format(reference=escape(household.reference)) if household else None
    workshop = await workshops.get(session, target_id)
    if workshop is None or workshop.status is WorkshopStatus.cancelled:
        return None
    return _("the participants of “{title}”").format(title=escape(workshop.title))


async def choose_item(
    query: CallbackQuery,
    callback_data: ShareKindCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    clock: Clock,
    settings: Settings,
) -> None:
    target = await _target_name(session, person, callback_data.to, callback_data.target_id)
    if target is None:
        await edit_or_send(query, _("You cannot send there."), reply_markup=back_to_menu())
        return
    builder = InlineKeyboardBuilder()
    other = ShareKind.tip if callback_data.kind is ShareKind.tutorial else ShareKind.tutorial
    if callback_data.kind is ShareKind.tutorial:
        items = [(t.id, t.title) for t in library.tutorials(person.locale)]
        switch = _("💡 Send a tip instead")
    else:
        today = clock.now().astimezone(settings.tz).date()
        items = [(t.id, t.title) for t in library.tips(person.locale, season=content.current_season(today))]
        switch = _("🛠 Send a tutorial instead")
    offset = max(0, callback_data.offset)
    page = items[offset : offset + PAGE_SIZE]
    where = {"to": callback_data.to, "target_id": callback_data.target_id}
    for item_id, title in page:
        builder.button(text=title, callback_data=ShareItemCallback(**where, kind=callback_data.kind, id=item_id))
    pager = _pager(builder, offset, len(items), lambda o: ShareKindCallback(**where, kind=callback_data.kind, offset=o))
    builder.button(text=switch, callback_data=ShareKindCallback(**where, kind=other))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(*([1] * len(page)), *([pager] if pager else []), 1, 1)
    await edit_or_send(
        query, _("📤 What do you want to send to {target}?").format(target=target), reply_markup=builder.as_markup()
    )


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
    target = await _target_name(session, person, callback_data.to, callback_data.target_id)
    if exists is None or target is None:
        await edit_or_send(query, _("You cannot send this."), reply_markup=back_to_menu())
        return
    kind = tutorials.SHARED_TUTORIAL if callback_data.kind is ShareKind.tutorial else tutorials.SHARED_TIP
    if callback_data.to is ShareTarget.household:
        count = await tutorials.share(
            session, sender=person, household_id=callback_data.target_id, kind=kind, item_id=exists.id, now=clock.now()
        )
    else:
        count = await tutorials.share_with_workshop(
            session, sender=person, workshop_id=callback_data.target_id, kind=kind, item_id=exists.id, now=clock.now()
        )
    await session.commit()
    text = _("✅ Sent to {target}.") if count else _("Nobody there uses the assistant yet: {target}.")
    await edit_or_send(query, text.format(target=target), reply_markup=back_to_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(choose_household, MenuCallback.filter(F.action == MenuAction.share))
    router.callback_query.register(households_page, SharePageCallback.filter())
    router.callback_query.register(choose_item, ShareKindCallback.filter())
    router.callback_query.register(send, ShareItemCallback.filter())
    return router
