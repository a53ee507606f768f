"""Write to my animator: a tenant's text, photo or voice note reaches the household's
animator through the bot, and the answer comes back the same way; nobody shares a
phone number. Emergencies get the numbers to call at once.

Tenant: ✉️ Write to my animator → types, or sends a photo or a voice note → ✅ sent
(with when to expect an answer outside working hours, and the emergency numbers
if the message speaks of gas, carbon monoxide, a leak, no electricity or fire) → and
so on: a conversation, every message relayed and acknowledged, until ✅ Done or
relay.QUIET_PERIOD without a message (bot.middlewares.StateExpiryMiddleware ends it).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.middlewares import expiring
from bot.models import Person, Role
from bot.services import emergency, relay
from bot.services.relay import RelayRefusal, RelayRefused
from handlers.relay import keyboards, texts
from handlers.relay.callbacks import ConversationDoneCallback
from handlers.relay.inputs import content_of
from handlers.relay.states import WriteToTeam
from handlers.ui import texts as ui_texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu, main_menu
from handlers.ui.replies import edit_or_send

SENT_KEY = "sent"  # how many messages this conversation has relayed (the first says more)


async def start(
    query: CallbackQuery,
    callback_data: MenuCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    clock: Clock,
) -> None:
    async def show(text: str, reply_markup: InlineKeyboardMarkup) -> None:
        # "Reply" under the team's answer must leave that answer on screen: a new message.
        if callback_data.action is MenuAction.relay_reply and query.bot is not None:
            await query.bot.send_message(query.from_user.id, text, reply_markup=reply_markup)
        else:
            await edit_or_send(query, text, reply_markup=reply_markup)

    household = await relay.household_of(session, person)
    if household is None:
        await show(texts.no_household(), back_to_menu())
        return
    team = await relay.team_for(session, household)
    if not team.people:
        await state.clear()
        await show(texts.nobody_to_write_to(), keyboards.compose())
        return
    await state.set_state(WriteToTeam.message)
    await state.set_data({SENT_KEY: 0, **expiring(clock.now(), relay.QUIET_PERIOD)})
    await show(texts.write_to_team(team, settings), keyboards.compose())


async def from_tenant(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, settings: Settings, clock: Clock
) -> None:
    content = content_of(message)
    if content is None:
        await message.answer(texts.hint())
        return
    hazards = emergency.detect(content.text)
    now = clock.now()
    try:
        _sent, team = await relay.send_to_team(
            session, tenant=person, content=content, emergency=bool(hazards), now=now
        )
    except RelayRefused as refused:
        if refused.reason is RelayRefusal.too_long:
            await message.answer(texts.too_long())
        elif refused.reason is RelayRefusal.empty:
            await message.answer(texts.hint())
        else:  # no household any more, or nobody in the team to receive it
            await state.clear()
            if hazards:
                await message.answer(texts.emergency_text(hazards, settings))
            await message.answer(texts.not_sent_to_team(), reply_markup=main_menu(person))
        return
    await session.commit()  # stored before we say it is sent
    sent = (await state.get_data()).get(SENT_KEY, 0)
    await state.update_data({SENT_KEY: sent + 1, **expiring(now, relay.QUIET_PERIOD)})  # the conversation goes on
    if hazards:
        await message.answer(texts.emergency_text(hazards, settings, relayed=True))
    await message.answer(
        texts.sent_to_team(team, settings, now, first=not sent), reply_markup=keyboards.in_conversation()
    )


async def done(query: CallbackQuery, state: FSMContext, person: Person) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        # A new message: the acknowledgements above stay as they are, the record of what was sent.
        text = texts.conversation_closed() + "\n\n" + ui_texts.main_menu(person)
        await query.message.answer(text, reply_markup=main_menu(person))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(Role.tenant))
    router.callback_query.filter(IsMember(Role.tenant))
    router.callback_query.register(start, MenuCallback.filter(F.action.in_({MenuAction.relay, MenuAction.relay_reply})))
    router.callback_query.register(done, ConversationDoneCallback.filter())
    router.message.register(from_tenant, WriteToTeam.message, F.text | F.photo | F.voice)
    return router
