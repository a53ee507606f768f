"""How the worksite reads: the contract (on screen and in its PDF), the shopping list, the
journal, and the answers to refusals. Every word through gettext."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.numbers import format_currency, format_decimal, format_percent

from bot.i18n import format_day_time
from bot.models import Buyer, Doer, ItemProgress, MaterialLine, PhotoStage, WorkKind, WorksItem, WorksSession
from bot.services.content import ContentLibrary
from bot.services.worksite import journal
from bot.services.worksite.contract import Contract
from bot.services.worksite.materials import Totals, WorkbookWords, line_cents
from bot.services.worksite.rules import WorksiteRefusal

KIND_NAMES = {
    WorkKind.walls: __("🎨 Walls and ceilings"),
    WorkKind.woodwork: __("🚪 Woodwork"),
    WorkKind.wallpaper: __("🧻 Wallpaper"),
    WorkKind.tiles: __("🔲 Tiles and joints"),
    WorkKind.floor: __("🟫 Floor covering"),
    WorkKind.filling: __("🧱 Filling and plaster"),
    WorkKind.plumbing: __("🚰 Small plumbing"),
    WorkKind.draughts: __("🌬 Draught-proofing"),
    WorkKind.energy_kit: __("💡 Energy kit"),
}
DOER_NAMES = {
    Doer.household: __("The household"),
    Doer.with_animator: __("Household with animator"),
    Doer.landlord: __("The landlord"),
    Doer.volunteers: __("Volunteers"),
    Doer.other_household: __("Another household"),
}
PROGRESS_NAMES = {
    ItemProgress.not_started: __("⬜ Not started"),
    ItemProgress.in_progress: __("🔨 In progress"),
    ItemProgress.done_with_help: __("✅ Done with help"),
    ItemProgress.done_alone: __("🌟 Done alone"),
}
BUYER_NAMES = {
    Buyer.association: __("The association"),
    Buyer.household: __("The household"),
    Buyer.landlord: __("The landlord"),
}
STAGE_NAMES = {
    PhotoStage.before: __("📷 Before"),
    PhotoStage.after: __("📷 After"),
    PhotoStage.problem: __("⚠️ A problem"),
    PhotoStage.done_alone: __("🌟 Done alone"),
}
UNIT_NAMES = {
    "piece": __("pcs"),
    "tin": __("tins"),
    "roll": __("rolls"),
    "m2": __("m²"),
}

REFUSALS = {
    WorksiteRefusal.not_allowed: __("This worksite is not yours to change."),
    WorksiteRefusal.closed: __("The accompaniment has ended: the worksite can no longer change."),
    WorksiteRefusal.no_contract: __("No participation contract has been drafted yet."),
    WorksiteRefusal.nothing_to_accept: __("This version is already accepted, or a newer one replaced it."),
    WorksiteRefusal.empty: __("Add at least one works item first."),
    WorksiteRefusal.bad_value: __("That number is out of range. Try again."),
    WorksiteRefusal.bad_photo: __("That photo could not be kept: send a JPEG or PNG photo under 10 MB."),
}


MAX_LIST_CHARS = 3000


def locale() -> str:
    return I18n.get_current(no_error=False).current_locale


def percent_text(percent: int) -> str:
    return format_percent(percent / 100, locale=locale())


def money(cents: int) -> str:
    return format_currency(cents / 100, "EUR", locale=locale())


def number(value: float) -> str:
    return format_decimal(value, format="#,##0.#", locale=locale())


def plain(name: object) -> str:
    """A name without its leading emoji: the PDF's font has no emoji."""
    text = str(name)
    first, _space, rest = text.partition(" ")
    return rest if rest and not any(char.isalnum() for char in first) else text


def item_line(item: WorksItem) -> str:
    parts = [f"{item.room} · {plain(KIND_NAMES[item.kind])}", str(DOER_NAMES[item.doer])]
    if item.area_m2 is not None:
        parts.append(_("{area} m²").format(area=number(item.area_m2)))
    if item.sessions_planned:
        parts.append(_("{count} sessions planned").format(count=item.sessions_planned))
    return " — ".join(parts)


def contribution_line(contract: Contract, totals: Totals) -> str:
    terms = contract.contract
    if terms.contribution_cents is not None:
        return _("Household's contribution: {amount}.").format(amount=money(terms.contribution_cents))
    return _("Household's contribution: {share} of the materials the association buys, about {amount}.").format(
        share=percent_text(terms.contribution_percent or 0), amount=money(totals.contribution_cents)
    )


