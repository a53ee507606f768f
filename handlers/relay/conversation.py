"""Write to my animator: a tenant's text, photo or voice note reaches the household's
animator through the bot, and the answer comes back the same way; nobody shares a
phone number. Emergencies get the numbers to call at once.

Tenant: ✉️ Write to my animator → types, or sends a photo or a voice note → ✅ sent
(with when to expect an answer outside working hours, and the emergency numbers
if the message speaks of gas, a leak, no electricity or fire).
Team: ↩️ Reply under the relayed message → types or sends → the household's
tenants get it, with their own ↩️ Reply. Checked on the press and again on sending.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.delivery.render import Rendered, Renderer
from bot.filters import STAFF, IsMember
from bot.models import Person, RelayDirection, RelayKind, Role
from bot.services import emergency, relay
from bot.services.delivery import Claimed
from bot.services.emergency import Hazard
from bot.services.relay import Content, RelayError, Team
from bot.timeutil import WorkingHours
from handlers.relay.callbacks import RelayReplyCallback
from handlers.relay.states import ReplyToHousehold, WriteToTeam
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.layout import column
from handlers.ui.menus import back_to_menu, main_menu
from handlers.ui.replies import edit_or_send

HOUSEHOLD_KEY = "household_id"
GAS_LINE = "0 800 47 33 33"  # GRDF, Urgence sécurité gaz: free, day and night


def _locale() -> str:
    return I18n.get_current().current_locale


def _names(people: list[Person]) -> str:
    return format_list([escape(person.name, quote=False) for person in people], locale=_locale())


# --- working hours -----------------------------------------------------------------------


def schedule_text(hours: WorkingHours) -> str:
    """ "Monday to Friday, 9:00–17:00" in the reader's language."""
    locale = _locale()
    day_names = get_day_names("wide", locale=locale)
    parts = []
    for span in hours.spans:
        days = list(span.days)
        if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
            days_text = _("{first} to {last}").format(first=day_names[days[0]], last=day_names[days[-1]])
        else:
            days_text = format_list([day_names[day] for day in days], locale=locale)
        parts.append(
            _("{days}, {start}–{end}").format(
                days=days_text,
                start=format_time(span.start, "H:mm", locale=locale),
                end=format_time(span.end, "H:mm", locale=locale),
            )
        )
    return "; ".join(parts)


def when_text(opening: datetime, now: datetime, tz: ZoneInfo) -> str:
    locale = _locale()
    local = opening.astimezone(tz)
    at = format_time(local, "H:mm", locale=locale)
    days_ahead = (local.date() - now.astimezone(tz).date()).days
    if days_ahead == 0:
        return _("today at {time}").format(time=at)
    if days_ahead == 1:
        return _("tomorrow at {time}").format(time=at)
    return _("on {day} at {time}").format(day=format_date(local, "EEEE d MMMM", locale=locale), time=at)


def hours_line(team: Team, settings: Settings) -> str:
    schedule = schedule_text(settings.working_hours)
    if team.animator is not None:
        return _("Your animator works {schedule}.").format(schedule=schedule)
    return _("The team works {schedule}.").format(schedule=schedule)


def expectation(team: Team, settings: Settings, now: datetime) -> str | None:
    """Outside working hours: when the message will be read. None during them."""
    opening = settings.working_hours.next_start(now, settings.tz)
    if opening == now:
        return None
    when = when_text(opening, now, settings.tz)
    return hours_line(team, settings) + " " + _("They will read your message {when}.").format(when=when)


# --- emergencies -------------------------------------------------------------------------


def _advice() -> dict[Hazard, str]:
    return {
        Hazard.gas: _(
            "🔥 <b>Smell of gas:</b> do not touch any switch, do not light anything. "
            "Open the windows, go out, then call {gas} from outside."
        ).format(gas=GAS_LINE),
        Hazard.water: _(
            "💧 <b>Water leak:</b> close the water valve (near the meter or under the sink). "
            "If water reaches the sockets, switch the electricity off at the panel."
        ),
        Hazard.electricity: _(
            "⚡ <b>No electricity:</b> look at your electrical panel, a switch may be down. "
            "If the neighbours have none either, call the Enedis breakdown number written on your electricity bill."
        ),
        Hazard.fire: _("🚒 <b>Fire or smoke:</b> get everyone out, close the door behind you, call 18 or 112."),
    }


def emergency_text(hazards: list[Hazard], settings: Settings, *, relayed: bool = False) -> str:
    """The numbers to call at once; plain digits, which Telegram shows as tappable numbers."""
    advice = _advice()
    lines = [_("🚨 <b>In danger? Call now, do not wait for your animator.</b>"), ""]
    lines += [advice[hazard] for hazard in (hazards or list(Hazard))]
    lines += [
        "",
        _("📞 112 – any emergency (free, from any phone)"),
        _("📞 18 – fire brigade"),
        _("📞 15 – SAMU, someone hurt or unwell"),
        _("📞 {gas} – smell of gas (GRDF, free, day and night)").format(gas=GAS_LINE),
    ]
    if settings.landlord_oncall_phone:
        lines.append(
            _("📞 {phone} – your landlord's on-call line (leak, breakdown in the building)").format(
                phone=escape(settings.landlord_oncall_phone)
            )
        )
    else:
        lines.append(_("🏢 Your landlord's on-call line (leak, breakdown in the building) is on your rent notice."))
    if relayed:
        lines += ["", _("Your message went to your animator too, but they may not read it at once.")]
    return "\n".join(lines)


