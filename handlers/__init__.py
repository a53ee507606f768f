"""The chat layer: one package per feature, each with a create_router() that
composes its sub-routers, built fresh so that every dispatcher (production,
each test) gets its own. See docs/architecture.md.

Order matters: commands that work in every state come first (onboarding's
menu), then tenants' emergency words in any state (handlers/relay/watch.py),
members' free text after every flow, the catch-all fallback last."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.fsm.state import State
from aiogram.utils.i18n.lazy_proxy import LazyProxy

from bot.delivery.pump import PrepareHook, SentHook
from bot.delivery.render import Renderer
from bot.services.content import ContentLibrary

# The feature packages, for what walks all of them (state_hints).
FEATURES = (
    "onboarding",
    "privacy",
    "households",
    "announcements",
    "journal",
    "team",
    "content",
    "relay",
    "workshops",
    "visits",
    "questionnaires",
    "worksite",
    "lending",
    "energy_kit",
    "mutual_help",
    "partners",
)


def get_routers() -> list[Router]:
    from handlers import (
        announcements,
        content,
        energy_kit,
        fallback,
        households,
        journal,
        lending,
        mutual_help,
        onboarding,
        partners,
        privacy,
        questionnaires,
        relay,
        team,
        visits,
        workshops,
        worksite,
    )
    from handlers.content import free_text
    from handlers.relay import watch

    return [
        onboarding.create_router(),
        watch.create_router(),
        privacy.create_router(),
        households.create_router(),
        announcements.create_router(),
        journal.create_router(),
        team.create_router(),
        content.create_router(),
        relay.create_router(),
        workshops.create_router(),
        visits.create_router(),
        questionnaires.create_router(),
        worksite.create_router(),
        lending.create_router(),
        energy_kit.create_router(),
        mutual_help.create_router(),
        partners.create_router(),
        free_text.create_router(),
        fallback.create_router(),
    ]


def get_renderers(library: ContentLibrary, tz: ZoneInfo) -> dict[str, Renderer]:
    """How each kind of proactive message is written, at send time, by feature."""
    from handlers.announcements import renderers as announcements
    from handlers.content import renderers as content
    from handlers.households import renderers as households
    from handlers.lending import renderers as lending
    from handlers.mutual_help import renderers as mutual_help
    from handlers.partners import renderers as partners
    from handlers.questionnaires import renderers as questionnaires
    from handlers.relay import renderers as relay
    from handlers.visits import renderers as visits
    from handlers.workshops import renderers as workshops
    from handlers.worksite import renderers as worksite

    return {
        **announcements.renderers(),
        **households.renderers(),
        **relay.renderers(tz),
        **content.renderers(library),
        **workshops.renderers(tz),
        **visits.renderers(tz),
        **questionnaires.renderers(library),
        **worksite.renderers(),
        **lending.renderers(),
        **mutual_help.renderers(tz),
        **partners.renderers(tz),
    }


def get_sent_hooks() -> dict[str, SentHook]:
    """What each kind records once one of its messages has gone out."""
    from bot.services import relay

    return {relay.KIND: relay.record_delivered}


def get_prepare_hooks() -> dict[str, PrepareHook]:
    """What each kind reads again from the database just before it is written."""
    from bot.services import lending
    from bot.services.visits import guests, reminders

    return {
        reminders.REMINDER: reminders.refresh_reminder,
        lending.REMINDER: lending.refresh_reminder,
        guests.GUEST_REMINDER: guests.refresh_reminder,
        guests.REFERENT_REMINDER: guests.refresh_reminder,
    }


def state_hints() -> dict[State, LazyProxy]:
    """Every flow's hints, for the tests that walk every step."""
    import importlib

    hints: dict[State, LazyProxy] = {}
    for name in FEATURES:
        try:
            states = importlib.import_module(f"handlers.{name}.states")
        except ModuleNotFoundError:
            continue
        hints.update(states.HINTS)
    return hints
