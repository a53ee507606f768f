"""The energy kit's keyboards (handlers/ui/layout.py)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import KitItem
from bot.services.energy_kit import KitKind
from handlers.energy_kit import texts
from handlers.energy_kit.callbacks import KitAddCallback, KitKindsCallback, KitRemoveCallback
from handlers.ui.callbacks import HouseholdCardCallback, HouseholdWorksiteCallback, WorksitePart
from handlers.ui.confirm import confirmation
from handlers.ui.layout import button, grid, keyboard

COUNTS = (1, 2, 3, 4, 5, 6)


def _kit(household_id: int) -> HouseholdWorksiteCallback:
    return HouseholdWorksiteCallback(household_id=household_id, part=WorksitePart.kit)


def household_kit(household_id: int, items: list[KitItem]) -> InlineKeyboardMarkup:
    removes = [
        [button("🗑 " + texts.item_line(item).lstrip("• ")[:27], KitRemoveCallback(item_id=item.id))] for item in items
    ]
    return keyboard(
        [button(_("➕ Add installed items"), KitKindsCallback(household_id=household_id))],
        *removes,
        [button(_("⬅️ Back to the household"), HouseholdCardCallback(household_id=household_id))],
    )


def kinds(household_id: int) -> InlineKeyboardMarkup:
    rows = [[button(texts.kind_name(kind), KitAddCallback(household_id=household_id, kind=kind))] for kind in KitKind]
    return keyboard(*rows, [button(_("⬅️ Back"), _kit(household_id))])


def counts(household_id: int, kind: KitKind) -> InlineKeyboardMarkup:
    choices = [
        button(str(count), KitAddCallback(household_id=household_id, kind=kind, count=count)) for count in COUNTS
    ]
    return keyboard(*grid(choices, 3), [button(_("⬅️ Back"), KitKindsCallback(household_id=household_id))])


def remove(item: KitItem) -> InlineKeyboardMarkup:
    return confirmation(
        KitRemoveCallback(item_id=item.id, confirm=True),
        _kit(item.household_id),
        yes_text=_("🗑 Yes, remove it"),
        no_text=_("⬅️ No, go back"),
    )
