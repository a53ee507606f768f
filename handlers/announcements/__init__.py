"""A coordinator's message to a group of tenants, watched while it is delivered."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.announcements import compose
    from handlers.announcements.states import HINTS
    from handlers.ui.hints import unexpected_input_router

    router = Router(name=__name__)
    router.include_routers(
        compose.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
