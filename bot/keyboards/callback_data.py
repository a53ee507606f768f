"""CallbackData factories. Short prefixes, enums and ids only: never personal
data (64-byte limit, and callback data can be forged, so handlers re-check)."""

from __future__ import annotations

import enum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.models import Phase, Role, RsvpAnswer, VisitKind, WorkshopTheme
from bot.services.announcements import AudienceKind
from bot.services.questionnaire_reports import Period

# Every number in callback data ends up in a query: forged data outside the database's
# INTEGER range must not match any button (it then gets "this button is no longer active").
Int = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]


class Locale(str, enum.Enum):
    fr = "fr"
    ar = "ar"
    en = "en"


class LanguageCallback(CallbackData, prefix="lang"):
    locale: Locale


class ConsentCallback(CallbackData, prefix="consent"):
    accept: bool


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
    book_for = "vbf"
    relay = "rly"  # a tenant writes to their animator
    relay_reply = "rlr"  # the same from "Reply" under the team's answer: a new message, the answer stays
    emergency = "sos"
    my_opinion = "avis"
    replies = "rep"


class MenuCallback(CallbackData, prefix="m"):
    action: MenuAction


class HouseholdPageCallback(CallbackData, prefix="hhp"):
    offset: Int


class EraseCallback(CallbackData, prefix="erase"):
    confirm: bool


class PriorityCallback(CallbackData, prefix="qpv"):
    priority: bool


class AnimatorChoiceCallback(CallbackData, prefix="anim"):
    person_id: Int  # 0 = nobody yet


class HouseholdConfirmCallback(CallbackData, prefix="hhok"):
    confirm: bool


class InviteRoleCallback(CallbackData, prefix="ivr"):
    role: Role


class InviteHouseholdCallback(CallbackData, prefix="ivh"):
    household_id: Int


class InviteHouseholdPageCallback(CallbackData, prefix="ivp"):
    offset: Int


class AudienceCallback(CallbackData, prefix="aud"):
    kind: AudienceKind


class AudienceSiteCallback(CallbackData, prefix="auds"):
    index: Int  # into the list of sites shown, kept in FSM data: site names can be long


class AudiencePhaseCallback(CallbackData, prefix="audp"):
    phase: Phase


class AnnouncementConfirmCallback(CallbackData, prefix="annok"):
    send: bool


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


class ShareKind(str, enum.Enum):
    tutorial = "tu"
    tip = "tip"


class SharePageCallback(CallbackData, prefix="shh"):
    offset: Int


class ShareTarget(str, enum.Enum):
    household = "h"  # its tenants
    workshop = "w"  # who said yes or came


class ShareKindCallback(CallbackData, prefix="shk"):
    to: ShareTarget
    target_id: Int
    kind: ShareKind
    offset: Int = 0


class ShareItemCallback(CallbackData, prefix="shi"):
    to: ShareTarget
    target_id: Int
    kind: ShareKind
    id: str


class WorkshopCallback(CallbackData, prefix="w"):
    id: Int  # the workshop's detail screen (staff) or card (tenants)


class WorkshopListCallback(CallbackData, prefix="wl"):
    offset: Int


class ThemeCallback(CallbackData, prefix="wth"):
    theme: WorkshopTheme


class SkipCallback(CallbackData, prefix="skip"):
    pass


class CapacityCallback(CallbackData, prefix="wcap"):
    seats: Int


class ChildrenCallback(CallbackData, prefix="wkid"):
    welcome: bool


class RepeatCallback(CallbackData, prefix="wrep"):
    every_weeks: Int  # 0 = once


class WorkshopConfirmCallback(CallbackData, prefix="wok"):
    confirm: bool


class RsvpCallback(CallbackData, prefix="rsvp"):
    """The buttons of an invitation or a reminder: only for people who were invited."""

    workshop_id: Int
    answer: RsvpAnswer


class SignupCallback(CallbackData, prefix="sign"):
    """The buttons of a workshop found by browsing: any tenant may sign up."""

    workshop_id: Int
    answer: RsvpAnswer


class MapCallback(CallbackData, prefix="map"):
    workshop_id: Int


class WorkshopAction(str, enum.Enum):
    invite = "inv"
    relance = "rel"
    answers = "ans"
    attendance = "att"
    change = "chg"
    cancel = "cnl"


class WorkshopActionCallback(CallbackData, prefix="wa"):
    workshop_id: Int
    action: WorkshopAction


class InviteTargetCallback(CallbackData, prefix="wit"):
    workshop_id: Int
    kind: str  # an InviteAudience value


class InviteSiteCallback(CallbackData, prefix="wis"):
    workshop_id: Int
    index: Int


class InvitePhaseCallback(CallbackData, prefix="wip"):
    workshop_id: Int
    phase: Phase


class InviteHouseholdToggle(CallbackData, prefix="wih"):
    workshop_id: Int
    household_id: Int  # 0: done picking


class InviteConfirmCallback(CallbackData, prefix="wic"):
    workshop_id: Int
    send: bool


class AttendanceCallback(CallbackData, prefix="wat"):
    workshop_id: Int
    rsvp_id: Int


