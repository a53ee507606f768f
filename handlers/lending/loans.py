"""Loans: staff lend a tool to a household from its card (🧰 Tools → ➕ Lend a tool → a tool →
the return day → ✅; the household is reminded the evening before), record a return with the
tool's condition; a tenant sees what their household borrowed (🧰 What I borrowed)."""

from __future__ import annotations

from datetime import timedelta

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Household, Person, Role
from bot.services import lending
from bot.services.lending import LendingRefusal, LendingRefused
from handlers.lending import keyboards, texts
from handlers.lending.callbacks import LendCallback, LoanCallback, ReturnCallback
from handlers.ui.callbacks import HouseholdWorksiteCallback, MenuAction, MenuCallback, WorksitePart
from handlers.ui.replies import edit_or_send, refuse


async def household_tools(
    query: CallbackQuery,
    callback_data: HouseholdWorksiteCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        out = await lending.out_for_household(session, person, callback_data.household_id)
    except LendingRefused:
        refuse(callback_answer)
        return
    household = await session.get(Household, callback_data.household_id)
    today = clock.now().astimezone(settings.tz).date()
    await edit_or_send(
        query,
        texts.household_tools(household.reference if household else "", out, today),
        reply_markup=keyboards.household_tools(callback_data.household_id, out),
    )


async def lend(
    query: CallbackQuery,
    callback_data: LendCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    household_id = callback_data.household_id
    try:
        await lending.out_for_household(session, person, household_id)  # follows the household
        if callback_data.tool_id == 0:
            tools = [tool for tool in await lending.inventory(session, person) if tool.available > 0]
            text = texts.pick_tool() if tools else texts.no_tool_in()
            await edit_or_send(query, text, reply_markup=keyboards.pick_tool(household_id, tools))
            return
        tool = await lending.get_tool(session, person, callback_data.tool_id)
        today = clock.now().astimezone(settings.tz).date()
        if callback_data.days == 0:
            await edit_or_send(
                query, texts.pick_days(tool.name), reply_markup=keyboards.pick_days(household_id, tool.id, today)
            )
            return
        if callback_data.days not in keyboards.RETURN_DAYS:
            raise LendingRefused(LendingRefusal.bad_date)
        loan = await lending.lend(
            session,
            person,
            tool_id=tool.id,
            household_id=household_id,
            due_on=today + timedelta(days=callback_data.days),
            now=clock.now(),
            tz=settings.tz,
        )
    except LendingRefused as refused:
        refuse(callback_answer, texts.refusal(refused.reason))
        return
    await session.commit()
    view = await lending.get_loan(session, person, loan.id)
    await edit_or_send(query, texts.lent(view), reply_markup=keyboards.after_lending(household_id))


async def show_loan(
    query: CallbackQuery,
    callback_data: LoanCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        view = await lending.get_loan(session, person, callback_data.loan_id)
    except LendingRefused:
        refuse(callback_answer)
        return
    if view.loan.returned_at is not None:
        refuse(callback_answer, texts.refusal(LendingRefusal.already_returned))
        return
    today = clock.now().astimezone(settings.tz).date()
    await edit_or_send(query, texts.loan(view, today), reply_markup=keyboards.loan(view))


async def give_back(
    query: CallbackQuery,
    callback_data: ReturnCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await lending.give_back(
            session, person, callback_data.loan_id, condition=callback_data.condition, now=clock.now()
        )
    except LendingRefused as refused:
        refuse(callback_answer, texts.refusal(refused.reason))
        return
    await session.commit()
    view = await lending.get_loan(session, person, callback_data.loan_id)
    await edit_or_send(query, texts.returned(view), reply_markup=keyboards.after_lending(view.loan.household_id))


async def borrowed(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    today = clock.now().astimezone(settings.tz).date()
    try:
        views = await lending.borrowed(session, person)
    except LendingRefused:
        views = []
    await edit_or_send(query, texts.borrowed(views, today), reply_markup=keyboards.borrowed())


def create_router() -> Router:
    router = Router(name=__name__)
    staff = Router(name=f"{__name__}.staff")
    staff.callback_query.filter(IsMember(*STAFF))
    staff.callback_query.register(household_tools, HouseholdWorksiteCallback.filter(F.part == WorksitePart.tools))
    staff.callback_query.register(lend, LendCallback.filter())
    staff.callback_query.register(show_loan, LoanCallback.filter())
    staff.callback_query.register(give_back, ReturnCallback.filter())
    tenants = Router(name=f"{__name__}.tenants")
    tenants.callback_query.filter(IsMember(Role.tenant))
    tenants.callback_query.register(borrowed, MenuCallback.filter(F.action == MenuAction.borrowed))
    router.include_routers(staff, tenants)
    return router
