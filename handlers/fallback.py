"""The catch-all, registered last: whatever nobody else handled gets a short,
helpful answer in the person's language. Never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.filters import Anyone
from bot.keyboards.menus import language_keyboard, main_menu
from bot.models import Person
from bot.services.content import ContentLibrary
from bot.services.people import needs_consent
from handlers import texts
from handlers.announcements import Announcement
from handlers.household_card import HouseholdAddress
from handlers.households import NewHousehold
from handlers.onboarding import Onboarding
from handlers.questionnaires import QuestionnaireText
from handlers.relay import ReplyToHousehold, WriteToTeam
from handlers.tutorials import TutorialSearch, answer_search
from handlers.visits_availability import OpenSlots
from handlers.visits_staff import StaffCancel, VisitMessage, VisitOutcome
from handlers.visits_tenant import CancelVisit, VisitNote
from handlers.workshops_actions import WorkshopChange, WorkshopInvite
from handlers.workshops_manage import NewWorkshop

# What each waiting step expects, so the answer says what to do next.
STATE_HINTS = {
    Onboarding.language.state: __("Please choose your language with the buttons above."),
    Onboarding.consent.state: __("Please answer with the buttons above: I agree, or No, thank you."),
    NewHousehold.reference.state: __("Please type the household's reference."),
    NewHousehold.site.state: __("Please type the name of the site or neighbourhood."),
    NewHousehold.priority.state: __("Please answer with the Yes or No buttons above."),
    NewHousehold.animator.state: __("Please choose the animator with the buttons above."),
    NewHousehold.confirm.state: __("Please tap Create or Cancel above."),
    Announcement.audience.state: __("Please choose who receives the message with the buttons above."),
    Announcement.text.state: __("Please type the message as text."),
    Announcement.confirm.state: __("Please tap Send or Cancel above."),
    TutorialSearch.query.state: __("Please write what you need to do, in a few words."),
    NewWorkshop.theme.state: __("Please choose the theme with the buttons above."),
    NewWorkshop.title.state: __("Please type the title."),
    NewWorkshop.description.state: __("Please type a short description, or tap Skip."),
    NewWorkshop.day.state: __("Please choose the day in the calendar above."),
    NewWorkshop.time.state: __("Please choose the time with the buttons above."),
    NewWorkshop.place.state: __("Please type the address."),
    NewWorkshop.location.state: __("Please send a location, or tap Skip."),
    NewWorkshop.capacity.state: __("Please type or tap a number of seats."),
    NewWorkshop.bring.state: __("Please type what to bring, or tap Skip."),
    NewWorkshop.children.state: __("Please answer with the Yes or No buttons above."),
    NewWorkshop.repeat.state: __("Please choose with the buttons above."),
    NewWorkshop.until.state: __("Please choose the last day in the calendar above."),
    NewWorkshop.confirm.state: __("Please tap Create or Cancel above."),
    WorkshopInvite.audience.state: __("Please choose who to invite with the buttons above."),
    WorkshopInvite.confirm.state: __("Please tap Send or Cancel above."),
    WorkshopChange.day.state: __("Please choose the day in the calendar above."),
    WorkshopChange.time.state: __("Please choose the time with the buttons above."),
    WorkshopChange.place.state: __("Please type the address."),
    WorkshopChange.capacity.state: __("Please type a number of seats."),
    VisitNote.note.state: __("Please send a few words or a photo."),
    CancelVisit.reason.state: __("Please tap a reason above or type it."),
    VisitOutcome.note.state: __("Please type a short note, or tap Skip."),
    VisitOutcome.next_step.state: __("Please type the next step, or tap Skip."),
    StaffCancel.reason.state: __("Please type the reason for the household, or tap the button above."),
    VisitMessage.text.state: __("Please type your message for the household."),
    OpenSlots.days.state: __("Please tap the days in the calendar above, then Next."),
    OpenSlots.start.state: __("Please choose the time with the buttons above."),
    OpenSlots.end.state: __("Please choose the time with the buttons above."),
    OpenSlots.length.state: __("Please choose with the buttons above."),
    OpenSlots.buffer.state: __("Please choose with the buttons above."),
    OpenSlots.weeks.state: __("Please choose with the buttons above."),
    OpenSlots.confirm.state: __("Please tap Open these times or Cancel above."),
    HouseholdAddress.text.state: __("Please type the address."),
    QuestionnaireText.answer.state: __("Please type your answer as text, or use the buttons above."),
    WriteToTeam.message.state: __("Please type your message, or send a photo or a voice note."),
    ReplyToHousehold.message.state: __("Please type your message, or send a photo or a voice note."),
}


async def anything_else(
    message: Message, state: FSMContext, person: Person | None, library: ContentLibrary
) -> None:
    current = await state.get_state()
    if current in STATE_HINTS:
        await message.answer(str(STATE_HINTS[current]) + "\n" + _("To stop, send /cancel."))
    elif person is None:
        await message.answer(texts.no_invitation(), reply_markup=language_keyboard())
    elif needs_consent(person):
        await message.answer(texts.finish_joining())
    elif not await _tutorials_for(message, person, library):
        # ("mon robinet fuit" typed anywhere shows the matching tutorials instead.)
        await message.answer(_("Sorry, I did not understand. Please use the buttons."), reply_markup=main_menu(person))


async def _tutorials_for(message: Message, person: Person, library: ContentLibrary) -> bool:
    if message.text is None or message.text.startswith("/") or len(message.text) < 3:
        return False
    return await answer_search(message, message.text, person, library, quiet=True)


async def stale_button(query: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    # An old message, a button of a finished step, or forged data: say so, change nothing.
    callback_answer.text = _("This button is no longer active. Use /menu.")
    callback_answer.show_alert = False


def create_router() -> Router:
    router = Router(name=__name__)
    # Whoever is talking: the answer itself depends on who they are (see anything_else).
    router.message.filter(Anyone())
    router.callback_query.filter(Anyone())
    router.message.register(anything_else)
    router.callback_query.register(stale_button)
    return router
