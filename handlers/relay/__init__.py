"""Tenants writing to their animator, and the team's answers."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.relay import emergency, reply, write
    from handlers.relay.states import HINTS
    from handlers.ui.hints import unexpected_input_router

    router = Router(name=__name__)
    router.include_routers(
        write.create_router(),
        reply.create_router(),
        emergency.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
