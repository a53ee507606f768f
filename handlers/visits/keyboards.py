"""The visits keyboards, built with handlers/ui/layout.py: one button per row
unless the choices are small (hours, lengths), the way out last."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import Household, Person, Phase, Role, Visit, VisitKind, VisitSlot, VisitStatus
from bot.services.visits import access, booking
from bot.services.visits.access import Target
from bot.services.visits.slots import SlotView
from handlers.ui import texts as ui_texts
from handlers.ui.calendar import month_keyboard
from handlers.ui.callbacks import (
    BeforeAfterCallback,
    HouseholdCardCallback,
    MenuAction,
    MenuCallback,
    SkipCallback,
    WorksiteCallback,
)
from handlers.ui.confirm import confirm_rows, confirmation
from handlers.ui.layout import Row, button, grid, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.visits import texts
from handlers.visits.callbacks import (
    CancelReason,
    CancelReasonCallback,
    DayViewCallback,
    HouseholdAddressCallback,
    HouseholdPhaseCallback,
    ReferentCallback,
    SlotDayRemoveCallback,
    SlotPlanCallback,
    SlotPlanStep,
    VisitAction,
    VisitActionCallback,
    VisitBookCallback,
    VisitCallback,
    VisitDayCallback,
    VisitDaysCallback,
    VisitHouseholdCallback,
    VisitSlotCallback,
    WeekCalendarCallback,
)

LABEL_MAX = 60  # longer button labels are cut: Telegram shows about this much on a phone


def _label(text: str) -> str:
    return text[:LABEL_MAX]


def _one_per_row(buttons: Iterable[InlineKeyboardButton]) -> list[Row]:
    return [[item] for item in buttons]


def _action(text: str, visit_id: int, action: VisitAction) -> InlineKeyboardButton:
    return button(text, VisitActionCallback(visit_id=visit_id, action=action))


def _menu(text: str, action: MenuAction) -> InlineKeyboardButton:
    return button(text, MenuCallback(action=action))


def open_visit_button(visit_id: int) -> InlineKeyboardButton:
    return button(_("📋 Open the visit"), VisitCallback(visit_id=visit_id))


def open_visit(visit_id: int) -> InlineKeyboardMarkup:
    return keyboard([open_visit_button(visit_id)])


def back_to_visit(visit_id: int) -> InlineKeyboardMarkup:
    return keyboard([button(_("⬅️ Back to the visit"), VisitCallback(visit_id=visit_id))])


def my_visits() -> InlineKeyboardMarkup:
    return keyboard([_menu(_("📋 My visits"), MenuAction.my_visits)])


def my_day() -> InlineKeyboardMarkup:
    return keyboard([_menu(_("⬅️ My day"), MenuAction.my_day)])


# --- the proactive messages ---


def reminder(visit_id: int, *, confirmed: bool = False) -> InlineKeyboardMarkup:
    """A visit confirmed already (checked at send time) is not asked again."""
    confirm = [] if confirmed else [_action(_("✅ I confirm"), visit_id, VisitAction.confirm)]
    return keyboard(confirm, [_action(_("🔁 I need to move it"), visit_id, VisitAction.move)])


def rebook() -> InlineKeyboardMarkup:
    return keyboard(
        [_menu(_("📅 Book another time"), MenuAction.book_visit)],
        [_menu(_("📋 My visits"), MenuAction.my_visits)],
    )


def digest(visits: Iterable[tuple[int, datetime, str]], tz: ZoneInfo) -> InlineKeyboardMarkup:
    """One button per visit of the day: (visit id, start, household reference)."""
    return keyboard(
        *_one_per_row(
            button(_label(f"{texts.clock(start, tz)} · {reference}"), VisitCallback(visit_id=visit_id))
            for visit_id, start, reference in visits
        )
    )


# --- booking ---


def _visit_id(target: Target) -> int:
    return target.visit.id if target.visit else 0


def days_data(target: Target) -> VisitDaysCallback:
    return VisitDaysCallback(household_id=target.household.id, visit_id=_visit_id(target), kind=target.kind)


def _booking_back(target: Target) -> InlineKeyboardButton:
    if target.visit is not None:
        return button(_("⬅️ Back to the visit"), VisitCallback(visit_id=target.visit.id))
    return back_to_menu_button()


def booking_days(target: Target, days: Iterable[tuple[date, list[VisitSlot]]], tz: ZoneInfo) -> InlineKeyboardMarkup:
    """A day's first free time, and "…" when there are more."""
    rows = []
    for day, day_slots in days:
        label = f"{texts.day_label(day)} · " + texts.clock(day_slots[0].starts_at, tz)
        if len(day_slots) > 1:
            label += " …"
        data = VisitDayCallback(
            day=day.toordinal(), household_id=target.household.id, visit_id=_visit_id(target), kind=target.kind
        )
        rows.append([button(label, data)])
    return keyboard(*rows, [_booking_back(target)])


