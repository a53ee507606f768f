"""Texts of the household and invitation flows."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from aiogram.utils.i18n import gettext as _

from bot.models import Household, Role
from bot.services.households import HouseholdRefusal, HouseholdRow
from bot.services.invites import InviteRefusal
from bot.services.paging import Page
from handlers.ui import texts as ui_texts


def household_list(page: Page[HouseholdRow]) -> str:
    if page.total == 0:
        return _("No household yet.")
    lines = [
        _("<b>Households</b> ({first}–{last} of {total})").format(
            first=page.offset + 1, last=page.offset + len(page.rows), total=page.total
        ),
        "",
    ]
    for row in page.rows:
        household = row.household
        parts = [
            f"<b>{escape(household.reference)}</b>",
            escape(", ".join(row.tenants)) if row.tenants else _("no tenant yet"),
            escape(household.site),
            str(ui_texts.PHASE_NAMES[household.phase]),
        ]
        if household.priority_neighbourhood:
            parts.append(_("priority area"))
        parts.append(escape(row.animator_name) if row.animator_name else _("no animator yet"))
        lines.append(" · ".join(parts))
    return "\n".join([*lines, "", _("Tap a household to open its card and its visits.")])


# --- creating one ---

_REFUSALS: dict[HouseholdRefusal, Callable[[], str]] = {
    HouseholdRefusal.bad_reference: lambda: _(
        "A reference has 1 to 40 letters, digits, dots, dashes or slashes. Try again."
    ),
    HouseholdRefusal.duplicate_reference: lambda: _("This reference already exists. Send another one."),
    HouseholdRefusal.bad_site: lambda: _("The site name must have 1 to 80 characters. Try again."),
    HouseholdRefusal.not_an_animator: lambda: _("This person is no longer an animator. Choose again."),
}


def refusal(reason: HouseholdRefusal) -> str:
    """What creating a household says when the service refuses; a reason the flow cannot meet
    (not a programme manager any more) reads as a stale button."""
    text = _REFUSALS.get(reason)
    return text() if text is not None else _("This button is no longer active.")


def ask_reference() -> str:
    return _("<b>New household</b> (1/4)\n\nSend its reference, for example <code>PAH-2026-014</code>.")


def ask_site() -> str:
    return _("(2/4) Which site or neighbourhood? For example <code>Encagnane</code>.")


def ask_priority() -> str:
    return _("(3/4) Is the home in a priority neighbourhood (QPV)?")


def ask_animator() -> str:
    return _("(4/4) Which animator follows this household?")


def summary(data: dict[str, Any], animator_name: str | None) -> str:
    """The FSM's answers, to check before creating."""
    return "\n".join(
        [
            _("<b>Check the new household</b>"),
            "",
            _("Reference: {reference}").format(reference=escape(data["reference"])),
            _("Site: {site}").format(site=escape(data["site"])),
            _("Priority neighbourhood: {answer}").format(answer=_("yes") if data["priority"] else _("no")),
            _("Animator: {name}").format(name=escape(animator_name) if animator_name else _("nobody for now")),
        ]
    )


def created(household: Household) -> str:
    return _("Household {reference} created.").format(reference=escape(household.reference))


# --- invitations ---


def who_to_invite() -> str:
    return _("Who do you want to invite?")


def create_household_first() -> str:
    return _("Create the household first, then invite its tenant.")


def which_household() -> str:
    return _("Which household is the tenant from?")


def invite_refusal(reason: InviteRefusal) -> str:
    if reason is InviteRefusal.not_allowed:  # a forged button, or no longer a programme manager
        return _("This button is no longer active.")
    return _("This household no longer exists.")  # gone, or anonymised after its retention period


def invitation(household: Household | None, role: Role, link: str, code: str, day: str) -> str:
    who = (
        _("the tenant of household {reference}").format(reference=escape(household.reference))
        if household
        else _("a new {role}").format(role=ui_texts.ROLE_NAMES[role])
    )
    return "\n".join(
        [
            _("<b>Invitation for {who}</b>").format(who=who),
            "",
            _("Send this link to the person:"),
            link,
            "",
            _("Or they can type this code in the assistant:"),
            f"<code>{code}</code>",
            "",
            _("Valid once, until {day}.").format(day=day),
        ]
    )
