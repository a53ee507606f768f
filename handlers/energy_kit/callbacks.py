"""The energy kit's buttons: ids and enums only."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.services.energy_kit import KitKind
from handlers.ui.callbacks import Int


class KitAddCallback(CallbackData, prefix="kta"):
    """Add items installed today: pick the kind, then the count (0: not picked yet)."""

    household_id: Int
    kind: KitKind
    count: Int = 0


class KitKindsCallback(CallbackData, prefix="ktk"):
    household_id: Int


class KitRemoveCallback(CallbackData, prefix="ktr"):
    item_id: Int
    confirm: bool = False
