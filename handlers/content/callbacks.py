"""The content buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.ui.callbacks import Int, ShareKind, ShareTarget


class TutorialCategoryCallback(CallbackData, prefix="tc"):
    category: str  # a key of content files (painting, plumbing…), re-checked against the library
    offset: Int = 0


OVERVIEW = -1  # TutorialCallback.step: the overview with tools and materials
BEFORE_YOU_START = -2  # the card shown before step 1 (building, who pays, the landlord, when to stop)


class TutorialCallback(CallbackData, prefix="tu"):
    id: str
    step: Int  # 0-based step, or OVERVIEW, or BEFORE_YOU_START


class StepExtra(str, enum.Enum):
    listen = "l"  # the approved voice notes of the step, in the reader's language
    photos = "p"  # the approved photos the step's picture does not show


class TutorialStepExtraCallback(CallbackData, prefix="tux"):
    id: str
    step: Int  # 0-based
    extra: StepExtra


class ContributeWhat(str, enum.Enum):
    choose = "c"  # the screen offering a photo or a voice note
    photo = "p"
    voice_fr = "f"
    voice_ar = "a"


class ContributeCallback(CallbackData, prefix="tuc"):
    id: str
    step: Int  # 0-based
    what: ContributeWhat


class ReviewListCallback(CallbackData, prefix="rvl"):
    offset: Int = 0


class ReviewAction(str, enum.Enum):
    show = "s"
    approve = "a"
    reject = "r"


class ReviewCallback(CallbackData, prefix="rv"):
    id: Int  # a contribution's id; re-checked (pending, and the presser reviews) on every press
    action: ReviewAction


class WithdrawAction(str, enum.Enum):
    choose = "c"  # the step's approved photos and voice notes the presser may withdraw
    show = "s"  # one of them, sent as it is, with "Remove from the step"
    remove = "r"


class WithdrawCallback(CallbackData, prefix="tuw"):
    id: str  # the tutorial
    step: Int  # 0-based
    action: WithdrawAction
    contribution: Int = 0  # re-checked (approved, and the presser may withdraw it) on every press


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
