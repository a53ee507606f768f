"""Collective workshops: tenants' answers and sign-ups, staff creating, inviting, changing."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.ui.hints import unexpected_input_router
    from handlers.workshops import actions, manage, tenant
    from handlers.workshops.states import HINTS

    router = Router(name=__name__)
    router.include_routers(
        tenant.create_router(),
        manage.create_router(),
        actions.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
