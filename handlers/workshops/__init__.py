"""Collective workshops: tenants' answers and sign-ups, staff creating, inviting, changing."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.ui.hints import unexpected_input_router
    from handlers.workshops import answers, change, create, create_check, invite, listing, tenant, versions
    from handlers.workshops.states import HINTS

    router = Router(name=__name__)
    router.include_routers(
        tenant.create_router(),  # first: a tenant's "Workshops" and a workshop's card
        listing.create_router(),
        create.create_router(),
        create_check.create_router(),
        versions.create_router(),
        invite.create_router(),
        answers.create_router(),
        change.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
