"""The household file's lines on a household's card (handlers/visits shows them; the file is
made by handlers/partners' referrals): shared text, no feature's own."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from bot.services.household_file import FileView


def file_lines(view: FileView | None) -> str:
    if view is None:
        return ""
    file = view.file
    situation = [
        name
        for flag, name in (
            (file.minimum_income, _("minimum income")),
            (file.single_parent, _("single parent")),
            (file.newcomer, _("newcomer")),
            (file.dalo, _("DALO")),
        )
        if flag
    ]
    lines = [
        _("<b>📁 Household file</b>"),
        _("👥 {women} women, {men} men, {children} children").format(
            women=file.adults_women, men=file.adults_men, children=file.children
        ),
        _("📋 Situation: {situation}").format(situation=", ".join(situation) if situation else _("none of these")),
        _("🏠 Tenant since: {year}").format(year=file.tenant_since or _("not known")),
        _("🏢 Landlord: {landlord}").format(landlord=escape(file.landlord or "?")),
    ]
    if view.referent or view.organisation:
        lines.append(
            _("🤝 Referent: {referent} ({organisation})").format(
                referent=escape(view.referent or "?"), organisation=escape(view.organisation or "?")
            )
        )
    return "\n".join(lines)
