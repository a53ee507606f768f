"""One aiogram Router per flow, built fresh by each module's create_router()
so that every dispatcher (production, each test) gets its own.

Order matters: commands that work in every state come first, the catch-all
fallback last."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Router

from bot.delivery.pump import SentHook
from bot.delivery.render import Renderer
from bot.services.content import ContentLibrary


def get_routers() -> list[Router]:
    from handlers import (
        announcements,
        common,
        erasure,
        fallback,
        household_card,
        households,
        invitations,
        journal,
        language,
        membership,
        onboarding,
        privacy,
        questionnaire_reports,
        questionnaires,
        relay,
        sharing,
        team,
        tips,
        tutorials,
        visits_availability,
        visits_booking,
        visits_staff,
        visits_tenant,
        workshops_actions,
        workshops_manage,
        workshops_tenant,
    )

    return [
        membership.create_router(),
        common.create_router(),
        onboarding.create_router(),
        language.create_router(),
        erasure.create_router(),
        privacy.create_router(),
        households.create_router(),
        invitations.create_router(),
        announcements.create_router(),
        journal.create_router(),
        team.create_router(),
        tutorials.create_router(),
        tips.create_router(),
        sharing.create_router(),
        relay.create_router(),
        workshops_tenant.create_router(),
        workshops_manage.create_router(),
        workshops_actions.create_router(),
        visits_booking.create_router(),
        visits_tenant.create_router(),
        visits_staff.create_router(),
        visits_availability.create_router(),
        household_card.create_router(),
        questionnaires.create_router(),
        questionnaire_reports.create_router(),
        fallback.create_router(),
    ]


def get_renderers(library: ContentLibrary, tz: ZoneInfo) -> dict[str, Renderer]:
    """How each kind of proactive message is written, at send time, by feature."""
    from handlers import announcements, questionnaires, relay, tips, tutorials, visit_texts, workshop_texts

    return {
        **announcements.RENDERERS,
        **relay.renderers(tz),
        **tutorials.renderers(library),
        **tips.renderers(library),
        **workshop_texts.renderers(tz),
        **visit_texts.renderers(tz),
        **questionnaires.renderers(library),
    }


def get_sent_hooks() -> dict[str, SentHook]:
    """What each kind records once one of its messages has gone out."""
    from bot.services import relay

    return {relay.KIND: relay.record_delivered}
