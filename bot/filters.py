"""Who may reach a router. Routers declare it once with these filters;
the Person comes from the database on every update, never from callback data.

Every handler must be covered by one of ROLE_RULES, on itself or on its
router or a parent router: create_dispatcher() refuses to start otherwise
(see `unguarded_handlers`), so a new handler cannot forget its role rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
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


class Anyone(Filter):
    """Open to everyone, strangers included: said out loud, so it is a decision, not an
    oversight. Such a handler must itself decide from `person` (None for a stranger)."""

    async def __call__(self, event: TelegramObject) -> bool:
        return True


ROLE_RULES: tuple[type[Filter], ...] = (IsMember, IsKnown, NeedsOnboarding, Anyone)
_NOT_UPDATES = frozenset({"error"})  # the errors observer handles failures, not people's updates


def unguarded_handlers(routers: Iterable[Router]) -> list[str]:
    """ "router.observer: handler" for every handler that no role rule covers."""
    return [
        f"{router.name}.{observer}: {getattr(handler.callback, '__qualname__', handler.callback)!r}"
        for router, observer, handler, guarded in _walk(list(routers), {})
        if not guarded
    ]


def _walk(routers: list[Router], inherited: dict[str, bool]) -> Iterator[tuple[Router, str, HandlerObject, bool]]:
    for router in routers:
        guarded_here = {
            name: inherited.get(name, False) or _has_rule(observer._handler.filters)
            for name, observer in router.observers.items()
            if name not in _NOT_UPDATES
        }
        for name, observer in router.observers.items():
            if name in _NOT_UPDATES:
                continue
            for handler in observer.handlers:
                yield router, name, handler, guarded_here[name] or _has_rule(handler.filters)
        yield from _walk(router.sub_routers, guarded_here)


def _has_rule(filters: list[FilterObject] | None) -> bool:
    return any(isinstance(item.callback, ROLE_RULES) for item in filters or [])
