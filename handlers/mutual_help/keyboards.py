"""Mutual help's keyboards (handlers/ui/layout.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import GuestAnswer, HelpOffer, HelpOfferStatus, Visit
from bot.services.mutual_help import HalfDay, HelperOnVisit, OfferView
from handlers.mutual_help import texts
from handlers.mutual_help.callbacks import (
    GuestAnswerCallback,
    GuestRecordCallback,
    HalfDayCallback,
    MatchCallback,
    NewOfferCallback,
    OfferCallback,
    OfferWithdrawCallback,
)
from handlers.ui.callbacks import (
    HouseholdCardCallback,
    HouseholdWorksiteCallback,
    MenuAction,
    MenuCallback,
    WorksitePart,
)
from handlers.ui.layout import button, grid, keyboard
from handlers.ui.menus import back_to_menu_button

RECORD_MINUTES = (60, 120, 180, 240, 360)


def my_offers(offers: list[HelpOffer]) -> InlineKeyboardMarkup:
    withdraws = [
        [button(_("✖️ Withdraw: {skill}").format(skill=offer.skill)[:30], OfferWithdrawCallback(offer_id=offer.id))]
        for offer in offers
        if offer.status is HelpOfferStatus.open
    ]
    return keyboard([button(_("➕ New offer"), NewOfferCallback())], *withdraws, [back_to_menu_button()])


def half_days() -> InlineKeyboardMarkup:
    choices = [button(texts.half_day(half), HalfDayCallback(half_day=half)) for half in HalfDay]
    return keyboard(*grid(choices, 2), [back_to_menu_button()])


def after_offer() -> InlineKeyboardMarkup:
    return keyboard([button(_("🤝 My offers"), MenuCallback(action=MenuAction.offer_help))], [back_to_menu_button()])


def offers(views: list[OfferView]) -> InlineKeyboardMarkup:
    rows = [[button(texts.offer_button(view), OfferCallback(offer_id=view.offer.id))] for view in views]
    return keyboard(*rows, [back_to_menu_button()])


def offer(view: OfferView, visits: list[tuple[Visit, str]], tz: ZoneInfo) -> InlineKeyboardMarkup:
    rows = [
        [button(texts.visit_button(visit, reference, tz), MatchCallback(offer_id=view.offer.id, visit_id=visit.id))]
        for visit, reference in visits
    ]
    return keyboard(*rows, [button(_("⬅️ Offers of help"), MenuCallback(action=MenuAction.help_offers))])


def back_to_offers() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("⬅️ Offers of help"), MenuCallback(action=MenuAction.help_offers))], [back_to_menu_button()]
    )


def guest_answer(guest_id: int, *, confirmed: bool = False) -> InlineKeyboardMarkup:
    yes = button(_("👍 I'll come"), GuestAnswerCallback(guest_id=guest_id, answer=GuestAnswer.confirmed))
    no = button(_("✖️ I can't come"), GuestAnswerCallback(guest_id=guest_id, answer=GuestAnswer.declined))
    return keyboard([no] if confirmed else [yes, no], [back_to_menu_button()])


def household_help(
    household_id: int, helpers: list[HelperOnVisit], tz: ZoneInfo, now_passed: set[int]
) -> InlineKeyboardMarkup:
    rows = [
        [button(_("⏱ Record: {name}").format(name=item.name or "—")[:30], GuestRecordCallback(guest_id=item.guest.id))]
        for item in helpers
        if item.guest.id in now_passed
    ]
    return keyboard(*rows, [button(_("⬅️ Back to the household"), HouseholdCardCallback(household_id=household_id))])


def record(guest_id: int, household_id: int) -> InlineKeyboardMarkup:
    choices = [
        button(texts.hours(minutes), GuestRecordCallback(guest_id=guest_id, minutes=minutes))
        for minutes in RECORD_MINUTES
    ]
    return keyboard(
        *grid(choices, 3),
        [button(_("🚫 Did not come"), GuestRecordCallback(guest_id=guest_id, minutes=0))],
        [button(_("⬅️ Back"), HouseholdWorksiteCallback(household_id=household_id, part=WorksitePart.help))],
    )
