"""Households for programme managers: the list, a new household, invitations."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.households import creation, invitations, listing
    from handlers.households.states import HINTS
    from handlers.ui.hints import unexpected_input_router

    router = Router(name=__name__)
    router.include_routers(
        listing.create_router(),
        creation.create_router(),
        invitations.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