def contract_lines(contract: Contract, totals: Totals, tz: ZoneInfo) -> list[str]:
    """The contract's plain text, paragraph by paragraph: the screen and the PDF say the same."""
    terms = contract.contract
    lines = [
        _("Household: {reference}").format(reference=contract.household.reference),
        _("Version {version}").format(version=terms.version),
        "",
        _("Works to do:"),
    ]
    lines += [f"{number}. {item_line(item)}" for number, item in enumerate(contract.items, 1)]
    if not contract.items:
        lines.append(_("No works item yet."))
    lines += ["", contribution_line(contract, totals)]
    if terms.help_other_worksite:
        lines.append(_("The household will help on another household's worksite."))
    if terms.come_to_workshops:
        lines.append(_("The household will come to the workshops."))
    lines.append("")
    if contract.accepted is not None:
        lines.append(
            _("Accepted on {when} by {name}.").format(
                when=format_day_time(contract.accepted.accepted_at, locale(), tz),
                name=contract.accepted_by or _("a tenant"),
            )
        )
    else:
        lines.append(_("Not accepted yet."))
    return lines


def contract_title() -> str:
    return _("Participation contract")


def contract_screen(contract: Contract | None, totals: Totals | None, tz: ZoneInfo, *, staff: bool) -> str:
    if contract is None or totals is None:
        return "<b>🧱 " + escape(contract_title()) + "</b>\n\n" + _("No participation contract has been drafted yet.")
    head = "<b>🧱 " + escape(contract_title()) + "</b>"
    body = "\n".join(escape(line) for line in contract_lines(contract, totals, tz))
    if staff:
        progress = "\n".join(f"{PROGRESS_NAMES[item.progress]} {escape(item.room)}" for item in contract.items)
        return f"{head}\n\n{body}\n\n" + (progress or "")
    if contract.accepted is None and contract.items:
        body += "\n\n" + _("Read it, then tap “I accept” if you agree.")
    return f"{head}\n\n{body}"


def material_name(line: MaterialLine, library: ContentLibrary) -> str:
    tutorial = library.tutorial(line.tutorial_id, locale())
    if tutorial is None or line.material_index >= len(tutorial.materials):
        return line.tutorial_id
    return tutorial.materials[line.material_index].name


def material_line(line: MaterialLine, library: ContentLibrary) -> str:
    mark = "☑️" if line.bought else "⬜"
    text = f"{mark} {material_name(line, library)} — {number(line.quantity)} {UNIT_NAMES.get(line.unit, line.unit)}"
    cents = line_cents(line)
    if cents is not None:
        text += " · ~" + money(cents)
    return text + " · " + str(BUYER_NAMES[line.buyer])


def materials_screen(lines: list[MaterialLine], totals: Totals, library: ContentLibrary, *, staff: bool) -> str:
    head = "<b>🛒 " + (_("Materials") if staff else _("My shopping list")) + "</b>"
    shown = [escape(material_line(line, library)) for line in lines] or [_("No material yet.")]
    summary = [
        _("Estimated total: {amount}").format(amount=money(totals.total)),
        _("Bought by the association: {amount}").format(amount=money(totals.by_buyer[Buyer.association])),
        _("Bought by the household: {amount}").format(amount=money(totals.by_buyer[Buyer.household])),
        _("Bought by the landlord: {amount}").format(amount=money(totals.by_buyer[Buyer.landlord])),
        _("Household's contribution: {amount}").format(amount=money(totals.contribution_cents)),
    ]
    note = _("Quantities are estimates from the measured area; the label on the tin or the roll always wins.")
    listed = "\n".join(shown)
    if len(listed) > MAX_LIST_CHARS:  # a message holds 4096 characters: the XLSX has every line
        listed = listed[:MAX_LIST_CHARS].rsplit("\n", 1)[0] + "\n…"
    return f"{head}\n\n{listed}\n\n" + "\n".join(summary) + "\n\n<i>" + escape(note) + "</i>"


def line_screen(line: MaterialLine, library: ContentLibrary) -> str:
    return escape(material_line(line, library)) + "\n\n" + _("Who buys it? Tap to change; tap “Bought” once it is.")


def item_screen(item: WorksItem) -> str:
    return (
        "<b>"
        + escape(item_line(item))
        + "</b>\n\n"
        + _("Progress: {progress}").format(progress=PROGRESS_NAMES[item.progress])
    )


def session_line(works: WorksSession, tz: ZoneInfo) -> str:
    people = _("household {members}, volunteers {volunteers}, other households {others}").format(
        members=works.household_members, volunteers=works.volunteers, others=works.other_households
    )
    return "🛠 " + _("{when}: {hours} h ({people})").format(
        when=format_day_time(works.started_at, locale(), tz), hours=number(journal.hours(works)), people=people
    )


