"""The household's worksite: the participation contract, the materials, the works journal
(bot/services/worksite holds the rules)."""

from __future__ import annotations

from aiogram import Router

from handlers.ui.hints import unexpected_input_router
from handlers.worksite import contribution, items, journal, materials, overview, photos
from handlers.worksite.states import HINTS


def create_router() -> Router:
    router = Router(name=__name__)
    router.include_routers(
        overview.create_router(),
        items.create_router(),
        contribution.create_router(),
        materials.create_router(),
        journal.create_router(),
        photos.create_router(),
        unexpected_input_router(__name__ + ".hints", HINTS),
    )
    return router
