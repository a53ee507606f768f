"""A tenant decides whether the household's social referent may read its messages to the team
and its questionnaire answers (from /mes_donnees); revocable at any time."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services import referent_follow
from bot.services.referent_follow import FollowError
from handlers.partners import keyboards, texts
from handlers.partners.callbacks import ReferentConsentCallback
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send


async def show(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    try:
        state = await referent_follow.consent_state(session, person)
    except FollowError:
        await edit_or_send(query, texts.no_referent(), reply_markup=back_to_menu())
        return
    await edit_or_send(query, texts.consent_screen(state), reply_markup=keyboards.consent(state.given))


async def change(
    query: CallbackQuery, callback_data: ReferentConsentCallback, person: Person, session: AsyncSession, clock: Clock
) -> None:
    try:
        state = await referent_follow.set_consent(session, person, callback_data.give, now=clock.now())
    except FollowError:
        await edit_or_send(query, texts.no_referent(), reply_markup=back_to_menu())
        return
    await session.commit()
    await edit_or_send(query, texts.consent_screen(state), reply_markup=keyboards.consent(state.given))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.tenant))
    router.callback_query.register(show, MenuCallback.filter(F.action == MenuAction.referent_consent))
    router.callback_query.register(change, ReferentConsentCallback.filter())
    return router
