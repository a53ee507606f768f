"""Texts of the team screens."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from bot.models import Person, Role
from bot.services.team import Member
from handlers.ui import texts as ui_texts


def role_names() -> dict[Role, str]:
    return {role: str(name) for role, name in ui_texts.ROLE_NAMES.items()}


def team(total: int) -> str:
    return _("<b>Team</b> ({total})\n\n🟢 active · ⚪️ deactivated. Tap someone to manage them.").format(total=total)


def member(member: Member) -> str:
    person = member.person
    lines = [
        f"<b>{_name(person)}</b> · {ui_texts.ROLE_NAMES[person.role]}",
        _("Active") if person.active else _("Deactivated: no access to the assistant"),
    ]
    if member.households:
        lines.append(_("Households followed: {count}").format(count=member.households))
    return "\n".join(lines)


def not_in_team() -> str:
    return _("This person is not in the team.")


def role_changed(person: Person) -> str:
    return _("✅ {name} is now {role}.").format(name=_name(person), role=ui_texts.ROLE_NAMES[person.role])


def ask_deactivation(person: Person) -> str:
    return _(
        "Deactivate {name}?\nThey will lose all access to the assistant at once. Their households stay assigned until you hand them over."
    ).format(name=_name(person))


def activity_changed(person: Person) -> str:
    note = _("✅ {name} is active again.") if person.active else _("🚫 {name} is deactivated.")
    return note.format(name=_name(person))


def no_other_animator() -> str:
    return _("There is no other active animator yet.")


def who_takes_over(member: Member) -> str:
    return _("Which animator takes over the {count} households of {name}?").format(
        count=member.households, name=_name(member.person)
    )


def handed_over(count: int) -> str:
    return _("✅ {count} households handed over.").format(count=count)


# Every refusal of the team rules (bot/services/team.TeamRefusal) reads the same: the person
# is not one this team member may manage, or the animator chosen no longer is one.
def refused() -> str:
    return _("You cannot do this for this person.")


def _name(person: Person) -> str:
    return escape(person.name, quote=False)
