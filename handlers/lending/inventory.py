"""Staff: the tool library — its tools (how many in, of how many, their condition, a photo),
adding one (name → number → photo or not), changing a total, and the late returns.

🧰 Tool library → a tool → 📷 its photo · ✏️ a new total · ↩️ a loan (loans.py)
                → ➕ Add a tool → name → number → photo / No photo → ✅
                → ⏰ Late returns → a loan (loans.py)"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import lending
from bot.services.lending import LendingRefused
from handlers.lending import keyboards, texts
from handlers.lending.callbacks import OverdueCallback, ToolAction, ToolAddCallback, ToolCallback
from handlers.lending.states import NewTool, ToolCount
from handlers.ui.callbacks import MenuAction, MenuCallback, SkipCallback
from handlers.ui.replies import edit_or_send, refuse


async def library(query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession) -> None:
    await state.clear()
    tools = await lending.inventory(session, person)
    await edit_or_send(query, texts.inventory(tools), reply_markup=keyboards.inventory(tools))


async def show_tool(
    query: CallbackQuery,
    callback_data: ToolCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        tool = await lending.get_tool(session, person, callback_data.tool_id)
    except LendingRefused:
        refuse(callback_answer)
        return
    if callback_data.action is ToolAction.photo and tool.photo_file_id and query.message is not None:
        await query.message.answer_photo(
            tool.photo_file_id, caption=tool.name, reply_markup=keyboards.back_to_library()
        )
        return
    if callback_data.action is ToolAction.total:
        await state.set_state(ToolCount.count)
        await state.set_data({"tool_id": tool.id})
        await edit_or_send(query, texts.ask_total(tool), reply_markup=keyboards.back_to_library())
        return
    today = clock.now().astimezone(settings.tz).date()
    out = await lending.out_for_tool(session, person, tool.id)
    await edit_or_send(query, texts.tool(tool, out, today), reply_markup=keyboards.tool(tool, out))


async def got_total(message: Message, state: FSMContext, person: Person, session: AsyncSession) -> None:
    raw = (message.text or "").strip()
    if not raw.isdigit() or int(raw) > lending.COUNT_MAX:
        await message.answer(texts.bad_total())
        return
    data = await state.get_data()
    try:
        tool = await lending.set_count(session, person, int(data.get("tool_id", 0)), int(raw))
    except LendingRefused as refused:
        await message.answer(texts.refusal(refused.reason))
        return
    await state.clear()
    await session.commit()
    await message.answer(texts.total_changed(tool), reply_markup=keyboards.back_to_library())


async def start_adding(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(NewTool.name)
    await state.set_data({})
    await edit_or_send(query, texts.ask_name(), reply_markup=keyboards.back_to_library())


async def got_name(message: Message, state: FSMContext) -> None:
    name = lending.clean_name(message.text)
    if name is None:
        await message.answer(texts.bad_name())
        return
    await state.update_data(name=name)
    await state.set_state(NewTool.count)
    await message.answer(texts.ask_count(), reply_markup=keyboards.back_to_library())


async def got_count(message: Message, state: FSMContext) -> None:
    count = lending.parse_count(message.text)
    if count is None:
        await message.answer(texts.bad_count())
        return
    await state.update_data(count=count)
    await state.set_state(NewTool.photo)
    await message.answer(texts.ask_photo(), reply_markup=keyboards.skip_photo())


async def _save(state: FSMContext, person: Person, session: AsyncSession, photo_file_id: str | None) -> str:
    data = await state.get_data()
    await state.clear()
    try:
        tool = await lending.add_tool(
            session,
            person,
            name=str(data.get("name", "")),
            count=int(data.get("count", 0)),
            photo_file_id=photo_file_id,
        )
    except LendingRefused as refused:  # the steps' data lost (a restart without Redis): start again
        return texts.refusal(refused.reason)
    await session.commit()
    return texts.added(tool)


async def got_photo(message: Message, state: FSMContext, person: Person, session: AsyncSession) -> None:
    photo = message.photo[-1].file_id if message.photo else None
    await message.answer(await _save(state, person, session, photo), reply_markup=keyboards.back_to_library())


async def no_photo(query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession) -> None:
    await edit_or_send(query, await _save(state, person, session, None), reply_markup=keyboards.back_to_library())


async def late_returns(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    today = clock.now().astimezone(settings.tz).date()
    views = await lending.overdue(session, person, today=today)
    await edit_or_send(query, texts.overdue(views, today), reply_markup=keyboards.overdue(views))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(library, MenuCallback.filter(F.action == MenuAction.tools))
    router.callback_query.register(show_tool, ToolCallback.filter())
    router.callback_query.register(start_adding, ToolAddCallback.filter())
    router.callback_query.register(late_returns, OverdueCallback.filter())
    router.callback_query.register(no_photo, NewTool.photo, SkipCallback.filter())
    router.message.register(got_name, NewTool.name, F.text)
    router.message.register(got_count, NewTool.count, F.text)
    router.message.register(got_photo, NewTool.photo, F.photo)
    router.message.register(got_total, ToolCount.count, F.text)
    return router
