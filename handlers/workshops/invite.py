"""Staff: inviting an audience to a workshop (a preview first, then a broadcast with live
progress), and reminding those invited who have not answered."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Broadcast, Person, Phase, Workshop, WorkshopTheme
from bot.services import announcements, delivery, workshop_invitations
from bot.services.delivery import Progress
from bot.services.workshop_invitations import InviteAudience, Target
from bot.services.workshop_rules import WorkshopRefused
from handlers.ui import texts as common_texts
from handlers.ui.progress import held_until, progress_screen
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards, renderers, texts
from handlers.workshops.callbacks import (
    InviteConfirmCallback,
    InviteHouseholdToggle,
    InvitePhaseCallback,
    InviteSiteCallback,
    InviteTargetCallback,
    WorkshopAction,
    WorkshopActionCallback,
)
from handlers.workshops.replies import open_workshop
from handlers.workshops.states import WorkshopInvite


async def choose_audience(
    query: CallbackQuery,
    callback_data: WorkshopActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
) -> None:
    workshop = await open_workshop(query, session, person, callback_data.workshop_id, clock.now())
    if workshop is None:
        return
    await state.set_state(WorkshopInvite.audience)
    await state.set_data({"workshop_id": workshop.id, "households": []})
    await edit_or_send(
        query,
        texts.who_to_invite(workshop),
        reply_markup=keyboards.audiences(workshop.id),
    )


async def target_chosen(
    query: CallbackQuery,
    callback_data: InviteTargetCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    workshop = await open_workshop(query, session, person, callback_data.workshop_id, clock.now())
    if workshop is None or callback_data.kind not in {a.value for a in InviteAudience}:
        return
    kind = InviteAudience(callback_data.kind)
    if kind is InviteAudience.site:
        sites = await announcements.sites(session)
        await state.update_data(sites=sites)
        await edit_or_send(query, _("Which site?"), reply_markup=keyboards.sites(workshop.id, sites))
    elif kind is InviteAudience.phase:
        await edit_or_send(query, _("Which phase of the programme?"), reply_markup=keyboards.phases(workshop.id))
    elif kind is InviteAudience.households:
        await _show_household_picker(query, state, session, workshop)
    else:
        target = Target(kind, theme=workshop.theme if kind is InviteAudience.theme else None)
        await _preview(query, state, person, session, workshop.id, target, clock, settings, i18n)


async def site_chosen(
    query: CallbackQuery,
    callback_data: InviteSiteCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    sites = (await state.get_data()).get("sites", [])
    if not 0 <= callback_data.index < len(sites):
        return
    target = Target(InviteAudience.site, site=sites[callback_data.index])
    await _preview(query, state, person, session, callback_data.workshop_id, target, clock, settings, i18n)


async def phase_chosen(
    query: CallbackQuery,
    callback_data: InvitePhaseCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    target = Target(InviteAudience.phase, phase=callback_data.phase)
    await _preview(query, state, person, session, callback_data.workshop_id, target, clock, settings, i18n)


async def _show_household_picker(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, workshop: Workshop
) -> None:
    picked = set((await state.get_data()).get("households", []))
    households = await workshop_invitations.households_for_picking(session)
    await edit_or_send(
        query,
        _("Tap the households to invite, then Continue."),
        reply_markup=keyboards.household_picker(workshop.id, households, picked),
    )


async def household_toggled(
    query: CallbackQuery,
    callback_data: InviteHouseholdToggle,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    workshop = await open_workshop(query, session, person, callback_data.workshop_id, clock.now())
    if workshop is None:
        return
    picked = set((await state.get_data()).get("households", []))
    if callback_data.household_id == 0:
        target = Target(InviteAudience.households, household_ids=tuple(sorted(picked)))
        await _preview(query, state, person, session, workshop.id, target, clock, settings, i18n)
        return
    picked ^= {callback_data.household_id}
    await state.update_data(households=sorted(picked))
    await _show_household_picker(query, state, session, workshop)


async def _preview(
    query: CallbackQuery,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    workshop_id: int,
    target: Target,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    try:
        preview = await workshop_invitations.preview_by(
            session, person, workshop_id, target, now=clock.now(), main_locale=settings.default_locale
        )
    except WorkshopRefused as refused:
        await edit_or_send(query, texts.staff_refusal(refused.reason), reply_markup=keyboards.back(workshop_id))
        return
    if not preview.count:
        await edit_or_send(query, _("Nobody new to invite in this group."), reply_markup=keyboards.back(workshop_id))
        return
    await state.set_state(WorkshopInvite.confirm)
    await state.update_data(
        kind=target.kind.value,
        site=target.site,
        phase=target.phase.value if target.phase else None,
        theme=target.theme.value if target.theme else None,
        households=list(target.household_ids),
    )
    sample = renderers.invitation(preview.payload, i18n.current_locale, settings.tz)
    head = texts.invitation_count(preview.count, preview.readers)
    if len(preview.sessions) > 1:
        head += "\n" + texts.series_offer(len(preview.sessions))
    await edit_or_send(
        query,
        f"{head}\n\n{sample.text}",
        reply_markup=keyboards.invite_confirmation(workshop_id, len(preview.sessions)),
    )


def _target(data: dict[str, Any]) -> Target:
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
    settings: Settings,
) -> None:
    data = await state.get_data()
    await state.clear()
    now = clock.now()
    workshop = await open_workshop(query, session, person, callback_data.workshop_id, now)
    if workshop is None or data.get("workshop_id") != workshop.id:
        return
    if not callback_data.send:
        await edit_or_send(query, common_texts.cancelled(), reply_markup=keyboards.back(workshop.id))
        return
    broadcast, count = await workshop_invitations.invite_by(
        session, person, workshop.id, _target(data), now=now, whole_series=callback_data.whole_series
    )
    await _show_progress(query, session, broadcast, count, workshop.id, settings, clock)


async def _show_progress(
    query: CallbackQuery,
    session: AsyncSession,
    broadcast: Broadcast | None,
    count: int,
    workshop_id: int,
    settings: Settings,
    clock: Clock,
) -> None:
    await session.commit()
    if broadcast is None:
        await edit_or_send(query, _("Nobody to send to."), reply_markup=keyboards.back(workshop_id))
        return
    # The scheduler edits the progress message until done, always with its way back (ui.progress).
    text, markup = progress_screen(Progress(count, 0, count, 0, 0, 0), held_until(settings, clock.now()), settings.tz)
    await edit_or_send(query, text, reply_markup=markup)
    if isinstance(query.message, Message):
        await delivery.attach_progress_message(
            session, broadcast.id, chat_id=query.message.chat.id, message_id=query.message.message_id
        )
        await query.message.answer(_("The invitations are on their way."), reply_markup=keyboards.back(workshop_id))


async def relance(
    query: CallbackQuery,
    callback_data: WorkshopActionCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    now = clock.now()
    workshop = await open_workshop(query, session, person, callback_data.workshop_id, now)
    if workshop is None:
        return
    broadcast, count = await workshop_invitations.relance_by(session, person, workshop.id, now=now)
    if broadcast is None:
        await edit_or_send(query, _("Everyone invited has answered."), reply_markup=keyboards.back(workshop.id))
        return
    await _show_progress(query, session, broadcast, count, workshop.id, settings, clock)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(choose_audience, WorkshopActionCallback.filter(F.action == WorkshopAction.invite))
    router.callback_query.register(relance, WorkshopActionCallback.filter(F.action == WorkshopAction.relance))
    router.callback_query.register(target_chosen, WorkshopInvite.audience, InviteTargetCallback.filter())
    router.callback_query.register(site_chosen, WorkshopInvite.audience, InviteSiteCallback.filter())
    router.callback_query.register(phase_chosen, WorkshopInvite.audience, InvitePhaseCallback.filter())
    router.callback_query.register(household_toggled, WorkshopInvite.audience, InviteHouseholdToggle.filter())
    router.callback_query.register(send_invitations, WorkshopInvite.confirm, InviteConfirmCallback.filter())
    return router
