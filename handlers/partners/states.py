"""The partners' flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class NewReferral(StatesGroup):
    women = State()
    men = State()
    children = State()
    situation = State()
    tenant_since = State()
    landlord = State()
    site = State()
    priority = State()
    needs = State()
    urgency = State()
    agreed = State()
    confirm = State()


class DeclineReferral(StatesGroup):
    reason = State()


class NewOrganisation(StatesGroup):
    name = State()


BUTTONS = __("Please answer with the buttons above.")

HINTS: Hints = {
    NewReferral.women: BUTTONS,
    NewReferral.men: BUTTONS,
    NewReferral.children: BUTTONS,
    NewReferral.situation: __("Tap what applies, then ✅ Next."),
    NewReferral.tenant_since: __("Please type the year, e.g. 2019, or tap I don't know."),
    NewReferral.landlord: __("Please type the landlord's name."),
    NewReferral.site: __("Please type the town or neighbourhood."),
    NewReferral.priority: BUTTONS,
    NewReferral.needs: __("Please type the housing problems and the works wished, in a few words."),
    NewReferral.urgency: BUTTONS,
    NewReferral.agreed: BUTTONS,
    NewReferral.confirm: __("Please tap Send or Cancel above."),
    DeclineReferral.reason: __("Please type why the referral is declined."),
    NewOrganisation.name: __("Please type the organisation's name."),
}
