"""Emergency words, caught first in whatever a tenant types, wherever they are.

"Ça sent le gaz dans la cuisine" typed at the main screen, into the tutorial search, as a
note for a visit or as an answer to a questionnaire gets the emergency screen at once, and
the animator gets the message flagged, as from "✉️ Write to my animator". This router comes
right after the commands (handlers.get_routers), before every flow:

- outside any step, the emergency screen is the answer;
- inside a step, the step is kept and then handles the same message as usual (SkipHandler:
  aiogram goes on to the next handler that matches), so a note or an answer is not lost and
  the tenant carries on where they were;
- in the conversation with the animator, nothing here: that flow relays the message flagged
  and shows the same screen itself.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Filter, StateFilter
from aiogram.types import Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services import emergency, relay
from bot.services.emergency import Hazard
from bot.services.relay import RelayRefused
from handlers.relay import keyboards, texts
from handlers.relay.inputs import content_of
from handlers.relay.states import WriteToTeam


class SpeaksOfEmergency(Filter):
    """A text or a caption with emergency words; gives the handler `hazards`."""

    async def __call__(self, message: Message) -> bool | dict[str, Any]:
        said = message.text if message.text is not None else message.caption
        if not said or said.startswith("/"):
            return False  # commands always do what they say
        hazards = emergency.detect(said)
        return {"hazards": hazards} if hazards else False


async def emergency_words(
    message: Message,
    hazards: list[Hazard],
    raw_state: str | None,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    clock: Clock,
) -> None:
    relayed = await _tell_the_team(message, hazards, person, session, clock)
    may_write = await relay.household_of(session, person) is not None
    await message.answer(
        texts.emergency_text(hazards, settings, relayed=relayed), reply_markup=keyboards.emergency(may_write)
    )
    if raw_state is not None:
        raise SkipHandler  # the step waiting for this message still gets it


async def _tell_the_team(
    message: Message, hazards: list[Hazard], person: Person, session: AsyncSession, clock: Clock
) -> bool:
    content = content_of(message)
    if content is None:
        return False
    try:
        await relay.send_to_team(session, tenant=person, content=content, emergency=True, now=clock.now())
    except RelayRefused:
        return False  # no household, nobody in the team, too long: the numbers are what matters
    await session.commit()  # stored and queued before we say the animator was told
    return True


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(Role.tenant))
    router.message.register(emergency_words, ~StateFilter(WriteToTeam.message), F.text | F.photo, SpeaksOfEmergency())
    return router