def no_free_time(target: Target) -> InlineKeyboardMarkup:
    return keyboard([_booking_back(target)])


def booking_times(target: Target, slots: Iterable[VisitSlot], tz: ZoneInfo) -> InlineKeyboardMarkup:
    rows = _one_per_row(
        button(
            texts.slot_label(slot.starts_at, slot.ends_at, tz),
            VisitSlotCallback(
                slot_id=slot.id, household_id=target.household.id, visit_id=_visit_id(target), kind=target.kind
            ),
        )
        for slot in slots
    )
    return keyboard(*rows, [button(_("⬅️ Other days"), days_data(target))])


def booking_check(target: Target, slot_id: int) -> InlineKeyboardMarkup:
    book = VisitBookCallback(
        slot_id=slot_id, household_id=target.household.id, visit_id=_visit_id(target), kind=target.kind
    )
    return confirmation(book, days_data(target), no_text=_("⬅️ Other times"))


def booked(visit: Visit, person: Person) -> InlineKeyboardMarkup:
    if person.role is Role.tenant:
        rows = [
            [_action(_("📝 Add a note or a photo"), visit.id, VisitAction.note)],
            [_action(_("📅 Add to my calendar"), visit.id, VisitAction.ics)],
            [_menu(_("📋 My visits"), MenuAction.my_visits)],
        ]
    else:
        rows = [
            [_action(_("✉️ Add a message for the household"), visit.id, VisitAction.message)],
            [open_visit_button(visit.id)],
        ]
    return keyboard(*rows, [back_to_menu_button()])


# --- the tenant's visits ---


def tenant_visits(upcoming: Iterable[Visit], tz: ZoneInfo) -> InlineKeyboardMarkup:
    rows = _one_per_row(
        button(
            _label(f"🗓 {texts.when(visit.starts_at, tz)} · {texts.kind_name(visit.kind)}"),
            VisitCallback(visit_id=visit.id),
        )
        for visit in upcoming
    )
    return keyboard(*rows, [_menu(_("📅 Book a home visit"), MenuAction.book_visit)], [back_to_menu_button()])


def tenant_card(visit: Visit) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    if visit.status is VisitStatus.booked:
        rows = [
            [_action(_("🔁 Move"), visit.id, VisitAction.move)],
            [_action(_("✖️ Cancel"), visit.id, VisitAction.cancel)],
            [_action(_("📝 Add a note or a photo"), visit.id, VisitAction.note)],
            [_action(_("📅 Add to my calendar"), visit.id, VisitAction.ics)],
        ]
    return keyboard(*rows, [_menu(_("⬅️ My visits"), MenuAction.my_visits)])


REASON_NAMES: dict[CancelReason, Callable[[], str]] = {
    CancelReason.sick: lambda: _("🤒 I am ill"),
    CancelReason.unavailable: lambda: _("📆 I am not available"),
    CancelReason.not_needed: lambda: _("👌 No longer needed"),
}


def cancel_reasons(visit_id: int) -> InlineKeyboardMarkup:
    rows = _one_per_row(
        button(name(), CancelReasonCallback(visit_id=visit_id, reason=reason)) for reason, name in REASON_NAMES.items()
    )
    return keyboard(*rows, [button(_("⬅️ Keep the visit"), VisitCallback(visit_id=visit_id))])


def after_cancel() -> InlineKeyboardMarkup:
    return keyboard([_menu(_("📅 Book a home visit"), MenuAction.book_visit)], [back_to_menu_button()])


# --- the staff's day and visits ---


def _who(household: Household, names: Mapping[int, tuple[str, ...]]) -> str:
    """ "PAH-001 · Amina": the reference and the tenants' first names staff know them by."""
    first_names = names.get(household.id, ())
    return household.reference + (" · " + ", ".join(first_names) if first_names else "")


