"""Who may reach a router. Routers declare it once with these filters;
the Person comes from the database on every update, never from callback data."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from bot.models import Person, Role
from bot.services.people import needs_consent


class IsMember(Filter):
    """An active person who has given the current consent, with one of `roles` (any if none)."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        if person is None or needs_consent(person):
            return False
        return not self.roles or person.role in self.roles


class NeedsOnboarding(Filter):
    """A stranger, or a known person who has not accepted the current consent."""

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        return person is None or needs_consent(person)


STAFF = (Role.animator, Role.coordinator, Role.admin)
PROGRAMME_MANAGERS = (Role.coordinator, Role.admin)


class IsKnown(Filter):
    """Any active person in the database, consent given or not (they may still erase)."""

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        return person is not None
