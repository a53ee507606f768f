"""Follow-up questionnaires: answering, and the replies for coordinators."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.questionnaires import answering, bilan, exports, reports
    from handlers.questionnaires.states import HINTS
    from handlers.ui.hints import unexpected_input_router

    router = Router(name=__name__)
    router.include_routers(
        answering.create_router(),
        reports.create_router(),
        exports.create_router(),
        bilan.create_router(),
        unexpected_input_router(f"{__name__}.unexpected_input", HINTS),
    )
    return router
