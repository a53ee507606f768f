"""Tutorials, tips, and staff sending either to households."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.content import contribute, review, sharing, tips, tutorials, withdraw
    from handlers.content.states import HINTS
    from handlers.ui.hints import unexpected_input_router

    router = Router(name=__name__)
    router.include_routers(
        tutorials.create_router(),
        tips.create_router(),
        sharing.create_router(),
        contribute.create_router(),
        review.create_router(),
        withdraw.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
