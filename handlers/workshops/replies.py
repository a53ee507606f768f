"""What several workshop handler modules share (a feature's handler modules do not import each
other): how the team's screens answer when the workshop can no longer be acted on (invite,
change), and the check screen of a new workshop (its last steps, and its versions in other
languages)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.models import Person, Workshop, WorkshopTheme
from bot.services import workshop_rules, workshops
from bot.services.languages import TextVersion
from bot.services.workshop_rules import WorkshopRefused
from bot.services.workshops import Draft
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards, texts
from handlers.workshops.states import NewWorkshop


async def open_workshop(
    query: CallbackQuery, session: AsyncSession, person: Person, workshop_id: int, now: datetime
) -> Workshop | None:
    """The workshop if this team member may still invite to it, change or cancel it; otherwise says why."""
    try:
        return await workshop_rules.runnable(session, person, workshop_id, now=now)
    except WorkshopRefused as refused:
        await edit_or_send(query, texts.staff_refusal(refused.reason), reply_markup=keyboards.back(workshop_id))
        return None


def draft_of(data: dict[str, Any]) -> Draft:
    """The workshop being created, from the FSM data its steps left."""
    return Draft(
        theme=WorkshopTheme(data["theme"]),
        title=data["title"],
        description=data.get("description") or None,
        starts_at=datetime.fromisoformat(data["starts_at"]),
        place=data["place"],
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        capacity=data["capacity"],
        bring=data.get("bring"),
        children_welcome=bool(data.get("children")),
        versions={locale: TextVersion(**fields) for locale, fields in (data.get("versions") or {}).items()},
    )


def until_of(data: dict[str, Any]) -> datetime | None:
    return datetime.fromisoformat(data["until"]) if data.get("until") else None


async def check_screen(state: FSMContext, settings: Settings) -> tuple[str, InlineKeyboardMarkup]:
    """The last step of creating: the workshop (or series) as it will be, Create, a version in
    each other language, Cancel."""
    await state.set_state(NewWorkshop.confirm)
    data = await state.get_data()
    draft = draft_of(data)
    dates = workshops.session_dates(draft.starts_at, data.get("every_weeks"), until_of(data))
    markup = keyboards.create_confirmation(settings.default_locale, draft.versions)
    return texts.check_screen(draft, dates, settings.tz), markup
