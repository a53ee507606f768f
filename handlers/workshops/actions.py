"""Staff actions on one workshop: invite an audience (preview first, then a
broadcast with live progress), re-invite those who have not answered, the
answers list, who came, change, cancel."""

from __future__ import annotations

from datetime import date, time
from html import escape

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, Phase, RsvpAnswer, Workshop, WorkshopTheme
from bot.services import announcements, delivery, rsvp, workshop_invitations, workshops
from bot.services.delivery import Claimed, Progress
from bot.services.workshop_invitations import InviteAudience, Target
from bot.services.workshops import WorkshopError
from bot.timeutil import local_to_utc
from handlers.ui import texts as common_texts
from handlers.ui.calendar import (
    CalendarAction,
    CalendarCallback,
    HourCallback,
    MinuteCallback,
    hour_keyboard,
    minute_keyboard,
    month_keyboard,
    valid_day,
)
from handlers.ui.progress import progress_text
from handlers.ui.replies import edit_or_send
from handlers.workshops import texts
from handlers.workshops.callbacks import (
    AttendanceCallback,
    CancelWorkshopCallback,
    ChangeCallback,
    ChangeField,
    InviteConfirmCallback,
    InviteHouseholdToggle,
    InvitePhaseCallback,
    InviteSiteCallback,
    InviteTargetCallback,
    WorkshopAction,
    WorkshopActionCallback,
    WorkshopCallback,
)
from handlers.workshops.manage import calendar_move
from handlers.workshops.states import WorkshopChange, WorkshopInvite


