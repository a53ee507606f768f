"""The content buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.ui.callbacks import Int, ShareKind, ShareTarget


class TutorialCategoryCallback(CallbackData, prefix="tc"):
    category: str  # a key of content files (painting, plumbing…), re-checked against the library
    offset: Int = 0


class TutorialCallback(CallbackData, prefix="tu"):
    id: str
    step: Int  # -1: the overview with tools and materials


class TutorialDoneCallback(CallbackData, prefix="tud"):
    id: str


class TipCallback(CallbackData, prefix="tip"):
    index: Int  # position in this season's list of tips


class TipsAction(str, enum.Enum):
    choose_day = "day"
    unsubscribe = "stop"


class TipsActionCallback(CallbackData, prefix="tipa"):
    action: TipsAction


class TipDayCallback(CallbackData, prefix="tipd"):
    weekday: Int


class SharePageCallback(CallbackData, prefix="shh"):
    offset: Int


class ShareItemCallback(CallbackData, prefix="shi"):
    to: ShareTarget
    target_id: Int
    kind: ShareKind
    id: str
