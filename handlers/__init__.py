"""One aiogram Router per flow, built fresh by each module's create_router()
so that every dispatcher (production, each test) gets its own.

Order matters: commands that work in every state come first, the catch-all
fallback last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import common, erasure, fallback, households, invitations, language, onboarding

    return [
        common.create_router(),
        onboarding.create_router(),
        language.create_router(),
        erasure.create_router(),
        households.create_router(),
        invitations.create_router(),
        fallback.create_router(),
    ]
