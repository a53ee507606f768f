"""Home visits: booking, the tenant's visits, the staff's day and households, free times."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.ui.hints import unexpected_input_router
    from handlers.visits import (
        availability,
        booking,
        day,
        household_card,
        household_visits,
        my_visits,
        note,
        open_slots,
        outcome,
        staff_visit,
        tenant_cancel,
    )
    from handlers.visits.states import HINTS

    router = Router(name=__name__)
    router.include_routers(
        booking.create_router(),
        # Tenants
        my_visits.create_router(),
        note.create_router(),
        tenant_cancel.create_router(),
        # Staff
        day.create_router(),
        staff_visit.create_router(),
        outcome.create_router(),
        household_visits.create_router(),
        household_card.create_router(),
        # Animators
        availability.create_router(),
        open_slots.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