def day(
    waiting: Iterable[tuple[Visit, Household]],
    visits: Iterable[tuple[Visit, Household]],
    shown: date,
    tz: ZoneInfo,
    names: Mapping[int, tuple[str, ...]],
) -> InlineKeyboardMarkup:
    """Visits still waiting for how they went, the day's visits, the days around, the week's file."""
    waiting_rows = _one_per_row(
        button(
            _label(
                _("⏳ {when} · {reference}: how did it go?").format(
                    when=texts.when(visit.starts_at, tz), reference=_who(household, names)
                )
            ),
            VisitCallback(visit_id=visit.id),
        )
        for visit, household in waiting
    )
    visit_rows = _one_per_row(
        button(
            _label(
                f"{texts.STATUS_MARKS[visit.status]} {texts.clock(visit.starts_at, tz)} · {_who(household, names)} · {texts.kind_name(visit.kind)}"
            ),
            VisitCallback(visit_id=visit.id),
        )
        for visit, household in visits
    )
    monday = date.fromordinal(shown.toordinal() - shown.weekday())
    return keyboard(
        *waiting_rows,
        *visit_rows,
        [
            button(_("◀️ Previous day"), DayViewCallback(day=shown.toordinal() - 1)),
            button(_("Next day ▶️"), DayViewCallback(day=shown.toordinal() + 1)),
        ],
        [button(_("📅 This week in my calendar (.ics)"), WeekCalendarCallback(day=monday.toordinal()))],
        [back_to_menu_button()],
    )


def _household_visits_button(household_id: int) -> InlineKeyboardButton:
    return button(_("🗂 All visits of this household"), HouseholdCardCallback(household_id=household_id))


def staff_card(visit: Visit, household: Household, now: datetime) -> InlineKeyboardMarkup:
    actions: list[tuple[str, VisitAction]] = []
    if booking.can_close(visit, now):
        actions += [(_("✅ Done"), VisitAction.done), (_("🚫 Nobody home"), VisitAction.missed)]
    if booking.can_move(visit, now):
        actions += [(_("🔁 Move"), VisitAction.move), (_("✖️ Cancel"), VisitAction.cancel)]
    if visit.status is VisitStatus.booked:
        actions.append((_("✉️ Message to the household"), VisitAction.message))
    if visit.photo_file_id:
        actions.append((_("📷 See the photo"), VisitAction.photo))
    closing = [button(_("🖼 Before and after"), BeforeAfterCallback(household_id=household.id))]
    return keyboard(
        *_one_per_row(_action(label, visit.id, action) for label, action in actions),
        closing if visit.kind is VisitKind.closing else [],
        [_household_visits_button(household.id)],
        [_menu(_("⬅️ My day"), MenuAction.my_day)],
    )


def referent(visit_id: int) -> InlineKeyboardMarkup:
    return confirmation(
        ReferentCallback(visit_id=visit_id, present=True),
        ReferentCallback(visit_id=visit_id, present=False),
        yes_text=_("✅ Yes"),
        no_text=_("❌ No"),
    )


def skip() -> InlineKeyboardMarkup:
    return keyboard([button(_("⏭ Skip"), SkipCallback())])


def outcome_saved(household_id: int, proposed: Phase | None = None, *, may_end: bool = False) -> InlineKeyboardMarkup:
    """The household's visits and the day; after a first meeting or a closing visit, its next phase."""
    rows: list[Row] = []
    if proposed is not None:
        rows.append([_phase_button(household_id, proposed)])
    if may_end:
        rows.append(
            [
                button(
                    _("🏁 End the accompaniment"), HouseholdPhaseCallback(household_id=household_id, phase=Phase.closed)
                )
            ]
        )
    return keyboard(*rows, [_household_visits_button(household_id)], [_menu(_("⬅️ My day"), MenuAction.my_day)])


def _phase_button(household_id: int, phase: Phase) -> InlineKeyboardButton:
    return button(
        _("➡️ Move to phase: {phase}").format(phase=ui_texts.PHASE_NAMES[phase]),
        HouseholdPhaseCallback(household_id=household_id, phase=phase),
    )


def staff_cancel(visit_id: int) -> InlineKeyboardMarkup:
    return confirmation(
        SkipCallback(),
        VisitCallback(visit_id=visit_id),
        yes_text=_("⏭ Cancel without a message"),
        no_text=_("⬅️ Keep the visit"),
    )


# --- households' visits ---


def _phase_buttons(household: Household, person: Person) -> list[Row]:
    """The household card's own buttons: its phase, its end, its address."""
    if household.phase is Phase.closed:
        return []
    rows = [
        [_phase_button(household.id, phase)]
        for phase in (Phase.referred, Phase.preparation, Phase.works, Phase.follow_up)
        if phase is not household.phase
    ]
    if access.may_end_accompaniment(person, household):
        rows.append(
            [
                button(
                    _("🏁 End the accompaniment"),
                    HouseholdPhaseCallback(household_id=household.id, phase=Phase.closed),
                )
            ]
        )
    rows.append([button(_("🏠 Set the address"), HouseholdAddressCallback(household_id=household.id))])
    rows.append([button(_("🧱 Worksite"), WorksiteCallback(household_id=household.id))])
    return rows