# --- what each side receives (rendered at send time in the reader's language) ------------


def render_relay(row: Claimed) -> Rendered:
    params = row.params
    name = escape(str(params.get("sender") or ""), quote=False)
    media = params.get("media")
    if params.get("direction") == RelayDirection.to_team.value:
        lines = []
        if params.get("emergency"):
            lines.append(_("🚨 <b>EMERGENCY WORDS</b> – the tenant was given the emergency numbers."))
        lines.append(
            _("✉️ <b>Household {reference}</b> – {name}").format(
                reference=escape(str(params.get("reference", ""))), name=name or _("a tenant")
            )
        )
        markup = column([(_("↩️ Reply"), RelayReplyCallback(household_id=int(params.get("household_id", 0))))])
    else:
        if not name:
            lines = [_("✉️ <b>Your programme team:</b>")]
        elif params.get("sender_role") == Role.animator.value:
            lines = [_("✉️ <b>{name}, your animator:</b>").format(name=name)]
        else:
            lines = [_("✉️ <b>{name}, programme team:</b>").format(name=name)]
        markup = column([(_("↩️ Reply"), MenuCallback(action=MenuAction.relay_reply))])
    if media == RelayKind.voice.value:
        lines.append(_("🎤 Voice note"))
    if row.text:
        lines += ["", escape(row.text, quote=False)]
    file_id = params.get("file_id")
    return Rendered(
        "\n".join(lines),
        markup,
        photo=file_id if media == RelayKind.photo.value else None,
        voice=file_id if media == RelayKind.voice.value else None,
    )


def renderers(tz: ZoneInfo) -> dict[str, Renderer]:
    return {relay.KIND: render_relay}


# --- keyboards -----------------------------------------------------------------------------


def compose_keyboard() -> InlineKeyboardMarkup:
    return column(
        [
            (_("🚨 Emergency"), MenuCallback(action=MenuAction.emergency)),
            (_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu)),
        ]
    )


def after_sending_keyboard() -> InlineKeyboardMarkup:
    return column(
        [
            (_("✉️ Write another message"), MenuCallback(action=MenuAction.relay)),
            (_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu)),
        ]
    )


def _content(message: Message) -> Content | None:
    if message.text is not None:
        return Content(RelayKind.text, message.text)
    if message.photo:
        return Content(RelayKind.photo, message.caption, message.photo[-1].file_id)
    if message.voice is not None:
        return Content(RelayKind.voice, message.caption, message.voice.file_id)
    return None


def _hint() -> str:
    return _("Please type your message, or send a photo or a voice note.") + "\n" + _("To stop, send /cancel.")


def _too_long() -> str:
    return _("This message is too long. Keep it under {count} characters, or send it in two parts.").format(
        count=relay.MAX_TEXT
    )


# --- the tenant --------------------------------------------------------------------------


async def start(
    query: CallbackQuery,
    callback_data: MenuCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
) -> None:
    async def show(text: str, reply_markup: InlineKeyboardMarkup) -> None:
        # "Reply" under the team's answer must leave that answer on screen: a new message.
        if callback_data.action is MenuAction.relay_reply and query.bot is not None:
            await query.bot.send_message(query.from_user.id, text, reply_markup=reply_markup)
        else:
            await edit_or_send(query, text, reply_markup=reply_markup)

    household = await relay.household_of(session, person)
    if household is None:
        await show(
            _("You are not linked to a household yet. Ask your animator or your social referent."),
            reply_markup=back_to_menu(),
        )
        return
    team = await relay.team_for(session, household)
    lines = [_("✉️ <b>Write to your animator</b>"), ""]
    if not team.people:
        lines.append(_("Nobody in the team can receive messages yet. Call your animator or your social referent."))
        lines += ["", _("Gas smell, water leak, no electricity? Tap 🚨 Emergency to get the numbers to call.")]
        await state.clear()
        await show("\n".join(lines), compose_keyboard())
        return
    lines.append(_("Type your message, or send a photo or a voice note."))
    if team.animator is not None:
        lines.append(
            _("{name} will receive it with your first name and your household's reference.").format(
                name=escape(team.animator.name, quote=False)
            )
        )
    else:
        lines.append(
            _(
                "Your household has no animator at the moment. The programme coordinators will receive it: {names}."
            ).format(names=_names(team.people))
        )
    lines.append(_("Your phone number stays private."))
    lines += ["", hours_line(team, settings)]
    lines += ["", _("Gas smell, water leak, no electricity? Tap 🚨 Emergency to get the numbers to call.")]
    await state.set_state(WriteToTeam.message)
    await show("\n".join(lines), compose_keyboard())


