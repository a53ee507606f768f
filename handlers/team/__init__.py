"""The team for coordinators: roles, deactivation, handing households over."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.team import members

    router = Router(name=__name__)
    router.include_routers(
        members.create_router(),
    )
    return router