def household_visits(
    household: Household,
    history: Iterable[tuple[Visit, str]],
    person: Person,
    worksite: Sequence[InlineKeyboardButton] = (),
) -> InlineKeyboardMarkup:
    """Each visit (with its line of the screen), booking one, the card's buttons, back to the list."""
    rows = _one_per_row(button(_label(line), VisitCallback(visit_id=visit.id)) for visit, line in history)
    if household.animator_id and household.phase is not Phase.closed:
        rows.append(
            [button(_("📅 Book a visit for this household"), VisitHouseholdCallback(household_id=household.id))]
        )
    return keyboard(
        *rows, list(worksite), *_phase_buttons(household, person), [_menu(_("⬅️ Households"), MenuAction.households)]
    )


def visit_kinds(household: Household, proposed: VisitKind | None) -> InlineKeyboardMarkup:
    rows = _one_per_row(
        button(
            ("⭐ " if kind is proposed else "") + texts.kind_name(kind),
            VisitDaysCallback(household_id=household.id, visit_id=0, kind=kind),
        )
        for kind in VisitKind
    )
    return keyboard(*rows, [button(_("⬅️ Back"), HouseholdCardCallback(household_id=household.id))])


def back_to_household(household_id: int) -> InlineKeyboardMarkup:
    return keyboard([button(_("⬅️ Back to the household"), HouseholdCardCallback(household_id=household_id))])


def close_household(household_id: int) -> InlineKeyboardMarkup:
    return confirmation(
        HouseholdPhaseCallback(household_id=household_id, phase=Phase.closed, confirm=True),
        HouseholdCardCallback(household_id=household_id),
        yes_text=_("🏁 Yes, end it"),
        no_text=_("⬅️ No, go back"),
    )


# --- availability ---


def _open_times_button() -> InlineKeyboardButton:
    return _menu(_("➕ Open new times"), MenuAction.open_slots)


def availability(views: Iterable[SlotView], tz: ZoneInfo) -> InlineKeyboardMarkup:
    """One "remove this day" per day with a free time (its booked times stay: cancel the visit first)."""
    days = sorted({view.slot.starts_at.astimezone(tz).date() for view in views if view.visit_id is None})
    rows = _one_per_row(
        button(
            _label(_("🗑 Remove {day}").format(day=texts.short_day(day))),
            SlotDayRemoveCallback(day=day.toordinal()),
        )
        for day in days
    )
    return keyboard(*rows, [_open_times_button()], [back_to_menu_button()])


def plan_days(year: int, month: int, *, today: date, picked: list[str], locale: str) -> InlineKeyboardMarkup:
    """The month to tap days in (picked ones ticked), then Next once there is one."""
    marked = frozenset(date.fromisoformat(picked_day) for picked_day in picked)
    calendar = month_keyboard(year, month, today=today, locale=locale, marked=marked)
    next_row = [button(_("➡️ Next"), SlotPlanCallback(step=SlotPlanStep.days_done))] if picked else []
    return keyboard(*calendar.inline_keyboard, next_row, [back_to_menu_button()])


def plan_choices(step: SlotPlanStep, values: Iterable[int], label: Callable[[int], str]) -> InlineKeyboardMarkup:
    """Lengths and breaks two to a row; the repeat choices are long, one to a row."""
    buttons = [button(label(value), SlotPlanCallback(step=step, value=value)) for value in values]
    return keyboard(*grid(buttons, 1 if step is SlotPlanStep.weeks else 2))


def plan_back(step: SlotPlanStep) -> InlineKeyboardButton:
    """The way back from the start time (to the days) and from the end time (to the start)."""
    return button(_("⬅️ Back"), SlotPlanCallback(step=step))


def plan_confirmation(*, holidays_skipped: bool = False, holidays_too: bool = False) -> InlineKeyboardMarkup:
    """Open or cancel; and, when the repeats meet public holidays, open them too (or skip them again)."""
    rows: list[Row] = []
    if holidays_skipped:
        rows.append([button(_("📅 Open on these holidays too"), SlotPlanCallback(step=SlotPlanStep.holidays, value=1))])
    elif holidays_too:
        rows.append([button(_("🚫 Skip the public holidays"), SlotPlanCallback(step=SlotPlanStep.holidays, value=0))])
    answer = confirm_rows(
        SlotPlanCallback(step=SlotPlanStep.confirm, value=1),
        MenuCallback(action=MenuAction.availability),
        yes_text=_("✅ Open these times"),
    )
    return keyboard(*rows, *answer)
