"""Telegram tells the bot when a person blocks or unblocks it: no message is
sent to someone who blocked it, and sending resumes when they come back."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import Anyone
from bot.models import Person
from bot.services import delivery, people


async def blocked(event: ChatMemberUpdated, person: Person | None, session: AsyncSession, clock: Clock) -> None:
    if person is not None and person.id is not None:
        await delivery.mark_unreachable(session, person.id, now=clock.now())


async def unblocked(event: ChatMemberUpdated, person: Person | None, session: AsyncSession) -> None:
    if person is not None:
        await people.mark_reachable(session, person)


def create_router() -> Router:
    router = Router(name=__name__)
    # Blocking the bot is not an action on anyone's data but one's own: strangers too.
    router.my_chat_member.filter(Anyone())
    router.my_chat_member.register(blocked, ChatMemberUpdatedFilter(member_status_changed=KICKED))
    router.my_chat_member.register(unblocked, ChatMemberUpdatedFilter(member_status_changed=MEMBER))
    return router