def _back(workshop_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⬅️ Back to the workshop"), callback_data=WorkshopCallback(id=workshop_id))
    return builder.as_markup()


async def _open_workshop(
    query: CallbackQuery, session: AsyncSession, workshop_id: int, clock: Clock
) -> Workshop | None:
    """The workshop if it can still be acted on; otherwise says why."""
    workshop = await workshops.get(session, workshop_id)
    if workshop is None or not workshops.is_open(workshop, clock.now()):
        await edit_or_send(query, _("This workshop is cancelled, over or gone."), reply_markup=_back(workshop_id))
        return None
    return workshop


# --- inviting ---------------------------------------------------------------


async def choose_audience(
    query: CallbackQuery, callback_data: WorkshopActionCallback, state: FSMContext, session: AsyncSession, clock: Clock
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None:
        return
    await state.set_state(WorkshopInvite.audience)
    await state.set_data({"workshop_id": workshop.id, "households": []})
    builder = InlineKeyboardBuilder()
    options = [
        (_("👥 All tenants"), InviteAudience.all),
        (_("📍 Tenants of one site"), InviteAudience.site),
        (_("🧭 Households in one phase"), InviteAudience.phase),
        (_("🎓 Who came to a workshop on this theme"), InviteAudience.theme),
        (_("🏠 Choose households"), InviteAudience.households),
    ]
    for label, kind in options:
        builder.button(text=label, callback_data=InviteTargetCallback(workshop_id=workshop.id, kind=kind.value))
    builder.button(text=_("⬅️ Back to the workshop"), callback_data=WorkshopCallback(id=workshop.id))
    builder.adjust(1)
    await edit_or_send(
        query,
        _("📨 Who do you invite to <b>{title}</b>?").format(title=escape(workshop.title)),
        reply_markup=builder.as_markup(),
    )


async def target_chosen(
    query: CallbackQuery,
    callback_data: InviteTargetCallback,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None or callback_data.kind not in {a.value for a in InviteAudience}:
        return
    kind = InviteAudience(callback_data.kind)
    builder = InlineKeyboardBuilder()
    if kind is InviteAudience.site:
        sites = await announcements.sites(session)
        await state.update_data(sites=sites)
        for index, site in enumerate(sites):
            builder.button(text=site, callback_data=InviteSiteCallback(workshop_id=workshop.id, index=index))
        text = _("Which site?")
    elif kind is InviteAudience.phase:
        for phase in Phase:
            builder.button(
                text=str(common_texts.PHASE_NAMES[phase]),
                callback_data=InvitePhaseCallback(workshop_id=workshop.id, phase=phase),
            )
        text = _("Which phase of the programme?")
    elif kind is InviteAudience.households:
        await _show_household_picker(query, state, session, workshop)
        return
    else:
        target = Target(kind, theme=workshop.theme if kind is InviteAudience.theme else None)
        await _preview(query, state, session, workshop, target, settings)
        return
    builder.button(text=_("⬅️ Back to the workshop"), callback_data=WorkshopCallback(id=workshop.id))
    builder.adjust(1)
    await edit_or_send(query, text, reply_markup=builder.as_markup())


async def site_chosen(
    query: CallbackQuery,
    callback_data: InviteSiteCallback,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    sites = (await state.get_data()).get("sites", [])
    if workshop is None or not 0 <= callback_data.index < len(sites):
        return
    await _preview(
        query, state, session, workshop, Target(InviteAudience.site, site=sites[callback_data.index]), settings
    )


async def phase_chosen(
    query: CallbackQuery,
    callback_data: InvitePhaseCallback,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is not None:
        await _preview(
            query, state, session, workshop, Target(InviteAudience.phase, phase=callback_data.phase), settings
        )


async def _show_household_picker(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, workshop: Workshop
) -> None:
    picked = set((await state.get_data()).get("households", []))
    builder = InlineKeyboardBuilder()
    for household in (await workshop_invitations.households_for_picking(session))[:40]:
        mark = "☑️" if household.id in picked else "⬜"
        builder.button(
            text=f"{mark} {household.reference} · {household.site}",
            callback_data=InviteHouseholdToggle(workshop_id=workshop.id, household_id=household.id),
        )
    builder.button(text=_("➡️ Continue"), callback_data=InviteHouseholdToggle(workshop_id=workshop.id, household_id=0))
    builder.adjust(1)
    await edit_or_send(query, _("Tap the households to invite, then Continue."), reply_markup=builder.as_markup())


async def household_toggled(
    query: CallbackQuery,
    callback_data: InviteHouseholdToggle,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None:
        return
    picked = set((await state.get_data()).get("households", []))
    if callback_data.household_id == 0:
        await _preview(
            query,
            state,
            session,
            workshop,
            Target(InviteAudience.households, household_ids=tuple(sorted(picked))),
            settings,
        )
        return
    picked ^= {callback_data.household_id}
    await state.update_data(households=sorted(picked))
    await _show_household_picker(query, state, session, workshop)


async def _preview(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    workshop: Workshop,
    target: Target,
    settings: Settings,
) -> None:
    people = await workshop_invitations.not_yet_invited(
        session, workshop.id, await workshop_invitations.recipients(session, target)
    )
    if not people:
        await edit_or_send(query, _("Nobody new to invite in this group."), reply_markup=_back(workshop.id))
        return
    await state.set_state(WorkshopInvite.confirm)
    await state.update_data(
        kind=target.kind.value,
        site=target.site,
        phase=target.phase.value if target.phase else None,
        theme=target.theme.value if target.theme else None,
        households=list(target.household_ids),
    )
    invitation = texts.renderers(settings.tz)[workshop_invitations.INVITATION]
    sample = invitation(
        Claimed(0, 0, 0, "", workshop_invitations.INVITATION, None, rsvp.snapshot(workshop), None, 0, False)
    )
    count = ngettext(
        "{count} person will receive this (people already invited are left out):",
        "{count} people will receive this (people already invited are left out):",
        len(people),
    ).format(count=len(people))
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📨 Send"), callback_data=InviteConfirmCallback(workshop_id=workshop.id, send=True))
    builder.button(text=_("✖️ Cancel"), callback_data=InviteConfirmCallback(workshop_id=workshop.id, send=False))
    builder.adjust(1)
    await edit_or_send(query, f"{count}\n\n{sample.text}", reply_markup=builder.as_markup())


def _target(data: dict) -> Target:  # type: ignore[type-arg]
    return Target(
        InviteAudience(data["kind"]),
        site=data.get("site"),
        phase=Phase(data["phase"]) if data.get("phase") else None,
        theme=WorkshopTheme(data["theme"]) if data.get("theme") else None,
        household_ids=tuple(data.get("households") or ()),
    )


async def send_invitations(
    query: CallbackQuery,
    callback_data: InviteConfirmCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None or data.get("workshop_id") != workshop.id:
        return
    if not callback_data.send:
        await edit_or_send(query, common_texts.cancelled(), reply_markup=_back(workshop.id))
        return
    broadcast, count = await workshop_invitations.invite(
        session, workshop, _target(data), sender_id=person.id, now=clock.now()
    )
    await _show_progress(query, session, broadcast, count, workshop.id)


async def _show_progress(query: CallbackQuery, session: AsyncSession, broadcast, count: int, workshop_id: int) -> None:  # type: ignore[no-untyped-def]
    await session.commit()
    if broadcast is None:
        await edit_or_send(query, _("Nobody to send to."), reply_markup=_back(workshop_id))
        return
    # The progress message is edited by the scheduler until done, so it carries no
    # buttons (an edit would drop them); the way back comes in the next message.
    await edit_or_send(query, progress_text(Progress(count, 0, count, 0, 0, 0)))
    if isinstance(query.message, Message):
        await delivery.attach_progress_message(
            session, broadcast.id, chat_id=query.message.chat.id, message_id=query.message.message_id
        )
        await query.message.answer(_("The invitations are on their way."), reply_markup=_back(workshop_id))


async def relance(
    query: CallbackQuery, callback_data: WorkshopActionCallback, person: Person, session: AsyncSession, clock: Clock
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None:
        return
    broadcast, count = await workshop_invitations.relance(session, workshop, sender_id=person.id, now=clock.now())
    if broadcast is None:
        await edit_or_send(query, _("Everyone invited has answered."), reply_markup=_back(workshop.id))
        return
    await _show_progress(query, session, broadcast, count, workshop.id)


# --- answers and attendance -------------------------------------------------


async def answers(query: CallbackQuery, callback_data: WorkshopActionCallback, session: AsyncSession) -> None:
    workshop = await workshops.get(session, callback_data.workshop_id)
    if workshop is None:
        return
    groups: dict[RsvpAnswer, list[str]] = {}
    for participant in await rsvp.participants(session, workshop.id):
        groups.setdefault(participant.answer, []).append(escape(participant.name))
    counts = await rsvp.counts(session, workshop.id)
    lines = [f"<b>{escape(workshop.title)}</b>", ""]
    for answer in (RsvpAnswer.yes, RsvpAnswer.maybe, RsvpAnswer.waiting, RsvpAnswer.no):
        names = groups.get(answer, [])
        lines.append(f"{texts.ANSWER_NAMES[answer]} ({len(names)}): {', '.join(names) or '—'}")
    lines.append(_("No answer yet: {count}").format(count=counts.no_answer))
    await edit_or_send(query, "\n".join(lines), reply_markup=_back(workshop.id))


async def _attendance_screen(query: CallbackQuery, session: AsyncSession, workshop: Workshop) -> None:
    builder = InlineKeyboardBuilder()
    people = [
        p for p in await rsvp.participants(session, workshop.id) if p.answer in (RsvpAnswer.yes, RsvpAnswer.maybe)
    ]
    for participant in people:
        mark = "✅" if participant.attended else "⬜"
        builder.button(
            text=f"{mark} {participant.name}",
            callback_data=AttendanceCallback(workshop_id=workshop.id, rsvp_id=participant.rsvp_id),
        )
    builder.button(text=_("⬅️ Back to the workshop"), callback_data=WorkshopCallback(id=workshop.id))
    builder.adjust(1)
    came = sum(1 for p in people if p.attended)
    text = _("☑️ Tap each person who came. {came} of {total} ticked.").format(came=came, total=len(people))
    await edit_or_send(query, text, reply_markup=builder.as_markup())


async def attendance(query: CallbackQuery, callback_data: WorkshopActionCallback, session: AsyncSession) -> None:
    workshop = await workshops.get(session, callback_data.workshop_id)
    if workshop is not None:
        await _attendance_screen(query, session, workshop)


async def attendance_toggled(
    query: CallbackQuery, callback_data: AttendanceCallback, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    workshop = await workshops.get(session, callback_data.workshop_id)
    if workshop is None:
        return
    if (
        await rsvp.toggle_attendance(session, workshop.id, callback_data.rsvp_id, now=clock.now(), tz=settings.tz)
        is None
    ):
        return
    await session.commit()
    await _attendance_screen(query, session, workshop)


# --- change and cancel ------------------------------------------------------


async def change_menu(
    query: CallbackQuery, callback_data: WorkshopActionCallback, session: AsyncSession, clock: Clock
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None:
        return
    builder = InlineKeyboardBuilder()
    for label, field in (
        (_("🕐 Day and time"), ChangeField.time),
        (_("📍 Place"), ChangeField.place),
        (_("👥 Seats"), ChangeField.capacity),
    ):
        builder.button(text=label, callback_data=ChangeCallback(workshop_id=workshop.id, field=field))
        if workshop.series_id:
            builder.button(
                text=_("{what}: this and the next sessions").format(what=label),
                callback_data=ChangeCallback(workshop_id=workshop.id, field=field, whole_series=True),
            )
    builder.button(text=_("⬅️ Back to the workshop"), callback_data=WorkshopCallback(id=workshop.id))
    builder.adjust(1)
    await edit_or_send(query, _("What changes?"), reply_markup=builder.as_markup())


async def change_chosen(
    query: CallbackQuery,
    callback_data: ChangeCallback,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None:
        return
    await state.set_data({"workshop_id": workshop.id, "whole_series": callback_data.whole_series})
    if callback_data.field is ChangeField.time:
        await state.set_state(WorkshopChange.day)
        today = clock.now().astimezone(settings.tz).date()
        await edit_or_send(
            query,
            _("Which new day?"),
            reply_markup=month_keyboard(today.year, today.month, today=today, locale=i18n.current_locale),
        )
    elif callback_data.field is ChangeField.place:
        await state.set_state(WorkshopChange.place)
        await edit_or_send(query, _("Send the new address."))
    else:
        await state.set_state(WorkshopChange.capacity)
        await edit_or_send(
            query, _("How many seats now? Type a number ({taken} already taken).").format(taken=workshop.seats_taken)
        )


async def change_day(
    query: CallbackQuery, callback_data: CalendarCallback, state: FSMContext, clock: Clock, settings: Settings
) -> None:
    day = valid_day(callback_data, clock.now().astimezone(settings.tz).date())
    if day is None:
        return
    await state.update_data(day=day.isoformat())
    await state.set_state(WorkshopChange.time)
    await edit_or_send(query, _("At what time?"), reply_markup=hour_keyboard())


async def change_hour(query: CallbackQuery, callback_data: HourCallback) -> None:
    keyboard = hour_keyboard() if not 0 <= callback_data.hour <= 23 else minute_keyboard(callback_data.hour)
    await edit_or_send(query, _("At what time?"), reply_markup=keyboard)


async def _apply(
    reply,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    **change,  # type: ignore[no-untyped-def]
) -> None:
    data = await state.get_data()
    await state.clear()
    workshop = await workshops.get(session, data.get("workshop_id") or 0)
    if workshop is None or not workshops.is_open(workshop, clock.now()):
        await reply(_("This workshop is cancelled, over or gone."))
        return
    targets = (
        await workshops.series_sessions(session, workshop, now=clock.now()) if data.get("whole_series") else [workshop]
    )
    if "new_start" in change:
        change["shift"] = workshops.wall_clock_shift(workshop, change.pop("new_start"), settings.tz)
    try:
        told = await workshops.change(session, targets, actor_id=person.id, now=clock.now(), tz=settings.tz, **change)
    except WorkshopError as error:
        message = (
            _("That would be in the past.")
            if error.code == "in_the_past"
            else _("More seats are already taken than that.")
        )
        await reply(message)
        return
    await session.commit()
    done = ngettext("✏️ Changed. {count} person was told.", "✏️ Changed. {count} people were told.", told)
    await reply(done.format(count=told), reply_markup=_back(workshop.id))


async def change_time(
    query: CallbackQuery,
    callback_data: MinuteCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    data = await state.get_data()
    if not (0 <= callback_data.hour <= 23 and 0 <= callback_data.minute <= 59) or "day" not in data:
        return
    new_start = local_to_utc(
        date.fromisoformat(data["day"]), time(callback_data.hour, callback_data.minute), settings.tz
    )

    async def reply(text: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        await edit_or_send(query, text, **kwargs)

    await _apply(reply, state, person, session, clock, settings, new_start=new_start)


async def change_place(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    place = workshops.clean_place(message.text)
    if place is None:
        await message.answer(_("An address has 1 to 200 characters. Try again."))
        return
    await _apply(message.answer, state, person, session, clock, settings, place=place)


async def change_capacity(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    seats = workshops.parse_seats(message.text)
    if seats is None:
        await message.answer(_("Type a number of seats between 1 and 500."))
        return
    await _apply(message.answer, state, person, session, clock, settings, capacity=seats)


async def cancel_menu(
    query: CallbackQuery, callback_data: WorkshopActionCallback, session: AsyncSession, clock: Clock
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None:
        return
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✖️ Cancel this session"),
        callback_data=CancelWorkshopCallback(workshop_id=workshop.id, whole_series=False, confirm=True),
    )
    if workshop.series_id:
        builder.button(
            text=_("✖️ Cancel this and the next sessions"),
            callback_data=CancelWorkshopCallback(workshop_id=workshop.id, whole_series=True, confirm=True),
        )
    builder.button(text=_("⬅️ No, keep it"), callback_data=WorkshopCallback(id=workshop.id))
    builder.adjust(1)
    await edit_or_send(
        query, _("Cancel? Everyone who said yes or waits for a seat will be told."), reply_markup=builder.as_markup()
    )


async def cancel_confirmed(
    query: CallbackQuery,
    callback_data: CancelWorkshopCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    workshop = await _open_workshop(query, session, callback_data.workshop_id, clock)
    if workshop is None or not callback_data.confirm:
        return
    targets = (
        await workshops.series_sessions(session, workshop, now=clock.now())
        if callback_data.whole_series
        else [workshop]
    )
    told = await workshops.cancel(session, targets, actor_id=person.id, now=clock.now(), tz=settings.tz)
    await session.commit()
    await edit_or_send(
        query,
        ngettext("✖️ Cancelled. {count} person was told.", "✖️ Cancelled. {count} people were told.", told).format(
            count=told
        ),
        reply_markup=_back(workshop.id),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*STAFF))
    router.callback_query.filter(IsMember(*STAFF))
    action = WorkshopActionCallback.filter
    router.callback_query.register(choose_audience, action(F.action == WorkshopAction.invite))
    router.callback_query.register(relance, action(F.action == WorkshopAction.relance))
    router.callback_query.register(answers, action(F.action == WorkshopAction.answers))
    router.callback_query.register(attendance, action(F.action == WorkshopAction.attendance))
    router.callback_query.register(change_menu, action(F.action == WorkshopAction.change))
    router.callback_query.register(cancel_menu, action(F.action == WorkshopAction.cancel))
    router.callback_query.register(target_chosen, WorkshopInvite.audience, InviteTargetCallback.filter())
    router.callback_query.register(site_chosen, WorkshopInvite.audience, InviteSiteCallback.filter())
    router.callback_query.register(phase_chosen, WorkshopInvite.audience, InvitePhaseCallback.filter())
    router.callback_query.register(household_toggled, WorkshopInvite.audience, InviteHouseholdToggle.filter())
    router.callback_query.register(send_invitations, WorkshopInvite.confirm, InviteConfirmCallback.filter())
    router.callback_query.register(attendance_toggled, AttendanceCallback.filter())
    router.callback_query.register(change_chosen, ChangeCallback.filter())
    router.callback_query.register(
        calendar_move, WorkshopChange.day, CalendarCallback.filter(F.action == CalendarAction.show)
    )
    router.callback_query.register(
        change_day, WorkshopChange.day, CalendarCallback.filter(F.action == CalendarAction.pick)
    )
    router.callback_query.register(change_hour, WorkshopChange.time, HourCallback.filter())
    router.callback_query.register(change_time, WorkshopChange.time, MinuteCallback.filter())
    router.message.register(change_place, WorkshopChange.place, F.text)
    router.message.register(change_capacity, WorkshopChange.capacity, F.text)
    router.callback_query.register(cancel_confirmed, CancelWorkshopCallback.filter())
    return router
