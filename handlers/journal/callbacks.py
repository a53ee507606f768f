"""The journal buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from handlers.ui.callbacks import Int


class JournalPageCallback(CallbackData, prefix="jrp"):
    offset: Int
