"""CallbackData factories shared by every feature. Short prefixes, enums and ids only: never
personal data (64-byte limit, and callback data can be forged, so handlers re-check)."""

from __future__ import annotations

import enum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# Every number in callback data ends up in a query: forged data outside the database's
# INTEGER range must not match any button (it then gets "this button is no longer active").
Int = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]


class Locale(str, enum.Enum):
    fr = "fr"
    ar = "ar"
    en = "en"


class LanguageCallback(CallbackData, prefix="lang"):
    locale: Locale


class MenuAction(str, enum.Enum):
    menu = "menu"
    help = "help"
    language = "lang"
    erase = "erase"
    my_data = "data"
    journal = "jrn"
    journal_export = "jrx"
    team = "team"
    households = "hh"
    new_household = "newhh"
    new_invite = "inv"
    announce = "ann"
    tutorials = "tut"
    tutorial_search = "tsr"
    tips = "tips"
    share = "shr"
    workshops = "ws"
    new_workshop = "nws"
    book_visit = "vb"
    my_visits = "mv"
    availability = "av"
    open_slots = "avo"
    my_day = "md"
    book_for = "vbf"  # "Visits by household" of older menus: the households list now
    relay = "rly"  # a tenant writes to their animator
    relay_reply = "rlr"  # the same from "Reply" under the team's answer: a new message, the answer stays
    emergency = "sos"
    my_opinion = "avis"
    replies = "rep"
    my_worksite = "wk"  # a tenant's worksite: contract, shopping list, journal
    tools = "tls"  # staff: the tool library and the overdue loans (handlers/lending)
    borrowed = "brw"  # a tenant: what their household borrowed (handlers/lending)
    offer_help = "ofh"  # a tenant offers help on another worksite (handlers/mutual_help)
    help_offers = "hof"  # staff: the open offers of help, to match with works visits (handlers/mutual_help)
    refer = "rf"  # a social referent refers a household (handlers/partners)
    my_referrals = "rfl"
    referrals = "rfw"  # the coordinators' referrals waiting for a decision
    referent_consent = "rfcn"  # from /mes_donnees (handlers/privacy): what the referent may read
    invite_referent = "ivref"  # from "Invite someone" (handlers/households) to handlers/partners


class MenuCallback(CallbackData, prefix="m"):
    action: MenuAction


class SkipCallback(CallbackData, prefix="skip"):
    pass


# Sending a tutorial or a tip: opened from the content menu, a household's card or a workshop.
class ShareKind(str, enum.Enum):
    tutorial = "tu"
    tip = "tip"


class ShareTarget(str, enum.Enum):
    household = "h"  # its tenants
    workshop = "w"  # who said yes or came


class ShareKindCallback(CallbackData, prefix="shk"):
    to: ShareTarget
    target_id: Int
    kind: ShareKind
    offset: Int = 0


# A household's card (its phase, address and visits; handlers/visits): pressed from the
# households list (handlers/households), the visits screens and a questionnaire's alert
# (handlers/questionnaires). Writing to its tenants likewise. The features re-check who may.
class HouseholdCardCallback(CallbackData, prefix="vhh"):
    household_id: Int


# A household's worksite (handlers/worksite), pressed from its card (handlers/visits).
class WorksiteCallback(CallbackData, prefix="wk"):
    household_id: Int


# Every works item's photos before and after, side by side (handlers/worksite), pressed from a
# closing visit's card (handlers/visits).
class BeforeAfterCallback(CallbackData, prefix="wkv"):
    household_id: Int


class RelayReplyCallback(CallbackData, prefix="rr"):
    """ "Reply" to a household (handlers/relay/reply.py): only its animator, coordinators, admins."""

    household_id: Int


class VersionCallback(CallbackData, prefix="ver"):
    """ "Add the Arabic version" (of a workshop's title, of a message to tenants): the flow that
    shows the button handles it in its own step."""

    locale: Locale


# A household's card shows its tools out, energy kit and mutual help (handlers/visits); each
# part's screen is its feature's (handlers/lending, handlers/energy_kit, handlers/mutual_help),
# which re-checks that the person follows the household.
class WorksitePart(str, enum.Enum):
    tools = "t"
    kit = "k"
    help = "h"


class HouseholdWorksiteCallback(CallbackData, prefix="hws"):
    household_id: Int
    part: WorksitePart
