"""Joining (invitation, language, consent), the commands that work in every state, and the
member's own status (blocked, unblocked)."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.onboarding import joining, language, membership, menu
    from handlers.onboarding.states import HINTS
    from handlers.ui.hints import unexpected_input_router

    router = Router(name=__name__)
    router.include_routers(
        membership.create_router(),
        menu.create_router(),
        joining.create_router(),
        language.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
