"""Mutual help's buttons: ids and enums only (handlers and services re-check who may)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.models import GuestAnswer
from bot.services.mutual_help import HalfDay
from handlers.ui.callbacks import Int


class NewOfferCallback(CallbackData, prefix="hon"):
    pass


class HalfDayCallback(CallbackData, prefix="hod"):
    half_day: HalfDay


class OfferWithdrawCallback(CallbackData, prefix="how"):
    offer_id: Int


class OfferCallback(CallbackData, prefix="hoo"):
    offer_id: Int


class MatchCallback(CallbackData, prefix="hom"):
    offer_id: Int
    visit_id: Int


class GuestAnswerCallback(CallbackData, prefix="hga"):
    guest_id: Int
    answer: GuestAnswer


class GuestRecordCallback(CallbackData, prefix="hgr"):
    """After the visit: -1 shows the choices, 0 the helper did not come, else the minutes helped."""

    guest_id: Int
    minutes: Int = -1
