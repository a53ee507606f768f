"""The privacy buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class EraseCallback(CallbackData, prefix="erase"):
    confirm: bool
