"""Coordinators decide on referrals (accept: an animator, the household created, invitations
shown; decline: a reason typed) and invite social referents for an organisation."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.i18n import format_day
from bot.models import Person, ReferralStatus
from bot.services import households, invites, referrals
from bot.services.referrals import ReferralError, ReferralRefusal
from handlers.partners import keyboards, texts
from handlers.partners.callbacks import (
    OrganisationCallback,
    ReferralAnimatorCallback,
    ReferralDecisionCallback,
    ReferralOpenCallback,
    ReferralPageCallback,
)
from handlers.partners.states import DeclineReferral, NewOrganisation
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send, refuse


async def waiting(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    await _show_waiting(query, person, session, 0)


async def waiting_page(
    query: CallbackQuery, callback_data: ReferralPageCallback, person: Person, session: AsyncSession
) -> None:
    await _show_waiting(query, person, session, callback_data.offset)


async def _show_waiting(query: CallbackQuery, person: Person, session: AsyncSession, offset: int) -> None:
    page = await referrals.pending(session, person, offset=offset)
    await edit_or_send(query, texts.waiting(page), reply_markup=keyboards.waiting(page))


async def open_referral(
    query: CallbackQuery,
    callback_data: ReferralOpenCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    try:
        view = await referrals.for_manager(session, person, callback_data.referral_id)
    except ReferralError:
        refuse(callback_answer)
        return
    await edit_or_send(query, texts.referral_card(view), reply_markup=keyboards.decide(view.referral))


async def decide(
    query: CallbackQuery,
    callback_data: ReferralDecisionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        view = await referrals.for_manager(session, person, callback_data.referral_id)
    except ReferralError:
        refuse(callback_answer)
        return
    if view.referral.status is not ReferralStatus.pending:
        await edit_or_send(
            query, texts.refusal(ReferralRefusal.already_decided), reply_markup=keyboards.after_decision()
        )
        return
    if callback_data.accept:
        animators = await households.list_animators(session)
        await edit_or_send(query, texts.ask_animator(), reply_markup=keyboards.animators(view.referral.id, animators))
        return
    await state.set_state(DeclineReferral.reason)
    await state.update_data(referral_id=view.referral.id)
    await edit_or_send(query, texts.ask_reason(), reply_markup=keyboards.back_to_referral(view.referral.id))


async def accept(
    query: CallbackQuery,
    callback_data: ReferralAnimatorCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    bot: Bot,
    i18n: I18n,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        done = await referrals.accept(
            session,
            person,
            callback_data.referral_id,
            animator_id=callback_data.person_id or None,
            now=clock.now(),
            ttl=timedelta(days=settings.invite_ttl_days),
        )
    except ReferralError as error:
        if error.reason is ReferralRefusal.unknown_referral:
            refuse(callback_answer)
            return
        await edit_or_send(query, texts.refusal(error.reason), reply_markup=keyboards.after_decision())
        return
    await session.commit()  # the links must work the moment they are shown
    links = [(await create_start_link(bot, code), invites.display_code(code)) for code in done.codes]
    day = format_day(done.expires_at, i18n.current_locale, settings.tz)
    await edit_or_send(
        query, texts.accepted(done.household.reference, links, day), reply_markup=keyboards.after_decision()
    )


async def got_reason(message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock) -> None:
    try:
        referrals.clean_reason(message.text)
    except ReferralError as error:
        await message.answer(texts.refusal(error.reason))
        return
    data = await state.get_data()
    await state.clear()
    try:
        await referrals.decline(session, person, int(data.get("referral_id", 0)), message.text or "", now=clock.now())
    except ReferralError as error:
        await message.answer(texts.refusal(error.reason), reply_markup=keyboards.after_decision())
        return
    await session.commit()
    await message.answer(texts.declined(), reply_markup=keyboards.after_decision())


# --- inviting a social referent -----------------------------------------------------------------


async def invite_referent(query: CallbackQuery, session: AsyncSession) -> None:
    found = await referrals.list_organisations(session)
    await edit_or_send(query, texts.which_organisation(), reply_markup=keyboards.organisations(found))


async def organisation_chosen(
    query: CallbackQuery,
    callback_data: OrganisationCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    bot: Bot,
    i18n: I18n,
    callback_answer: CallbackAnswer,
) -> None:
    if callback_data.organisation_id == 0:
        await state.set_state(NewOrganisation.name)
        await edit_or_send(query, texts.ask_organisation_name(), reply_markup=back_to_menu())
        return
    try:
        invite, code, organisation = await referrals.invite_referent(
            session,
            person,
            callback_data.organisation_id,
            now=clock.now(),
            ttl=timedelta(days=settings.invite_ttl_days),
        )
    except ReferralError:
        refuse(callback_answer)
        return
    await session.commit()
    link = await create_start_link(bot, code)
    day = format_day(invite.expires_at, i18n.current_locale, settings.tz)
    await edit_or_send(
        query,
        texts.referent_invitation(organisation.name, link, invites.display_code(code), day),
        reply_markup=back_to_menu(),
    )


async def got_organisation_name(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock
) -> None:
    try:
        await referrals.add_organisation(session, message.text or "", by=person, now=clock.now())
    except ReferralError as error:
        await message.answer(texts.refusal(error.reason))
        if error.reason is ReferralRefusal.duplicate_organisation:
            await state.clear()
            found = await referrals.list_organisations(session)
            await message.answer(texts.which_organisation(), reply_markup=keyboards.organisations(found))
        return
    await session.commit()
    await state.clear()
    found = await referrals.list_organisations(session)
    await message.answer(texts.which_organisation(), reply_markup=keyboards.organisations(found))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.register(waiting, MenuCallback.filter(F.action == MenuAction.referrals))
    router.callback_query.register(waiting_page, ReferralPageCallback.filter())
    router.callback_query.register(open_referral, ReferralOpenCallback.filter())
    router.callback_query.register(decide, ReferralDecisionCallback.filter())
    router.callback_query.register(accept, ReferralAnimatorCallback.filter())
    router.message.register(got_reason, DeclineReferral.reason, F.text)
    router.callback_query.register(invite_referent, MenuCallback.filter(F.action == MenuAction.invite_referent))
    router.callback_query.register(organisation_chosen, OrganisationCallback.filter())
    router.message.register(got_organisation_name, NewOrganisation.name, F.text)
    return router
