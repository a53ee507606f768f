"""Households: staff see the list (an animator only theirs); coordinators create them."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import PROGRAMME_MANAGERS, STAFF, IsMember
from bot.models import Person, Role
from bot.services import households
from bot.services.households import HouseholdError, Page
from handlers.households.callbacks import (
    AnimatorChoiceCallback,
    HouseholdConfirmCallback,
    HouseholdPageCallback,
    PriorityCallback,
)
from handlers.households.keyboards import (
    after_household_created,
    animator_choice,
    household_confirmation,
    household_list,
    yes_no_priority,
)
from handlers.households.states import NewHousehold
from handlers.ui import texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import main_menu
from handlers.ui.replies import edit_or_send

PAGE_SIZE = 8


# --- the list ---------------------------------------------------------------


def _render_page(page: Page) -> str:
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
            escape(household.site),
            str(texts.PHASE_NAMES[household.phase]),
        ]
        if household.priority_neighbourhood:
            parts.append(_("priority area"))
        parts.append(escape(row.animator_name) if row.animator_name else _("no animator yet"))
        lines.append(" · ".join(parts))
    return "\n".join(lines)


async def _page_for(session: AsyncSession, person: Person, offset: int) -> Page:
    # An animator sees only the households assigned to them.
    animator_id = person.id if person.role is Role.animator else None
    return await households.list_households(session, animator_id=animator_id, offset=offset, limit=PAGE_SIZE)


async def list_command(message: Message, person: Person, session: AsyncSession) -> None:
    page = await _page_for(session, person, 0)
    await message.answer(
        _render_page(page), reply_markup=household_list(page, can_invite=person.role.manages_programme)
    )


async def list_button(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    page = await _page_for(session, person, 0)
    await edit_or_send(
        query, _render_page(page), reply_markup=household_list(page, can_invite=person.role.manages_programme)
    )


async def list_page(
    query: CallbackQuery, callback_data: HouseholdPageCallback, person: Person, session: AsyncSession
) -> None:
    page = await _page_for(session, person, callback_data.offset)
    await edit_or_send(
        query, _render_page(page), reply_markup=household_list(page, can_invite=person.role.manages_programme)
    )


# --- creating one (coordinators) ---


ERRORS = {
    "bad_reference": lambda: _("A reference has 1 to 40 letters, digits, dots, dashes or slashes. Try again."),
    "duplicate_reference": lambda: _("This reference already exists. Send another one."),
    "bad_site": lambda: _("The site name must have 1 to 80 characters. Try again."),
    "not_an_animator": lambda: _("This person is no longer an animator. Choose again."),
}


async def start_creation(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(NewHousehold.reference)
    await edit_or_send(
        query, _("<b>New household</b> (1/4)\n\nSend its reference, for example <code>PAH-2026-014</code>.")
    )


async def got_reference(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.text is not None
    try:
        reference = households.clean_reference(message.text)
        if await households.get_by_reference(session, reference) is not None:
            raise HouseholdError("duplicate_reference")
    except HouseholdError as error:
        await message.answer(ERRORS[error.code]())
        return
    await state.update_data(reference=reference)
    await state.set_state(NewHousehold.site)
    await message.answer(_("(2/4) Which site or neighbourhood? For example <code>Encagnane</code>."))


async def got_site(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    try:
        site = households.clean_site(message.text)
    except HouseholdError as error:
        await message.answer(ERRORS[error.code]())
        return
    await state.update_data(site=site)
    await state.set_state(NewHousehold.priority)
    await message.answer(_("(3/4) Is the home in a priority neighbourhood (QPV)?"), reply_markup=yes_no_priority())


async def got_priority(
    query: CallbackQuery, callback_data: PriorityCallback, state: FSMContext, session: AsyncSession
) -> None:
    await state.update_data(priority=callback_data.priority)
    await state.set_state(NewHousehold.animator)
    animators = await households.list_animators(session)
    await edit_or_send(
        query, _("(4/4) Which animator follows this household?"), reply_markup=animator_choice(animators)
    )


async def got_animator(
    query: CallbackQuery, callback_data: AnimatorChoiceCallback, state: FSMContext, session: AsyncSession
) -> None:
    animator_id = callback_data.person_id or None
    animator_name = None
    if animator_id is not None:
        animator = await households.get_animator(session, animator_id)
        if animator is None:
            animators = await households.list_animators(session)
            await edit_or_send(query, ERRORS["not_an_animator"](), reply_markup=animator_choice(animators))
            return
        animator_name = animator.name
    await state.update_data(animator_id=animator_id)
    await state.set_state(NewHousehold.confirm)
    data = await state.get_data()
    summary = "\n".join(
        [
            _("<b>Check the new household</b>"),
            "",
            _("Reference: {reference}").format(reference=escape(data["reference"])),
            _("Site: {site}").format(site=escape(data["site"])),
            _("Priority neighbourhood: {answer}").format(answer=_("yes") if data["priority"] else _("no")),
            _("Animator: {name}").format(name=escape(animator_name) if animator_name else _("nobody for now")),
        ]
    )
    await edit_or_send(query, summary, reply_markup=household_confirmation())


async def confirmed(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, clock: Clock
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        household = await households.create_household(
            session,
            reference=data["reference"],
            site=data["site"],
            priority_neighbourhood=data["priority"],
            animator_id=data.get("animator_id"),
            actor_id=person.id,
            now=clock.now(),
        )
    except HouseholdError as error:
        await edit_or_send(query, ERRORS[error.code](), reply_markup=main_menu(person))
        return
    await session.commit()
    await edit_or_send(
        query,
        _("Household {reference} created.").format(reference=escape(household.reference)),
        reply_markup=after_household_created(household.id),
    )


async def creation_cancelled(query: CallbackQuery, state: FSMContext, person: Person) -> None:
    await state.clear()
    await edit_or_send(query, texts.cancelled() + "\n\n" + texts.main_menu(person), reply_markup=main_menu(person))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*STAFF))
    router.callback_query.filter(IsMember(*STAFF))
    router.message.register(list_command, Command("menages"))
    router.callback_query.register(list_button, MenuCallback.filter(F.action == MenuAction.households))
    router.callback_query.register(list_page, HouseholdPageCallback.filter())
    router.include_router(_create_managers_router())
    return router


def _create_managers_router() -> Router:
    managers = Router(name=f"{__name__}.create")
    managers.message.filter(IsMember(*PROGRAMME_MANAGERS))
    managers.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    managers.callback_query.register(start_creation, MenuCallback.filter(F.action == MenuAction.new_household))
    managers.message.register(got_reference, NewHousehold.reference, F.text)
    managers.message.register(got_site, NewHousehold.site, F.text)
    managers.callback_query.register(got_priority, NewHousehold.priority, PriorityCallback.filter())
    managers.callback_query.register(got_animator, NewHousehold.animator, AnimatorChoiceCallback.filter())
    managers.callback_query.register(confirmed, NewHousehold.confirm, HouseholdConfirmCallback.filter(F.confirm))
    managers.callback_query.register(
        creation_cancelled, NewHousehold.confirm, HouseholdConfirmCallback.filter(~F.confirm)
    )
    return managers
