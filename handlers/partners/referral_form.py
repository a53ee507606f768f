"""A social referent refers a household: women → men → children → situation → tenant since →
landlord → site → priority area → needs → urgency → the household agreed → check → sent.

The answers live in FSM data until the last tap; referrals.submit checks them again (and who sends)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import IsMember
from bot.models import Person, Role, Urgency
from bot.services import referrals
from bot.services.referrals import ReferralError
from handlers.partners import keyboards, texts
from handlers.partners.callbacks import (
    AgreedCallback,
    CountCallback,
    CountField,
    MyReferralsPageCallback,
    PriorityAreaCallback,
    SendReferralCallback,
    SituationCallback,
    SituationFlag,
    UrgencyCallback,
    YearUnknownCallback,
)
from handlers.partners.states import NewReferral
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import main_menu
from handlers.ui.replies import edit_or_send

NEXT_COUNT = {
    CountField.women: (NewReferral.men, CountField.men),
    CountField.men: (NewReferral.children, CountField.children),
}
COUNT_STATE = {
    CountField.women: NewReferral.women,
    CountField.men: NewReferral.men,
    CountField.children: NewReferral.children,
}


async def start(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(NewReferral.women)
    await edit_or_send(query, texts.start(), reply_markup=keyboards.counts(CountField.women))


async def got_count(query: CallbackQuery, callback_data: CountCallback, state: FSMContext) -> None:
    field = callback_data.field
    if (
        await state.get_state() != COUNT_STATE[field].state
        or not 0 <= callback_data.value <= keyboards.COUNT_CHOICES[field]
    ):
        await query.answer(texts.refusal(referrals.ReferralRefusal.too_many))
        return
    await state.update_data({field.name: callback_data.value})
    if field in NEXT_COUNT:
        next_state, next_field = NEXT_COUNT[field]
        await state.set_state(next_state)
        ask = texts.ask_men() if next_field is CountField.men else texts.ask_children()
        await edit_or_send(query, ask, reply_markup=keyboards.counts(next_field))
        return
    data = await state.get_data()
    if data.get("women", 0) + data.get("men", 0) == 0:
        await state.set_state(NewReferral.women)
        await edit_or_send(
            query, texts.refusal(referrals.ReferralRefusal.no_adult), reply_markup=keyboards.counts(CountField.women)
        )
        return
    await state.set_state(NewReferral.situation)
    await edit_or_send(query, texts.ask_situation(), reply_markup=keyboards.situation(data))


async def got_situation(query: CallbackQuery, callback_data: SituationCallback, state: FSMContext) -> None:
    if callback_data.flag is SituationFlag.done:
        await state.set_state(NewReferral.tenant_since)
        await edit_or_send(query, texts.ask_tenant_since(), reply_markup=keyboards.year_unknown())
        return
    key = keyboards.FLAG_KEYS[callback_data.flag]
    data = await state.get_data()
    await state.update_data({key: not data.get(key, False)})
    await edit_or_send(query, texts.ask_situation(), reply_markup=keyboards.situation(await state.get_data()))


async def got_year(message: Message, state: FSMContext, clock: Clock) -> None:
    try:
        year = referrals.clean_year(message.text, now=clock.now())
    except ReferralError as error:
        await message.answer(texts.refusal(error.reason), reply_markup=keyboards.year_unknown())
        return
    await state.update_data(tenant_since=year)
    await state.set_state(NewReferral.landlord)
    await message.answer(texts.ask_landlord())


async def year_unknown(query: CallbackQuery, state: FSMContext) -> None:
    await state.update_data(tenant_since=None)
    await state.set_state(NewReferral.landlord)
    await edit_or_send(query, texts.ask_landlord())


async def got_landlord(message: Message, state: FSMContext) -> None:
    try:
        landlord = referrals.clean_landlord(message.text)
    except ReferralError as error:
        await message.answer(texts.refusal(error.reason))
        return
    await state.update_data(landlord=landlord)
    await state.set_state(NewReferral.site)
    await message.answer(texts.ask_site())


async def got_site(message: Message, state: FSMContext) -> None:
    try:
        site = referrals.clean_site(message.text)
    except ReferralError as error:
        await message.answer(texts.refusal(error.reason))
        return
    await state.update_data(site=site)
    await state.set_state(NewReferral.priority)
    await message.answer(texts.ask_priority(), reply_markup=keyboards.priority())


async def got_priority(query: CallbackQuery, callback_data: PriorityAreaCallback, state: FSMContext) -> None:
    await state.update_data(priority=callback_data.priority)
    await state.set_state(NewReferral.needs)
    await edit_or_send(query, texts.ask_needs())


async def got_needs(message: Message, state: FSMContext) -> None:
    try:
        needs = referrals.clean_needs(message.text)
    except ReferralError as error:
        await message.answer(texts.refusal(error.reason))
        return
    await state.update_data(needs=needs)
    await state.set_state(NewReferral.urgency)
    await message.answer(texts.ask_urgency(), reply_markup=keyboards.urgency())


async def got_urgency(query: CallbackQuery, callback_data: UrgencyCallback, state: FSMContext) -> None:
    await state.update_data(urgency=callback_data.urgency.value)
    await state.set_state(NewReferral.agreed)
    await edit_or_send(query, texts.ask_agreed(), reply_markup=keyboards.agreed())


async def got_agreed(query: CallbackQuery, callback_data: AgreedCallback, state: FSMContext, person: Person) -> None:
    if not callback_data.agreed:
        await state.clear()
        await edit_or_send(query, texts.needs_agreement(), reply_markup=main_menu(person))
        return
    await state.set_state(NewReferral.confirm)
    await edit_or_send(query, texts.summary(await state.get_data()), reply_markup=keyboards.send())


async def confirmed(
    query: CallbackQuery,
    callback_data: SendReferralCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    if not callback_data.confirm:
        await edit_or_send(query, texts.cancelled(), reply_markup=main_menu(person))
        return
    draft = referrals.Draft(
        site=data["site"],
        priority_neighbourhood=data["priority"],
        adults_women=data["women"],
        adults_men=data["men"],
        children=data["children"],
        minimum_income=data.get("minimum_income", False),
        single_parent=data.get("single_parent", False),
        newcomer=data.get("newcomer", False),
        dalo=data.get("dalo", False),
        tenant_since=data.get("tenant_since"),
        landlord=data["landlord"],
        needs=data["needs"],
        urgency=Urgency(data["urgency"]),
        household_agreed=True,
    )
    try:
        await referrals.submit(session, person, draft, now=clock.now())
    except ReferralError as error:
        await edit_or_send(query, texts.refusal(error.reason), reply_markup=main_menu(person))
        return
    await session.commit()
    await edit_or_send(query, texts.sent(), reply_markup=keyboards.back_to_my_referrals())


async def my_referrals(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    await _show_mine(query, person, session, 0)


async def my_referrals_page(
    query: CallbackQuery, callback_data: MyReferralsPageCallback, person: Person, session: AsyncSession
) -> None:
    await _show_mine(query, person, session, callback_data.offset)


async def _show_mine(query: CallbackQuery, person: Person, session: AsyncSession, offset: int) -> None:
    page = await referrals.sent_by(session, person, offset=offset)
    await edit_or_send(query, texts.my_referrals(page), reply_markup=keyboards.my_referrals(page))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(Role.referent))
    router.callback_query.filter(IsMember(Role.referent))
    router.callback_query.register(start, MenuCallback.filter(F.action == MenuAction.refer))
    router.callback_query.register(my_referrals, MenuCallback.filter(F.action == MenuAction.my_referrals))
    router.callback_query.register(my_referrals_page, MyReferralsPageCallback.filter())
    router.callback_query.register(got_count, NewReferral.women, CountCallback.filter(F.field == CountField.women))
    router.callback_query.register(got_count, NewReferral.men, CountCallback.filter(F.field == CountField.men))
    router.callback_query.register(
        got_count, NewReferral.children, CountCallback.filter(F.field == CountField.children)
    )
    router.callback_query.register(got_situation, NewReferral.situation, SituationCallback.filter())
    router.message.register(got_year, NewReferral.tenant_since, F.text)
    router.callback_query.register(year_unknown, NewReferral.tenant_since, YearUnknownCallback.filter())
    router.message.register(got_landlord, NewReferral.landlord, F.text)
    router.message.register(got_site, NewReferral.site, F.text)
    router.callback_query.register(got_priority, NewReferral.priority, PriorityAreaCallback.filter())
    router.message.register(got_needs, NewReferral.needs, F.text)
    router.callback_query.register(got_urgency, NewReferral.urgency, UrgencyCallback.filter())
    router.callback_query.register(got_agreed, NewReferral.agreed, AgreedCallback.filter())
    router.callback_query.register(confirmed, NewReferral.confirm, SendReferralCallback.filter())
    return router
