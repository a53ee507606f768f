"""The workshops' keyboards: one button per row (big targets), small choices side by side."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.models import Household, Phase, RsvpAnswer, Workshop, WorkshopStatus
from bot.services.languages import TextVersion
from bot.services.paging import Page, page_of
from bot.services.rsvp import Attendance, Participant, Silent
from bot.services.workshop_invitations import InviteAudience
from handlers.ui import texts as common_texts
from handlers.ui.calendar import month_keyboard
from handlers.ui.callbacks import MenuAction, MenuCallback, ShareKind, ShareKindCallback, ShareTarget, SkipCallback
from handlers.ui.confirm import confirm_rows
from handlers.ui.layout import Row, button, column, grid, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.ui.pager import pager_row
from handlers.ui.versions import version_rows
from handlers.workshops import texts
from handlers.workshops.callbacks import (
    AttendanceCallback,
    CancelWorkshopCallback,
    CapacityCallback,
    ChangeCallback,
    ChangeField,
    ChildrenCallback,
    InviteConfirmCallback,
    InviteHouseholdToggle,
    InvitePhaseCallback,
    InviteSiteCallback,
    InviteTargetCallback,
    MapCallback,
    RepeatCallback,
    RsvpCallback,
    SignupCallback,
    ThemeCallback,
    WalkInCallback,
    WorkshopAction,
    WorkshopActionCallback,
    WorkshopCallback,
    WorkshopConfirmCallback,
    WorkshopListCallback,
)

SEATS = (6, 8, 10, 12, 15, 20)
ANSWERS = (RsvpAnswer.yes, RsvpAnswer.maybe, RsvpAnswer.no)
PICKABLE_HOUSEHOLDS = 40  # one screen of buttons; more would be a wall nobody scrolls


def rsvp_buttons(workshop_id: int, answers: tuple[RsvpAnswer, ...] = ANSWERS) -> InlineKeyboardMarkup:
    """Under an invitation or a reminder: the answers (only for people who were invited)."""
    return column((str(texts.ANSWER_NAMES[a]), RsvpCallback(workshop_id=workshop_id, answer=a)) for a in answers)


def _back_button(workshop_id: int) -> Row:
    return [button(_("⬅️ Back to the workshop"), WorkshopCallback(id=workshop_id))]


def back(workshop_id: int) -> InlineKeyboardMarkup:
    return keyboard(_back_button(workshop_id))


def _workshops_button() -> Row:
    return [button(_("⬅️ Workshops"), MenuCallback(action=MenuAction.workshops))]


def back_to_workshops() -> InlineKeyboardMarkup:
    return keyboard(_workshops_button())


def skip() -> InlineKeyboardMarkup:
    return keyboard([button(_("⏭ Skip"), SkipCallback())])


def month(today: date, locale: str) -> Callable[[int, int], InlineKeyboardMarkup]:
    """The calendar of any month from `today` on, for ui.picker.turn_month."""

    def markup(year: int, month: int) -> InlineKeyboardMarkup:
        return month_keyboard(year, month, today=today, locale=locale)

    return markup


def this_month(today: date, locale: str) -> InlineKeyboardMarkup:
    return month(today, locale)(today.year, today.month)


# --- staff: the list, a workshop, creating ------------------------------------------------


def staff_list(page: Page[Workshop], tz: ZoneInfo) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                texts.list_label(w, "✖️ " if w.status is WorkshopStatus.cancelled else "", tz), WorkshopCallback(id=w.id)
            )
        ]
        for w in page.rows
    ]
    return keyboard(
        *rows,
        pager_row(page, lambda offset: WorkshopListCallback(offset=offset)),
        [button(_("➕ New workshop"), MenuCallback(action=MenuAction.new_workshop))],
        [back_to_menu_button()],
    )


def detail(workshop_id: int, cancelled: bool) -> InlineKeyboardMarkup:
    actions = [
        (_("📨 Invite"), WorkshopAction.invite),
        (_("🔁 Remind non-responders"), WorkshopAction.relance),
        (_("👥 Answers"), WorkshopAction.answers),
        (_("☑️ Who came"), WorkshopAction.attendance),
        (_("✏️ Change"), WorkshopAction.change),
        (_("✖️ Cancel"), WorkshopAction.cancel),
    ]
    rows = [
        [button(label, WorkshopActionCallback(workshop_id=workshop_id, action=action))]
        for label, action in (actions if not cancelled else actions[2:4])
    ]
    if not cancelled:
        share = ShareKindCallback(to=ShareTarget.workshop, target_id=workshop_id, kind=ShareKind.tutorial)
        rows.append([button(_("📤 Send them a tutorial or tip"), share)])
    return keyboard(*rows, _workshops_button())


def themes() -> InlineKeyboardMarkup:
    return column((str(name), ThemeCallback(theme=theme)) for theme, name in texts.THEME_NAMES.items())


def seats() -> InlineKeyboardMarkup:
    return keyboard(*grid((button(str(n), CapacityCallback(seats=n)) for n in SEATS), 3))


def children() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("Yes"), ChildrenCallback(welcome=True)), button(_("No"), ChildrenCallback(welcome=False))]
    )


def repeat() -> InlineKeyboardMarkup:
    return column(
        [
            (_("Once"), RepeatCallback(every_weeks=0)),
            (_("Every two weeks"), RepeatCallback(every_weeks=2)),
            (_("Every week"), RepeatCallback(every_weeks=1)),
            (_("Every three weeks"), RepeatCallback(every_weeks=3)),
            (_("Every four weeks"), RepeatCallback(every_weeks=4)),
        ]
    )


def create_confirmation(main_locale: str, versions: dict[str, TextVersion]) -> InlineKeyboardMarkup:
    """Create, a version of the title in each other language (optional), or stop."""
    yes, no = confirm_rows(
        WorkshopConfirmCallback(confirm=True), WorkshopConfirmCallback(confirm=False), yes_text=_("✅ Create")
    )
    return keyboard(yes, *version_rows(main_locale, versions), no)


# --- staff: inviting -----------------------------------------------------------------------


def audiences(workshop_id: int) -> InlineKeyboardMarkup:
    options = [
        (_("👥 All tenants"), InviteAudience.all),
        (_("📍 Tenants of one site"), InviteAudience.site),
        (_("🧭 Households in one phase"), InviteAudience.phase),
        (_("🎓 Came to this theme before"), InviteAudience.theme),
        (_("🏠 Choose households"), InviteAudience.households),
    ]
    rows = [[button(label, InviteTargetCallback(workshop_id=workshop_id, kind=kind.value))] for label, kind in options]
    return keyboard(*rows, _back_button(workshop_id))


def sites(workshop_id: int, names: Sequence[str]) -> InlineKeyboardMarkup:
    rows = [[button(site, InviteSiteCallback(workshop_id=workshop_id, index=i))] for i, site in enumerate(names)]
    return keyboard(*rows, _back_button(workshop_id))


def phases(workshop_id: int) -> InlineKeyboardMarkup:
    rows = [
        [button(str(common_texts.PHASE_NAMES[phase]), InvitePhaseCallback(workshop_id=workshop_id, phase=phase))]
        for phase in Phase
    ]
    return keyboard(*rows, _back_button(workshop_id))


def household_picker(workshop_id: int, households: Sequence[Household], picked: set[int]) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                f"{'☑️' if household.id in picked else '⬜'} {household.reference} · {household.site}",
                InviteHouseholdToggle(workshop_id=workshop_id, household_id=household.id),
            )
        ]
        for household in households[:PICKABLE_HOUSEHOLDS]
    ]
    done = InviteHouseholdToggle(workshop_id=workshop_id, household_id=0)
    return keyboard(*rows, [button(_("➡️ Continue"), done)])


def invite_confirmation(workshop_id: int, sessions: int) -> InlineKeyboardMarkup:
    """Send; for a session of a series, also "send for the N sessions" (this one and the next)."""
    yes, no = confirm_rows(
        InviteConfirmCallback(workshop_id=workshop_id, send=True),
        InviteConfirmCallback(workshop_id=workshop_id, send=False),
        yes_text=_("📨 Send") if sessions <= 1 else _("📨 This session only"),
    )
    series: list[Row] = []
    if sessions > 1:
        label = ngettext("📨 All {count} session", "📨 All {count} sessions", sessions).format(count=sessions)
        series = [[button(label, InviteConfirmCallback(workshop_id=workshop_id, send=True, whole_series=True))]]
    return keyboard(*series, yes, no)


# --- staff: attendance, change, cancel -----------------------------------------------------


ATTENDANCE_PAGE = 40  # Telegram allows 100 buttons in a keyboard: 40 names and the pager fit a phone


def attendance(found: Attendance, offset: int = 0) -> InlineKeyboardMarkup:
    """Everyone who answered or signed up, then those invited who did not answer (walk-ins),
    40 a page: ticking a name keeps the page (a forged offset lands on the last page)."""
    workshop_id = found.workshop.id
    everyone: list[Participant | Silent] = [*found.answered, *found.silent]
    page = page_of(everyone, offset, ATTENDANCE_PAGE)
    rows: list[Row] = []
    for one in page.rows:
        if isinstance(one, Participant):
            label = texts.attendance_label(one.name, bool(one.attended), one.answer)
            data: AttendanceCallback | WalkInCallback = AttendanceCallback(
                workshop_id=workshop_id, rsvp_id=one.rsvp_id, offset=page.offset
            )
        else:
            label = texts.attendance_label(one.name, False, None)
            data = WalkInCallback(workshop_id=workshop_id, person_id=one.person_id, offset=page.offset)
        rows.append([button(label, data)])
    pager = pager_row(page, lambda at: AttendanceCallback(workshop_id=workshop_id, rsvp_id=0, offset=at))
    rows += [pager] if pager else []
    return keyboard(*rows, _back_button(workshop_id))


def change_menu(workshop: Workshop) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    for label, series_label, field in (
        (_("🕐 Day and time"), _("🕐 Time: this and later ones"), ChangeField.time),
        (_("📍 Place"), _("📍 Place: this and later ones"), ChangeField.place),
        (_("👥 Seats"), _("👥 Seats: this and later ones"), ChangeField.capacity),
    ):
        rows.append([button(label, ChangeCallback(workshop_id=workshop.id, field=field))])
        if workshop.series_id:
            series = ChangeCallback(workshop_id=workshop.id, field=field, whole_series=True)
            rows.append([button(series_label, series)])
    return keyboard(*rows, _back_button(workshop.id))


def cancel_menu(workshop: Workshop) -> InlineKeyboardMarkup:
    rows = confirm_rows(
        CancelWorkshopCallback(workshop_id=workshop.id, whole_series=False, confirm=True),
        WorkshopCallback(id=workshop.id),
        yes_text=_("✖️ Cancel this session"),
        no_text=_("⬅️ No, keep it"),
    )
    if workshop.series_id:
        series = CancelWorkshopCallback(workshop_id=workshop.id, whole_series=True, confirm=True)
        rows.insert(1, [button(_("✖️ Cancel this and later ones"), series)])
    return keyboard(*rows)


# --- tenants -------------------------------------------------------------------------------


def tenant_list(entries: list[tuple[Workshop, str, str]], tz: ZoneInfo) -> InlineKeyboardMarkup:
    """Upcoming workshops (with the title in the tenant's language), each with their answer as a mark."""
    rows = [
        [button(texts.list_label(w, f"{mark} " if mark else "", tz, title), WorkshopCallback(id=w.id))]
        for w, mark, title in entries
    ]
    return keyboard(*rows, [back_to_menu_button()])


def card(workshop: Workshop) -> InlineKeyboardMarkup:
    """A workshop found by browsing: any tenant may sign up."""
    rows = [[button(str(texts.ANSWER_NAMES[a]), SignupCallback(workshop_id=workshop.id, answer=a))] for a in ANSWERS]
    if workshop.latitude is not None and workshop.longitude is not None:
        rows.append([button(_("🗺 Show on the map"), MapCallback(workshop_id=workshop.id))])
    return keyboard(*rows, _workshops_button())
