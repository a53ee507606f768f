"""The audit log for administrators."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.journal import browse

    router = Router(name=__name__)
    router.include_routers(
        browse.create_router(),
    )
    return router
