"""The person's own data: /mes_donnees and /supprimer."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    from handlers.privacy import erasure, my_data

    router = Router(name=__name__)
    router.include_routers(
        erasure.create_router(),
        my_data.create_router(),
    )
    return router
