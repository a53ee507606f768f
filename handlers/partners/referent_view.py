"""A social referent opens one of their referrals: what they sent and what became of it.
Any other referral is refused as a stale button (referrals.own)."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.filters import IsMember
from bot.models import Person, Role
from bot.services import referrals
from bot.services.referrals import ReferralError
from handlers.partners import keyboards, texts
from handlers.partners.callbacks import ReferralOpenCallback
from handlers.ui.replies import edit_or_send, refuse


async def open_own(
    query: CallbackQuery,
    callback_data: ReferralOpenCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        view = await referrals.own(session, person, callback_data.referral_id)
    except ReferralError:
        refuse(callback_answer)
        return
    await edit_or_send(query, texts.referral_card(view), reply_markup=keyboards.back_to_my_referrals())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(Role.referent))
    router.callback_query.filter(IsMember(Role.referent))
    router.callback_query.register(open_own, ReferralOpenCallback.filter())
    return router
