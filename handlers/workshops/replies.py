"""How the team's workshop screens answer when the workshop can no longer be acted on:
shared by the invite and change flows (a feature's handler modules do not import each other)."""

from __future__ import annotations

from datetime import datetime

from aiogram.types import CallbackQuery
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Person, Workshop
from bot.services import workshop_rules
from bot.services.workshop_rules import WorkshopRefused
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards, texts


async def open_workshop(
    query: CallbackQuery, session: AsyncSession, person: Person, workshop_id: int, now: datetime
) -> Workshop | None:
    """The workshop if this team member may still invite to it, change or cancel it; otherwise says why."""
    try:
        return await workshop_rules.runnable(session, person, workshop_id, now=now)
    except WorkshopRefused as refused:
        await edit_or_send(query, texts.staff_refusal(refused.reason), reply_markup=keyboards.back(workshop_id))
        return None
