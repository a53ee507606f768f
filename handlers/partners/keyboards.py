"""The partners' keyboards, built with handlers/ui/layout.py."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import GuestAnswer, Organisation, Person, Referral, ReferralStatus, Urgency
from bot.services.paging import Page
from bot.services.referrals import ReferralView
from handlers.partners import texts
from handlers.partners.callbacks import (
    AgreedCallback,
    CountCallback,
    CountField,
    MyReferralsPageCallback,
    OrganisationCallback,
    PriorityAreaCallback,
    ReferentConsentCallback,
    ReferentHouseholdCallback,
    ReferentVisitAnswerCallback,
    ReferralAnimatorCallback,
    ReferralDecisionCallback,
    ReferralOpenCallback,
    ReferralPageCallback,
    SendReferralCallback,
    SituationCallback,
    SituationFlag,
    UrgencyCallback,
    YearUnknownCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.confirm import confirmation
from handlers.ui.layout import button, grid, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.ui.pager import pager_row

LABEL_MAX = 30
COUNT_CHOICES = {CountField.women: 5, CountField.men: 5, CountField.children: 8}
FLAG_KEYS = {
    SituationFlag.minimum_income: "minimum_income",
    SituationFlag.single_parent: "single_parent",
    SituationFlag.newcomer: "newcomer",
    SituationFlag.dalo: "dalo",
}


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def counts(field: CountField) -> InlineKeyboardMarkup:
    numbers = [button(str(n), CountCallback(field=field, value=n)) for n in range(COUNT_CHOICES[field] + 1)]
    return keyboard(*grid(numbers, 5), [back_to_menu_button()])


def situation(data: dict[str, Any]) -> InlineKeyboardMarkup:
    rows = [
        [button(("☑️ " if data.get(key) else "◻️ ") + str(texts.SITUATION_NAMES[key]), SituationCallback(flag=flag))]
        for flag, key in FLAG_KEYS.items()
    ]
    return keyboard(*rows, [button(_("✅ Next"), SituationCallback(flag=SituationFlag.done))])


def year_unknown() -> InlineKeyboardMarkup:
    return keyboard([button(_("I don't know"), YearUnknownCallback())])


def priority() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("Yes"), PriorityAreaCallback(priority=True)), button(_("No"), PriorityAreaCallback(priority=False))]
    )


def urgency() -> InlineKeyboardMarkup:
    return keyboard(*([button(str(texts.URGENCY_NAMES[u]), UrgencyCallback(urgency=u))] for u in Urgency))


def agreed() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("✅ Yes, they agreed"), AgreedCallback(agreed=True))],
        [button(_("✖️ Not yet"), AgreedCallback(agreed=False))],
    )


def send() -> InlineKeyboardMarkup:
    return confirmation(
        SendReferralCallback(confirm=True), SendReferralCallback(confirm=False), yes_text=_("📨 Send the referral")
    )


def my_referrals(page: Page[Referral]) -> InlineKeyboardMarkup:
    return keyboard(
        *([button(_short(texts.referral_label(r)), ReferralOpenCallback(referral_id=r.id))] for r in page.rows),
        pager_row(page, lambda offset: MyReferralsPageCallback(offset=offset)),
        [button(_("📨 Refer a household"), MenuCallback(action=MenuAction.refer))],
        [back_to_menu_button()],
    )


def back_to_my_referrals() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("⬅️ My referrals"), MenuCallback(action=MenuAction.my_referrals))], [back_to_menu_button()]
    )


def waiting(page: Page[ReferralView]) -> InlineKeyboardMarkup:
    return keyboard(
        *(
            [button(_short(texts.waiting_label(view)), ReferralOpenCallback(referral_id=view.referral.id))]
            for view in page.rows
        ),
        pager_row(page, lambda offset: ReferralPageCallback(offset=offset)),
        [back_to_menu_button()],
    )


def decide(referral: Referral) -> InlineKeyboardMarkup:
    rows = []
    if referral.status is ReferralStatus.pending:
        rows = [
            [button(_("✅ Accept"), ReferralDecisionCallback(referral_id=referral.id, accept=True))],
            [button(_("✖️ Decline"), ReferralDecisionCallback(referral_id=referral.id, accept=False))],
        ]
    return keyboard(
        *rows, [button(_("⬅️ Referrals"), MenuCallback(action=MenuAction.referrals))], [back_to_menu_button()]
    )


def animators(referral_id: int, people: list[Person]) -> InlineKeyboardMarkup:
    return keyboard(
        *([button(_short(p.name), ReferralAnimatorCallback(referral_id=referral_id, person_id=p.id))] for p in people),
        [button(_("Nobody for now"), ReferralAnimatorCallback(referral_id=referral_id, person_id=0))],
        [button(_("⬅️ Back"), ReferralOpenCallback(referral_id=referral_id))],
    )


def back_to_referral(referral_id: int) -> InlineKeyboardMarkup:
    return keyboard([button(_("⬅️ Back"), ReferralOpenCallback(referral_id=referral_id))])


def after_decision() -> InlineKeyboardMarkup:
    return keyboard([button(_("⬅️ Referrals"), MenuCallback(action=MenuAction.referrals))], [back_to_menu_button()])


def organisations(found: list[Organisation]) -> InlineKeyboardMarkup:
    return keyboard(
        *([button(_short(o.name), OrganisationCallback(organisation_id=o.id))] for o in found),
        [button(_("➕ New organisation"), OrganisationCallback(organisation_id=0))],
        [back_to_menu_button()],
    )


def consent(given: bool) -> InlineKeyboardMarkup:
    choice = (
        button(_("🔒 No, not any more"), ReferentConsentCallback(give=False))
        if given
        else button(_("✅ Yes, they may read them"), ReferentConsentCallback(give=True))
    )
    return keyboard([choice], [back_to_menu_button()])


def follow_up(referral_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("⬅️ Back"), ReferralOpenCallback(referral_id=referral_id))],
        [button(_("⬅️ My referrals"), MenuCallback(action=MenuAction.my_referrals))],
    )


def own_referral(referral: Referral) -> InlineKeyboardMarkup:
    rows = []
    if referral.household_id is not None:
        rows.append([button(_("🏠 Follow-up"), ReferentHouseholdCallback(household_id=referral.household_id))])
    return keyboard(
        *rows,
        [button(_("⬅️ My referrals"), MenuCallback(action=MenuAction.my_referrals))],
        [back_to_menu_button()],
    )


def referent_visit_answer(guest_id: int, *, confirmed: bool = False) -> InlineKeyboardMarkup:
    """The referent's answer to a visit they are invited to (a reminder after a yes offers only the no)."""
    yes = button(_("👍 I'll be there"), ReferentVisitAnswerCallback(guest_id=guest_id, answer=GuestAnswer.confirmed))
    no = button(_("✖️ I can't come"), ReferentVisitAnswerCallback(guest_id=guest_id, answer=GuestAnswer.declined))
    return keyboard(*([[no]] if confirmed else [[yes], [no]]), [back_to_menu_button()])
