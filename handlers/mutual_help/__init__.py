"""Mutual help: tenants offer help, staff match it with works visits, helpers are invited as
the visit's guests, and the hours are counted."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.mutual_help import staff, tenant
    from handlers.mutual_help.states import HINTS
    from handlers.ui.hints import unexpected_input_router

    router = Router(name=__name__)
    router.include_routers(
        tenant.create_router(),
        staff.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
