"""A new household, for coordinators: reference → site → priority area → animator → check → created.

The answers live in FSM data until the last tap; the service checks them again (and who asks)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.models import Person
from bot.services import households
from bot.services.households import HouseholdError, HouseholdRefusal
from handlers.households import keyboards, texts
from handlers.households.callbacks import AnimatorChoiceCallback, HouseholdConfirmCallback, PriorityCallback
from handlers.households.states import NewHousehold
from handlers.ui import texts as ui_texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import main_menu
from handlers.ui.replies import edit_or_send


async def start_creation(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(NewHousehold.reference)
    await edit_or_send(query, texts.ask_reference())


async def got_reference(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.text is not None
    try:
        reference = await households.new_reference(session, message.text)
    except HouseholdError as error:
        await message.answer(texts.refusal(error.reason))
        return
    await state.update_data(reference=reference)
    await state.set_state(NewHousehold.site)
    await message.answer(texts.ask_site())


async def got_site(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    try:
        site = households.clean_site(message.text)
    except HouseholdError as error:
        await message.answer(texts.refusal(error.reason))
        return
    await state.update_data(site=site)
    await state.set_state(NewHousehold.priority)
    await message.answer(texts.ask_priority(), reply_markup=keyboards.yes_no_priority())


async def got_priority(
    query: CallbackQuery, callback_data: PriorityCallback, state: FSMContext, session: AsyncSession
) -> None:
    await state.update_data(priority=callback_data.priority)
    await state.set_state(NewHousehold.animator)
    animators = await households.list_animators(session)
    await edit_or_send(query, texts.ask_animator(), reply_markup=keyboards.animator_choice(animators))


async def got_animator(
    query: CallbackQuery, callback_data: AnimatorChoiceCallback, state: FSMContext, session: AsyncSession
) -> None:
    animator_id = callback_data.person_id or None
    animator_name = None
    if animator_id is not None:
        animator = await households.get_animator(session, animator_id)
        if animator is None:
            animators = await households.list_animators(session)
            await edit_or_send(
                query,
                texts.refusal(HouseholdRefusal.not_an_animator),
                reply_markup=keyboards.animator_choice(animators),
            )
            return
        animator_name = animator.name
    await state.update_data(animator_id=animator_id)
    await state.set_state(NewHousehold.confirm)
    summary = texts.summary(await state.get_data(), animator_name)
    await edit_or_send(query, summary, reply_markup=keyboards.household_confirmation())


async def confirmed(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        household = await households.create_household(
            session,
            reference=data["reference"],
            site=data["site"],
            priority_neighbourhood=data["priority"],
            animator_id=data.get("animator_id"),
            by=person,
            now=clock.now(),
        )
    except HouseholdError as error:
        await edit_or_send(query, texts.refusal(error.reason), reply_markup=main_menu(person))
        return
    await session.commit()
    await edit_or_send(query, texts.created(household), reply_markup=keyboards.after_household_created(household.id))


async def creation_cancelled(query: CallbackQuery, state: FSMContext, person: Person) -> None:
    await state.clear()
    await edit_or_send(
        query, ui_texts.cancelled() + "\n\n" + ui_texts.main_menu(person), reply_markup=main_menu(person)
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.register(start_creation, MenuCallback.filter(F.action == MenuAction.new_household))
    router.message.register(got_reference, NewHousehold.reference, F.text)
    router.message.register(got_site, NewHousehold.site, F.text)
    router.callback_query.register(got_priority, NewHousehold.priority, PriorityCallback.filter())
    router.callback_query.register(got_animator, NewHousehold.animator, AnimatorChoiceCallback.filter())
    router.callback_query.register(confirmed, NewHousehold.confirm, HouseholdConfirmCallback.filter(F.confirm))
    router.callback_query.register(
        creation_cancelled, NewHousehold.confirm, HouseholdConfirmCallback.filter(~F.confirm)
    )
    return router
