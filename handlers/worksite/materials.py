"""The shopping list: staff change who buys a line and tick it bought, and export the list for
the association's accounts; the household reads it in its language."""

from __future__ import annotations

import tempfile
from pathlib import Path

from aiogram import F, Router
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import MaterialLine, Person, Role, WorksiteContract
from bot.services import audit
from bot.services.content import ContentLibrary
from bot.services.worksite import contract as contracts
from bot.services.worksite import materials
from bot.services.worksite.rules import WorksiteRefusal, WorksiteRefused
from handlers.ui.replies import edit_or_send, refuse
from handlers.worksite import keyboards, texts
from handlers.worksite.callbacks import Screen, WsBoughtCallback, WsBuyerCallback, WsLineCallback, WsScreenCallback


async def show_list(
    query: CallbackQuery,
    callback_data: WsScreenCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        found = await contracts.of_household(session, person, callback_data.household_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    if found is None:
        refuse(callback_answer, str(texts.REFUSALS[WorksiteRefusal.no_contract]))
        return
    lines = await materials.lines_of(session, found.contract.id)
    staff = person.role.is_staff
    await edit_or_send(
        query,
        texts.materials_screen(lines, materials.totals(found.contract, lines), library, staff=staff),
        reply_markup=keyboards.materials(callback_data.household_id, lines, library, staff=staff),
    )


async def _line_screen(
    query: CallbackQuery, session: AsyncSession, line: MaterialLine, library: ContentLibrary
) -> None:
    terms = await session.get(WorksiteContract, line.contract_id)
    household_id = terms.household_id if terms is not None else 0
    await edit_or_send(query, texts.line_screen(line, library), reply_markup=keyboards.line(household_id, line))


async def show_line(
    query: CallbackQuery,
    callback_data: WsLineCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        line = await materials.line_to_edit(session, person, callback_data.line_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await _line_screen(query, session, line, library)


async def set_buyer(
    query: CallbackQuery,
    callback_data: WsBuyerCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        line = await materials.set_buyer(session, person, callback_data.line_id, callback_data.buyer)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    await _line_screen(query, session, line, library)


async def toggle_bought(
    query: CallbackQuery,
    callback_data: WsBoughtCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        line = await materials.toggle_bought(session, person, callback_data.line_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    await _line_screen(query, session, line, library)


async def export(
    query: CallbackQuery,
    callback_data: WsScreenCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    settings: Settings,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        found = await contracts.of_household(session, person, callback_data.household_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    if found is None or not isinstance(query.message, Message) or person.role is Role.tenant:
        refuse(callback_answer)
        return
    lines = await materials.lines_of(session, found.contract.id)
    now = clock.now()
    name = f"materiaux-{found.household.reference}-{now.astimezone(settings.tz):%Y-%m-%d}.xlsx"
    with tempfile.TemporaryDirectory(prefix="ara-materials-") as folder:
        path = Path(folder) / name
        materials.write_xlsx(
            path, found.household.reference, found.contract, found.items, lines, library, texts.workbook_words()
        )
        await audit.record(
            session,
            "worksite.export",
            actor_id=person.id,
            target_type="household",
            target_id=found.household.id,
            now=now,
        )
        await session.commit()
        await query.message.answer_document(
            FSInputFile(path, filename=name), caption=texts.xlsx_caption(found.household.reference)
        )


def create_router() -> Router:
    router = Router(name=__name__)
    staff = IsMember(*STAFF)
    router.callback_query.register(
        show_list, WsScreenCallback.filter(F.screen == Screen.materials), IsMember(Role.tenant, *STAFF)
    )
    router.callback_query.register(show_line, WsLineCallback.filter(), staff)
    router.callback_query.register(set_buyer, WsBuyerCallback.filter(), staff)
    router.callback_query.register(toggle_bought, WsBoughtCallback.filter(), staff)
    router.callback_query.register(export, WsScreenCallback.filter(F.screen == Screen.xlsx), staff)
    return router
