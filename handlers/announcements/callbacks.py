"""The announcements buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.models import Phase
from bot.services.announcements import AudienceKind
from handlers.ui.callbacks import Int


class AudienceCallback(CallbackData, prefix="aud"):
    kind: AudienceKind


class AudienceSiteCallback(CallbackData, prefix="auds"):
    index: Int  # into the list of sites shown, kept in FSM data: site names can be long


class AudiencePhaseCallback(CallbackData, prefix="audp"):
    phase: Phase


class AnnouncementConfirmCallback(CallbackData, prefix="annok"):
    send: bool