class ChangeField(str, enum.Enum):
    time = "time"
    place = "place"
    capacity = "cap"


class ChangeCallback(CallbackData, prefix="wch"):
    workshop_id: Int
    field: ChangeField
    whole_series: bool = False


class CancelWorkshopCallback(CallbackData, prefix="wcn"):
    workshop_id: Int
    whole_series: bool
    confirm: bool = False


class JournalPageCallback(CallbackData, prefix="jrp"):
    offset: Int


class TeamPageCallback(CallbackData, prefix="tmp"):
    offset: Int


class TeamMemberCallback(CallbackData, prefix="tmm"):
    person_id: Int


class TeamRoleCallback(CallbackData, prefix="tmr"):
    person_id: Int
    role: Role


class TeamActiveCallback(CallbackData, prefix="tma"):
    person_id: Int
    active: bool
    confirm: bool = False


class TeamReassignCallback(CallbackData, prefix="tmh"):
    from_id: Int
    to_id: Int = 0  # 0: choose the animator


# --- home visits ------------------------------------------------------------
# A booking travels in the buttons: for whom (household, 0 = the presser's own),
# which visit is being moved (0 = a new booking) and what kind (staff choose it;
# a tenant's booking always takes the kind of the household's phase).


class VisitDaysCallback(CallbackData, prefix="vds"):
    household_id: Int
    visit_id: Int
    kind: VisitKind


class VisitDayCallback(CallbackData, prefix="vd"):
    day: Int  # date.toordinal()
    household_id: Int
    visit_id: Int
    kind: VisitKind


class VisitSlotCallback(CallbackData, prefix="vs"):
    slot_id: Int
    household_id: Int
    visit_id: Int
    kind: VisitKind


class VisitBookCallback(CallbackData, prefix="vbk"):
    slot_id: Int
    household_id: Int
    visit_id: Int
    kind: VisitKind


class VisitCallback(CallbackData, prefix="v"):
    visit_id: Int


class VisitAction(str, enum.Enum):
    move = "mv"
    cancel = "cn"
    ics = "ics"
    note = "nt"
    confirm = "ok"
    photo = "ph"
    done = "dn"
    missed = "ms"
    message = "msg"


class VisitActionCallback(CallbackData, prefix="va"):
    visit_id: Int
    action: VisitAction


class CancelReason(str, enum.Enum):
    sick = "sick"
    unavailable = "busy"
    not_needed = "ndd"


class CancelReasonCallback(CallbackData, prefix="vcr"):
    visit_id: Int
    reason: CancelReason


class VisitHouseholdCallback(CallbackData, prefix="vh"):
    household_id: Int


class HouseholdVisitsCallback(CallbackData, prefix="vhh"):
    household_id: Int


class ReferentCallback(CallbackData, prefix="vrf"):
    visit_id: Int
    present: bool


class DayViewCallback(CallbackData, prefix="vdv"):
    day: Int  # date.toordinal()


class WeekCalendarCallback(CallbackData, prefix="vwk"):
    day: Int  # the week's Monday, date.toordinal()


class SlotRemoveCallback(CallbackData, prefix="vsr"):
    slot_id: Int


class SlotPlanStep(str, enum.Enum):
    days_done = "dd"
    length = "len"
    buffer = "buf"
    weeks = "wk"
    confirm = "ok"


class SlotPlanCallback(CallbackData, prefix="vsp"):
    step: SlotPlanStep
    value: Int = 0
class RelayReplyCallback(CallbackData, prefix="rr"):
    """"Reply" under a tenant's relayed message: only the household's animator, coordinators, admins."""

    household_id: Int
class QuestionnaireAction(str, enum.Enum):
    open = "o"
    back = "b"
    skip = "s"
    done = "d"  # multiple choice: the ticks are saved, go on
    send = "x"
    edit = "e"  # from the review screen: back to question `index`


class QuestionnaireCallback(CallbackData, prefix="qn"):
    assignment_id: Int
    action: QuestionnaireAction
    index: Int = 0  # the question on screen: a button of an older screen does nothing


class QuestionnaireAnswerCallback(CallbackData, prefix="qa"):
    assignment_id: Int
    index: Int
    value: Int  # a score 1–5; yes 1, no 0; a choice's position in the question's list


class ReportView(str, enum.Enum):
    chart = "c"
    texts = "t"
    xlsx = "x"
    csv = "v"
    periods = "p"
    sites = "s"
    animators = "a"


class ReportCallback(CallbackData, prefix="rq"):
    questionnaire: Int  # position in the sorted questionnaire ids
    view: ReportView
    period: Period = Period.all
    site: Int = -1  # position in the sorted list of sites; -1 = every site
    animator: Int = 0  # an animator's person id; 0 = every animator


class BilanCallback(CallbackData, prefix="bl"):
    period: Period
    build: bool


# --- a household's card (staff) ---------------------------------------------


class HouseholdPhaseCallback(CallbackData, prefix="hph"):
    household_id: Int
    phase: Phase
    confirm: bool = False  # closing the accompaniment asks first


class HouseholdAddressCallback(CallbackData, prefix="had"):
    household_id: Int
