"""The worksite's buttons: ids and enums only (the services check who may do what again)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from bot.models import Buyer, Doer, ItemProgress, PhotoStage, WorkKind
from bot.services.worksite.contract import Commitment
from handlers.ui.callbacks import Int


class Screen(str, enum.Enum):
    contract = "c"
    materials = "m"
    journal = "j"
    pdf = "p"
    xlsx = "x"
    send = "s"  # send the version to the household
    add_item = "a"
    contribution = "k"
    amount = "n"  # type an amount instead of a share


class WsScreenCallback(CallbackData, prefix="wks"):
    household_id: Int
    screen: Screen


class WsKindCallback(CallbackData, prefix="wkk"):
    kind: WorkKind


class WsDoerCallback(CallbackData, prefix="wkd"):
    doer: Doer


class WsPlannedCallback(CallbackData, prefix="wkn"):
    """How many works sessions an item needs, while adding it."""

    count: Int


class WsItemCallback(CallbackData, prefix="wki"):
    item_id: Int


class WsProgressCallback(CallbackData, prefix="wkp"):
    item_id: Int
    progress: ItemProgress


class ItemAction(str, enum.Enum):
    area = "a"
    remove = "r"
    compare = "c"  # before and after side by side


class WsItemActionCallback(CallbackData, prefix="wka"):
    item_id: Int
    action: ItemAction


class WsPercentCallback(CallbackData, prefix="wkc"):
    household_id: Int
    percent: Int


class WsCommitCallback(CallbackData, prefix="wko"):
    household_id: Int
    commitment: Commitment


class WsAcceptCallback(CallbackData, prefix="wky"):
    household_id: Int
    version: Int


class WsLineCallback(CallbackData, prefix="wkl"):
    line_id: Int


class WsBuyerCallback(CallbackData, prefix="wkb"):
    line_id: Int
    buyer: Buyer


class WsBoughtCallback(CallbackData, prefix="wkt"):
    line_id: Int


class WsSessionCallback(CallbackData, prefix="wkr"):
    """Recording a works session, one question a screen: -1 is "not answered yet"."""

    household_id: Int
    hours: Int = -1
    members: Int = -1
    volunteers: Int = -1
    others: Int = -1


class WsPhotoCallback(CallbackData, prefix="wkh"):
    """ "Send a photo": of `stage`, of an item (0: none); it joins the day's works session."""

    household_id: Int
    stage: PhotoStage
    item_id: Int = 0
