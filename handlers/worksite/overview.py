"""The worksite's main screen: for staff from a household's card, for tenants under "My
worksite"; sending a version to the household, accepting it, the contract as PDF."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, Role
from bot.services import people
from bot.services.worksite import contract as contracts
from bot.services.worksite import materials, pdf
from bot.services.worksite.rules import WorksiteRefused
from handlers.ui.callbacks import MenuAction, MenuCallback, WorksiteCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.worksite import keyboards, texts
from handlers.worksite.callbacks import Screen, WsAcceptCallback, WsScreenCallback


async def show(
    query: CallbackQuery, session: AsyncSession, person: Person, household_id: int, settings: Settings
) -> None:
    """The contract's screen for whoever may see it (the caller has checked)."""
    found = await contracts.of_household(session, person, household_id)
    totals = materials.totals(found.contract, await materials.lines_of(session, found.contract.id)) if found else None
    staff = person.role.is_staff
    markup = keyboards.staff_contract(household_id, found) if staff else keyboards.tenant_contract(household_id, found)
    await edit_or_send(query, texts.contract_screen(found, totals, settings.tz, staff=staff), reply_markup=markup)


async def staff_worksite(
    query: CallbackQuery,
    callback_data: WorksiteCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    try:
        await show(query, session, person, callback_data.household_id, settings)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))


async def my_worksite(
    query: CallbackQuery,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    if person.household_id is None:
        refuse(callback_answer)
        return
    try:
        await show(query, session, person, person.household_id, settings)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))


async def send_to_household(
    query: CallbackQuery,
    callback_data: WsScreenCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        told = await contracts.propose(session, person, callback_data.household_id, now=clock.now())
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    await edit_or_send(query, texts.sent(told), reply_markup=keyboards.done(callback_data.household_id, staff=True))


async def accept(
    query: CallbackQuery,
    callback_data: WsAcceptCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await contracts.accept(session, person, callback_data.household_id, callback_data.version, now=clock.now())
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    callback_answer.text = texts.accepted()
    await show(query, session, person, callback_data.household_id, settings)


async def contract_pdf(
    query: CallbackQuery,
    callback_data: WsScreenCallback,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    """The contract in the household's language(s) and in French, one PDF each."""
    try:
        found = await contracts.of_household(session, person, callback_data.household_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    if found is None or not isinstance(query.message, Message):
        refuse(callback_answer, str(texts.REFUSALS[contracts.WorksiteRefusal.no_contract]))
        return
    totals = materials.totals(found.contract, await materials.lines_of(session, found.contract.id))
    if person.role is Role.tenant:
        wanted = [person.locale]
    else:
        wanted = [tenant.locale for tenant in await people.tenants_of(session, found.household.id)]
    locales = list(dict.fromkeys([*wanted, "fr"]))
    i18n = I18n.get_current(no_error=False)
    for code in locales:
        with i18n.use_locale(code):
            document = pdf.Document(
                texts.contract_title(), texts.contract_lines(found, totals, settings.tz), code == "ar"
            )
            caption = texts.pdf_caption(found.household.reference)
        data = await pdf.render(document, font=settings.pdf_font, bold_font=settings.pdf_bold_font)
        name = f"contrat-{found.household.reference}-v{found.contract.version}-{code}.pdf"
        await query.message.answer_document(BufferedInputFile(data, filename=name), caption=caption)


def create_router() -> Router:
    router = Router(name=__name__)
    staff = IsMember(*STAFF)
    tenants = IsMember(Role.tenant)
    anyone = IsMember(Role.tenant, *STAFF)
    router.callback_query.register(staff_worksite, WorksiteCallback.filter(), staff)
    router.callback_query.register(my_worksite, MenuCallback.filter(F.action == MenuAction.my_worksite), tenants)
    router.callback_query.register(send_to_household, WsScreenCallback.filter(F.screen == Screen.send), staff)
    router.callback_query.register(accept, WsAcceptCallback.filter(), tenants)
    router.callback_query.register(contract_pdf, WsScreenCallback.filter(F.screen == Screen.pdf), anyone)
    router.callback_query.register(_contract_screen, WsScreenCallback.filter(F.screen == Screen.contract), anyone)
    return router


async def _contract_screen(
    query: CallbackQuery,
    callback_data: WsScreenCallback,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await show(query, session, person, callback_data.household_id, settings)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
