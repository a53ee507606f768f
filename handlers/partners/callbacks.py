"""The partners' buttons (referrals, referents' invitations): short prefixes, enums and ids only."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from bot.models import GuestAnswer, Urgency
from handlers.ui.callbacks import Int


class CountField(str, enum.Enum):
    women = "w"
    men = "m"
    children = "c"


class SituationFlag(str, enum.Enum):
    minimum_income = "rsa"
    single_parent = "sp"
    newcomer = "new"
    dalo = "dalo"
    done = "ok"  # the situation is complete


class CountCallback(CallbackData, prefix="rfc"):
    field: CountField
    value: Int


class PriorityAreaCallback(CallbackData, prefix="rfq"):
    priority: bool


class SituationCallback(CallbackData, prefix="rfs"):
    flag: SituationFlag


class YearUnknownCallback(CallbackData, prefix="rfy"):
    pass


class UrgencyCallback(CallbackData, prefix="rfu"):
    urgency: Urgency


class AgreedCallback(CallbackData, prefix="rfa"):
    agreed: bool


class SendReferralCallback(CallbackData, prefix="rfok"):
    confirm: bool


class ReferralPageCallback(CallbackData, prefix="rfp"):
    offset: Int  # the coordinators' list of referrals waiting


class ReferralOpenCallback(CallbackData, prefix="rfo"):
    referral_id: Int


class ReferralDecisionCallback(CallbackData, prefix="rfd"):
    referral_id: Int
    accept: bool


class ReferralAnimatorCallback(CallbackData, prefix="rfan"):
    referral_id: Int
    person_id: Int  # 0 = nobody yet


class OrganisationCallback(CallbackData, prefix="org"):
    organisation_id: Int  # 0 = a new organisation


class MyReferralsPageCallback(CallbackData, prefix="rfm"):
    offset: Int


class ReferentHouseholdCallback(CallbackData, prefix="rfh"):
    household_id: Int  # a household the referent referred: its follow-up


class ReferentConsentCallback(CallbackData, prefix="rfcs"):
    give: bool  # a tenant lets the household's referent read its messages and answers, or not


class ReferentVisitAnswerCallback(CallbackData, prefix="rfva"):
    guest_id: Int  # the referent's invitation to a tripartite or closing visit
    answer: GuestAnswer
