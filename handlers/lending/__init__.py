"""The tool library (outilthèque): the inventory, loans to households, returns, late returns,
and a tenant's "What I borrowed"."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.lending import inventory, loans
    from handlers.lending.states import HINTS
    from handlers.ui.hints import unexpected_input_router

    router = Router(name=__name__)
    router.include_routers(
        inventory.create_router(),
        loans.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
