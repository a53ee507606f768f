"""Home visits: booking, the tenant's visits, the staff's day and households, free times."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.ui.hints import unexpected_input_router
    from handlers.visits import availability, booking, household_card, staff, tenant
    from handlers.visits.states import HINTS

    router = Router(name=__name__)
    router.include_routers(
        booking.create_router(),
        tenant.create_router(),
        staff.create_router(),
        availability.create_router(),
        household_card.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
