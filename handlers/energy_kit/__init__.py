"""The energy kit installed at a household's home, with its estimated savings."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.energy_kit import household

    router = Router(name=__name__)
    router.include_routers(household.create_router())
    return router
