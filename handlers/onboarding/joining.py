"""Joining: invitation code → language → consent → main menu.

Nothing is stored about a stranger until they accept the consent; until then
the chosen invitation and language live only in FSM data (ids, not names).
A language picked on the welcome screen, before any code, is kept there too: the
code then leads straight to the consent in that language (which offers another).
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, User
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.commands import set_person_commands
from bot.config import Settings
from bot.filters import IsMember, NeedsOnboarding
from bot.i18n import format_clock
from bot.models import Person
from bot.services import invites, people
from bot.services.invites import InviteError, InviteStatus
from handlers.onboarding import texts
from handlers.onboarding.callbacks import ConsentCallback
from handlers.onboarding.keyboards import consent_keyboard
from handlers.onboarding.states import Onboarding
from handlers.ui import texts as ui_texts
from handlers.ui.callbacks import LanguageCallback, MenuAction, MenuCallback
from handlers.ui.menus import language_keyboard, main_menu
from handlers.ui.replies import edit_or_send

INVITE_KEY = "invite_id"
LOCALE_KEY = "locale"


async def start_member(
    message: Message, person: Person, command: CommandObject, session: AsyncSession, clock: Clock
) -> None:
    # /start is also how a person takes back the messages they stopped with /stop.
    if await people.resume(session, person, now=clock.now()):
        await session.commit()
        await message.answer(texts.welcome_back())
    if command.args:
        await message.answer(texts.already_registered())
    await message.answer(ui_texts.main_menu(person), reply_markup=main_menu(person))


async def start(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    person: Person | None,
    session: AsyncSession,
    clock: Clock,
    lockout_secret: bytes,
    settings: Settings,
    i18n: I18n,
) -> None:
    if person is not None:
        await _ask_language(message, state)
        return
    if not command.args:
        picked = (await state.get_data()).get(LOCALE_KEY)
        await state.set_state(None)
        await state.set_data({LOCALE_KEY: picked} if picked else {})  # the language picked stays
        await message.answer(ui_texts.no_invitation(), reply_markup=language_keyboard())
        return
    await _check_code(message, command.args, state, session, clock, lockout_secret, settings, i18n)


async def typed_code(
    message: Message,
    state: FSMContext,
    person: Person | None,
    session: AsyncSession,
    clock: Clock,
    lockout_secret: bytes,
    settings: Settings,
    i18n: I18n,
) -> None:
    if person is not None:
        await _ask_language(message, state)
        return
    assert message.text is not None
    await _check_code(message, message.text, state, session, clock, lockout_secret, settings, i18n)


async def _check_code(
    message: Message,
    raw_code: str,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
    lockout_secret: bytes,
    settings: Settings,
    i18n: I18n,
) -> None:
    assert message.from_user is not None
    account = invites.account_key(message.from_user.id, lockout_secret)
    code = invites.normalize_code(raw_code) or raw_code[:64]
    check = await invites.try_code(session, code, account=account, now=clock.now())
    await session.commit()  # a wrong code counts even if the reply fails
    picked = (await state.get_data()).get(LOCALE_KEY)
    kept = {LOCALE_KEY: picked} if picked else {}
    if check.status is InviteStatus.valid:
        assert check.invite is not None
        await state.set_data({INVITE_KEY: check.invite.id, **kept})
        if picked:
            # The language was chosen on the welcome screen: not asked twice.
            await state.set_state(Onboarding.consent)
            with i18n.use_locale(picked):
                await message.answer(ui_texts.consent(), reply_markup=consent_keyboard())
            return
        await _ask_language(message, state, keep_data=True)
        return
    await state.set_state(None)
    await state.set_data(kept)  # a mistyped code does not undo the language picked
    until = format_clock(check.locked_until, i18n.current_locale, settings.tz) if check.locked_until else ""
    await message.answer(texts.code_refused(check.status, until))


async def _ask_language(message: Message, state: FSMContext, *, keep_data: bool = False) -> None:
    if not keep_data:
        await state.set_data({})
    await state.set_state(Onboarding.language)
    await message.answer(texts.choose_language_in_every_language(), reply_markup=language_keyboard())


async def language_chosen(
    query: CallbackQuery,
    callback_data: LanguageCallback,
    state: FSMContext,
    person: Person | None,
    i18n: I18n,
) -> None:
    locale = callback_data.locale.value
    data = await state.get_data()
    if person is None and INVITE_KEY not in data:
        # A stranger reading "how to get an invitation" in another language: kept in the
        # conversation state only, for the code they may type next.
        await state.update_data({LOCALE_KEY: locale})
        with i18n.use_locale(locale):
            await edit_or_send(query, ui_texts.no_invitation(), reply_markup=language_keyboard())
        return
    await state.update_data({LOCALE_KEY: locale})
    await state.set_state(Onboarding.consent)
    with i18n.use_locale(locale):
        await edit_or_send(query, ui_texts.consent(), reply_markup=consent_keyboard())


async def consent_other_language(query: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(Onboarding.language)
    await edit_or_send(query, texts.choose_language_in_every_language(), reply_markup=language_keyboard())


async def consent_accepted(
    query: CallbackQuery,
    state: FSMContext,
    person: Person | None,
    session: AsyncSession,
    clock: Clock,
    bot: Bot,
    i18n: I18n,
) -> None:
    data = await state.get_data()
    locale = data.get(LOCALE_KEY) or i18n.current_locale
    with i18n.use_locale(locale):
        if person is not None:
            person = await people.give_consent(session, person, locale=locale, now=clock.now())
        elif INVITE_KEY in data:
            person = await _redeem(query.from_user, data[INVITE_KEY], locale, session, clock)
        if person is None:
            await state.clear()
            await edit_or_send(query, texts.invitation_unusable())
            return
        await session.commit()  # registered for real before we say so
        await state.clear()
        await edit_or_send(query, texts.registered())
        assert query.message is not None
        await bot.send_message(query.message.chat.id, ui_texts.main_menu(person), reply_markup=main_menu(person))
        await set_person_commands(bot, person, i18n)


async def _redeem(user: User, invite_id: int, locale: str, session: AsyncSession, clock: Clock) -> Person | None:
    try:
        return await invites.redeem(
            session,
            invite_id=invite_id,
            telegram_id=user.id,
            name=user.first_name,
            locale=locale,
            consent_version=people.CONSENT_VERSION,
            now=clock.now(),
        )
    except InviteError:
        return None


async def consent_declined(query: CallbackQuery, state: FSMContext, person: Person | None) -> None:
    await state.clear()
    await edit_or_send(query, texts.declined(stranger=person is None))


def _looks_like_code(message: Message) -> bool:
    return invites.normalize_code(message.text or "") is not None


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start_member, CommandStart(), IsMember())
    router.message.register(start, CommandStart(), NeedsOnboarding())
    router.message.register(typed_code, F.text, NeedsOnboarding(), F.func(_looks_like_code))
    router.callback_query.register(language_chosen, LanguageCallback.filter(), NeedsOnboarding())
    router.callback_query.register(
        consent_other_language, MenuCallback.filter(F.action == MenuAction.language), NeedsOnboarding()
    )
    router.callback_query.register(consent_accepted, ConsentCallback.filter(F.accept), NeedsOnboarding())
    router.callback_query.register(consent_declined, ConsentCallback.filter(~F.accept), NeedsOnboarding())
    return router