def journal_screen(
    sessions: list[WorksSession], photo_counts: dict[PhotoStage, int], items: list[WorksItem], tz: ZoneInfo
) -> str:
    lines = ["<b>📔 " + _("Works journal") + "</b>", ""]
    lines += [escape(session_line(works, tz)) for works in sessions] or [_("No works session yet.")]
    total = sum(journal.hours(works) for works in sessions)
    lines += ["", _("Hours of works: {hours}").format(hours=number(total))]
    lines += [
        "",
        " · ".join(f"{STAGE_NAMES[stage]}: {photo_counts.get(stage, 0)}" for stage in PhotoStage),
    ]
    if items:
        lines += [""] + [
            f"{PROGRESS_NAMES[item.progress]} {escape(item.room)} · {KIND_NAMES[item.kind]}" for item in items
        ]
    return "\n".join(lines)


def ask_room() -> str:
    return _("Which room? Type it, e.g. <i>Bedroom</i> or <i>Kitchen</i>.")


def ask_kind(room: str) -> str:
    return _("<b>{room}</b>: what kind of work?").format(room=escape(room))


def ask_doer() -> str:
    return _("Who does it?")


def ask_planned() -> str:
    return _("How many works sessions are planned for it?")


def ask_area() -> str:
    return _("How many m² of wall or floor? Type the number you measured (e.g. <i>24</i>), or tap Skip.")


def bad_area() -> str:
    return _("Type a number of m² between 0.1 and 1000, e.g. <i>12.5</i>.")


def item_added(item: WorksItem) -> str:
    return _("✅ Added: {item}. Its materials are in the shopping list.").format(item=escape(item_line(item)))


def ask_contribution(default: int) -> str:
    return _(
        "The household's contribution: a share of the materials the association buys "
        "(the programme's default is {share}), or an amount."
    ).format(share=percent_text(default))


def ask_amount() -> str:
    return _("Type the amount in euros, e.g. <i>40</i>.")


def bad_amount() -> str:
    return _("Type an amount in euros between 0 and 10000, e.g. <i>40</i>.")


def sent(count: int) -> str:
    if count == 0:
        return _("Nobody in the household has joined the assistant yet: show them the contract at the next visit.")
    return _("📤 Sent to the household ({count}): they read it and accept it in the assistant.").format(count=count)


def accepted() -> str:
    return _("✅ Thank you! You accepted the contract. Your animator sees it.")


def proposed(version: int) -> str:
    return _("📄 Your participation contract (version {version}) is ready. Read it and accept it if you agree.").format(
        version=version
    )


def ask_hours() -> str:
    return _("🛠 New works session. How many hours did it last?")


def ask_members() -> str:
    return _("How many people of the household took part?")


def ask_volunteers() -> str:
    return _("How many volunteers?")


def ask_others() -> str:
    return _("How many people from other households?")


def session_saved(works: WorksSession, tz: ZoneInfo) -> str:
    return (
        _("✅ Session saved.")
        + "\n"
        + escape(session_line(works, tz))
        + "\n\n"
        + _("Add photos before and after, per works item.")
    )


def ask_photo(stage: PhotoStage) -> str:
    return _("Send the photo now: {stage}.").format(stage=STAGE_NAMES[stage])


def photo_saved() -> str:
    return _("✅ Photo saved in the journal.")


def before_after_caption(item: WorksItem) -> str:
    return _("Before (left) and after (right): {item}").format(item=escape(f"{item.room} · {KIND_NAMES[item.kind]}"))


def no_before_after() -> str:
    return _("No works item has a photo before and a photo after yet.")


def pdf_caption(reference: str) -> str:
    return _("📄 Participation contract of {reference}").format(reference=escape(reference))


def xlsx_caption(reference: str) -> str:
    return _("📊 Materials of {reference}").format(reference=escape(reference))


def workbook_headers() -> list[str]:
    return [
        _("Room"),
        _("Work"),
        _("Material"),
        _("Quantity"),
        _("Unit"),
        _("Unit price (estimate)"),
        _("Total (estimate)"),
        _("Bought by"),
        _("Bought"),
    ]


def when(moment: datetime, tz: ZoneInfo) -> str:
    return format_day_time(moment, locale(), tz)


HINTS_ROOM = __("A room has 1 to 60 characters, e.g. <i>Bedroom</i>. Try again.")


def item_removed() -> str:
    return _("🗑 Item removed, with its materials.")


def area_saved(item: WorksItem) -> str:
    return _("✅ {area} m² saved; the shopping list follows.").format(area=number(item.area_m2 or 0))


def amount_saved(cents: int) -> str:
    return _("✅ Contribution saved: {amount}.").format(amount=money(cents))


def workbook_words() -> WorkbookWords:
    return WorkbookWords(
        sheet=_("Materials"),
        headers=workbook_headers(),
        units={unit: str(name) for unit, name in UNIT_NAMES.items()},
        buyers={buyer: str(name) for buyer, name in BUYER_NAMES.items()},
        kinds=lambda item: str(KIND_NAMES[item.kind]).split(" ", 1)[-1],
        yes=_("yes"),
        no=_("no"),
        total=_("Estimated total"),
        contribution=_("Household's contribution"),
        sources=_("Sources of the quantities:"),
    )