async def from_tenant(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, settings: Settings, clock: Clock
) -> None:
    content = _content(message)
    if content is None or (content.kind is RelayKind.text and content.text and content.text.startswith("/")):
        await message.answer(_hint())
        return
    hazards = emergency.detect(content.text)
    now = clock.now()
    try:
        _sent, team = await relay.send_to_team(
            session, tenant=person, content=content, emergency=bool(hazards), now=now
        )
    except RelayError as error:
        if error.code == "too_long":
            await message.answer(_too_long())
        elif error.code == "empty":
            await message.answer(_hint())
        else:  # no household any more, or nobody in the team to receive it
            await state.clear()
            if hazards:
                await message.answer(emergency_text(hazards, settings))
            await message.answer(
                _(
                    "Your message could not be sent: nobody in the team can receive it. "
                    "Call your animator or your social referent."
                ),
                reply_markup=main_menu(person),
            )
        return
    await session.commit()  # stored before we say it is sent
    await state.clear()
    if hazards:
        await message.answer(emergency_text(hazards, settings, relayed=True))
    if team.animator is not None:
        lines = [_("✅ Sent to {name}, your animator.").format(name=escape(team.animator.name, quote=False))]
    else:
        lines = [_("✅ Sent to the programme coordinators: {names}.").format(names=_names(team.people))]
    if (later := expectation(team, settings, now)) is not None:
        lines += ["", later]
    await message.answer("\n".join(lines), reply_markup=after_sending_keyboard())


async def show_emergency(query: CallbackQuery, state: FSMContext, person: Person, settings: Settings) -> None:
    # From the writing screen too: this screen asks for nothing, so nothing typed next is sent.
    await state.clear()
    buttons = []
    if person.role is Role.tenant and person.household_id is not None:
        buttons.append((_("✉️ Write to my animator"), MenuCallback(action=MenuAction.relay)))
    buttons.append((_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu)))
    await edit_or_send(query, emergency_text([], settings), reply_markup=column(buttons))


# --- the team ----------------------------------------------------------------------------


async def start_reply(
    query: CallbackQuery,
    callback_data: RelayReplyCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    household = await relay.may_reply(session, person, callback_data.household_id)
    if household is None:
        callback_answer.text = _("You cannot reply to this household.")
        callback_answer.show_alert = True
        return
    await state.set_state(ReplyToHousehold.message)
    await state.set_data({HOUSEHOLD_KEY: household.id})
    text = "\n".join(
        [
            _("↩️ <b>Reply to household {reference}</b>").format(reference=escape(household.reference)),
            "",
            _("Type your answer, or send a photo or a voice note. The household will receive it with your first name."),
        ]
    )
    # A new message: the tenant's message above stays as it is, with its photo.
    if query.bot is not None:
        await query.bot.send_message(
            query.from_user.id,
            text,
            reply_markup=column([(_("✖️ Cancel"), MenuCallback(action=MenuAction.menu))]),
        )


async def from_team(message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock) -> None:
    household_id = (await state.get_data()).get(HOUSEHOLD_KEY)
    content = _content(message)
    if content is None or (content.kind is RelayKind.text and content.text and content.text.startswith("/")):
        await message.answer(_hint())
        return
    if not isinstance(household_id, int):
        await state.clear()
        await message.answer(_("This conversation is out of date. Use /menu."), reply_markup=main_menu(person))
        return
    try:
        _sent, household, count = await relay.send_to_household(
            session, sender=person, household_id=household_id, content=content, now=clock.now()
        )
    except RelayError as error:
        if error.code == "too_long":
            await message.answer(_too_long())
        elif error.code == "empty":
            await message.answer(_hint())
        else:
            await state.clear()
            text = (
                _("You cannot write to this household.")
                if error.code == "forbidden"
                else _("Nobody in this household uses the assistant any more.")
            )
            await message.answer(text, reply_markup=main_menu(person))
        return
    await session.commit()
    await state.clear()
    await message.answer(
        ngettext(
            "✅ Sent to household {reference} ({count} person).",
            "✅ Sent to household {reference} ({count} people).",
            count,
        ).format(reference=escape(household.reference), count=count),
        reply_markup=back_to_menu(),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    tenants = Router(name=f"{__name__}.tenants")
    tenants.message.filter(IsMember(Role.tenant))
    tenants.callback_query.filter(IsMember(Role.tenant))
    tenants.callback_query.register(
        start, MenuCallback.filter(F.action.in_({MenuAction.relay, MenuAction.relay_reply}))
    )
    tenants.message.register(from_tenant, WriteToTeam.message, F.text | F.photo | F.voice)

    team = Router(name=f"{__name__}.team")
    team.message.filter(IsMember(*STAFF))
    team.callback_query.filter(IsMember(*STAFF))
    team.callback_query.register(start_reply, RelayReplyCallback.filter())
    team.message.register(from_team, ReplyToHousehold.message, F.text | F.photo | F.voice)

    members = Router(name=f"{__name__}.members")
    members.callback_query.filter(IsMember())
    members.callback_query.register(show_emergency, MenuCallback.filter(F.action == MenuAction.emergency))

    router.include_routers(tenants, team, members)
    return router
