"""Partners of the accompaniment: social referents refer households and follow them;
coordinators decide on referrals and invite referents (docs/flows.md, "Referrals")."""

from __future__ import annotations

from aiogram import Router

from handlers.partners import consent, decisions, referent_view, referral_form
from handlers.partners.states import HINTS
from handlers.ui.hints import unexpected_input_router


def create_router() -> Router:
    router = Router(name=__name__)
    router.include_router(referral_form.create_router())
    router.include_router(referent_view.create_router())
    router.include_router(decisions.create_router())
    router.include_router(consent.create_router())
    router.include_router(unexpected_input_router(f"{__name__}.hints", HINTS))
    return router
