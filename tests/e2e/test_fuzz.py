"""Bad input, property-based: whatever a person sends, in whatever step of whatever flow,
the bot never fails, answers every button, stays within Telegram's limits and leaves
everyone else's data alone.

Each example: a fresh world (the authorization matrix's, tests/e2e/test_authorization.py),
one acting person of a random role, put straight into a random state of a random flow
through the dispatcher's FSM storage, with the data that flow holds on reaching that
state (STATE_DATA), then a list of random updates: texts of any length and script,
stickers, photos, documents, voice notes, contacts, locations, edited messages, forged
callbacks of every factory (well-formed, with random field values, and random strings).
Updates go through tests/e2e/direct.py, so every check runs after each single update.

CI runs a small, fixed set of examples; ARA_FUZZ_EXAMPLES=2000 runs a longer one from a
random seed (a failure prints the blob that replays it).
"""

from __future__ import annotations

import enum
import inspect
import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from aiogram.exceptions import TelegramAPIError
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

import handlers
from bot.delivery.limiter import TelegramRateLimiter
from bot.delivery.middleware import RateLimitMiddleware
from bot.models import Invite, Role
from bot.sandbox.emulator import Limits
from bot.services import people
from handlers.announcements.states import Announcement
from handlers.content.states import StepContribution, TutorialSearch
from handlers.households.states import NewHousehold
from handlers.lending.states import NewTool, ToolCount
from handlers.mutual_help.states import OfferHelp
from handlers.onboarding.joining import INVITE_KEY, LOCALE_KEY
from handlers.onboarding.states import Onboarding
from handlers.partners.states import DeclineReferral, NewOrganisation, NewReferral
from handlers.questionnaires.answering import ASSIGNMENT_KEY
from handlers.questionnaires.states import QuestionnaireText
from handlers.relay.reply import HOUSEHOLD_KEY
from handlers.relay.states import ReplyToHousehold, WriteToTeam
from handlers.ui import calendar
from handlers.visits.states import (
    CancelVisit,
    HouseholdAddress,
    OpenSlots,
    StaffCancel,
    VisitMessage,
    VisitNote,
    VisitOutcome,
)
from handlers.workshops.states import NewWorkshop, WorkshopChange, WorkshopInvite
from handlers.worksite.states import ContributionAmount, ItemArea, WorksItemDraft, WorksPhotoWait
from tests.callback_factories import all_factories, factories
from tests.conftest import DEFAULT_NOW, TABLES
from tests.dbdump import snapshot_of_others
from tests.e2e.direct import DirectBot, direct_bot
from tests.e2e.test_authorization import (
    World,
    build_world,
    forged_callbacks,
    may_change_others,
)

# Every step of every flow, with the hint its flow answers unexpected input with.
STATE_HINTS = {state.state: hint for state, hint in handlers.state_hints().items()}

EXAMPLES = int(os.environ.get("ARA_FUZZ_EXAMPLES", "0"))
LONG_RUN = EXAMPLES > 0
STEPS = 8  # updates per example, after the state is set

# Only this refusal is expected: edit_or_send catches it (the same button pressed twice).
NOT_MODIFIED = "Bad Request: message is not modified"

# --- who acts, and where ------------------------------------------------------------------

ROLES = ("stranger", "tenant", "animator not assigned", "coordinator", "admin", "referent")  # may_change_others' names
STRANGER_ID = 5999


def flows() -> list[type[StatesGroup]]:
    """Every StatesGroup of every handler module: a new flow is fuzzed without being listed here."""
    import importlib
    import pkgutil

    found: set[type[StatesGroup]] = set()
    for module_info in pkgutil.walk_packages(handlers.__path__, "handlers."):
        module = importlib.import_module(module_info.name)
        found |= {
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, StatesGroup) and cls is not StatesGroup and cls.__module__ == module.__name__
        }
    return sorted(found, key=lambda group: group.__full_group_name__)


def state_data(
    workshop_id: int,
    animator_id: int,
    expired_invite: int,
    now_iso_day: str,
    starts_at: str,
    until: str,
    household_id: int,
) -> dict[str, dict]:  # type: ignore[type-arg]
    """What each flow holds in FSM data on reaching each of its states, as the real steps leave it."""
    workshop = {"workshop_id": workshop_id}
    new_workshop: list[tuple[State, dict[str, Any]]] = [
        (NewWorkshop.theme, {}),
        (NewWorkshop.title, {"theme": "diy"}),
        (NewWorkshop.description, {"title": "Peinture <b>&amp;</b> enduits"}),
        (NewWorkshop.day, {"description": None}),
        (NewWorkshop.time, {"day": now_iso_day}),
        (NewWorkshop.place, {"starts_at": starts_at}),
        (NewWorkshop.location, {"place": "Centre social"}),
        (NewWorkshop.capacity, {"latitude": 43.53, "longitude": 5.43}),
        (NewWorkshop.bring, {"capacity": 8}),
        (NewWorkshop.children, {"bring": None}),
        (NewWorkshop.repeat, {"children": True}),
        (NewWorkshop.until, {"every_weeks": 2}),
        (NewWorkshop.confirm, {"until": until}),
        # The optional versions in another language, from the check screen.
        (NewWorkshop.version_title, {"version_locale": "ar"}),
        (NewWorkshop.version_description, {"version_title": "ورشة"}),
    ]
    steps: list[list[tuple[State, dict[str, Any]]]] = [
        [(Onboarding.language, {INVITE_KEY: expired_invite}), (Onboarding.consent, {LOCALE_KEY: "ar"})],
        [
            (NewHousehold.reference, {}),
            (NewHousehold.site, {"reference": "FZ-1"}),
            (NewHousehold.priority, {"site": "Nord"}),
            (NewHousehold.animator, {"priority": False}),
            (NewHousehold.confirm, {"animator_id": animator_id}),
        ],
        [
            (Announcement.audience, {"sites": ["Nord", "Sud"]}),
            (Announcement.text, {"kind": "all", "site": None, "phase": None}),
            (Announcement.confirm, {"text": "Bonjour <à tous> & merci"}),
            (Announcement.version, {"version_locale": "ar"}),  # the same message in Arabic, optional
        ],
        [(TutorialSearch.query, {})],
        [(StepContribution.photo, {"tutorial_id": "poser-mousseur", "step": 1, "locale": None})],
        [(StepContribution.voice, {"tutorial_id": "poser-mousseur", "step": 1, "locale": "ar"})],
        new_workshop,
        [
            (WorkshopInvite.audience, {**workshop, "households": []}),
            (WorkshopInvite.confirm, {"kind": "all", "site": None, "phase": None, "theme": None}),
        ],
        [(WorkshopChange.day, {**workshop, "whole_series": False}), (WorkshopChange.time, {"day": now_iso_day})],
        [(WorkshopChange.place, {**workshop, "whole_series": True})],
        [(WorkshopChange.capacity, {**workshop, "whole_series": False})],
        # Visit ids may not exist in the fuzz world: the handlers must cope with a visit gone.
        [(VisitNote.note, {"visit_id": 1})],
        [(CancelVisit.reason, {"visit_id": 1})],
        [(VisitOutcome.note, {"visit_id": 1}), (VisitOutcome.next_step, {})],
        [(StaffCancel.reason, {"visit_id": 1})],
        [(VisitMessage.text, {"visit_id": 1})],
        [(HouseholdAddress.text, {"household_id": household_id})],
        [
            (OpenSlots.days, {"days": []}),
            (OpenSlots.start, {"days": [now_iso_day]}),
            (OpenSlots.end, {"start": "09:00"}),
            (OpenSlots.length, {"end": "12:00"}),
            (OpenSlots.buffer, {"length": 60}),
            (OpenSlots.weeks, {"buffer": 30}),
            (OpenSlots.confirm, {"weeks": 2}),
        ],
        [(QuestionnaireText.answer, {ASSIGNMENT_KEY: 1})],
        [(WriteToTeam.message, {})],
        [(ReplyToHousehold.message, {HOUSEHOLD_KEY: household_id})],
        [
            (WorksItemDraft.room, {"household_id": household_id}),
            (WorksItemDraft.kind, {"room": "Chambre"}),
            (WorksItemDraft.doer, {"kind": "walls"}),
            (WorksItemDraft.sessions, {"doer": "household"}),
            (WorksItemDraft.area, {"sessions": 2}),
        ],
        [(ItemArea.area, {"item_id": 1})],
        [(ContributionAmount.amount, {"household_id": household_id})],
        [(WorksPhotoWait.photo, {"household_id": household_id, "stage": "problem", "item_id": 0})],
        # The worksite kit: the tool may be gone in the fuzz world (the handlers must cope).
        [(NewTool.name, {}), (NewTool.count, {"name": "Perceuse"}), (NewTool.photo, {"count": 2})],
        [(ToolCount.count, {"tool_id": 1})],
        [(OfferHelp.skill, {}), (OfferHelp.half_day, {"skill": "Peinture"})],
        [
            (NewReferral.women, {}),
            (NewReferral.men, {"women": 1}),
            (NewReferral.children, {"men": 0}),
            (NewReferral.situation, {"children": 2}),
            (NewReferral.tenant_since, {"minimum_income": True}),
            (NewReferral.landlord, {"tenant_since": 2019}),
            (NewReferral.site, {"landlord": "Pays d'Aix <Habitat>"}),
            (NewReferral.priority, {"site": "Nord"}),
            (NewReferral.needs, {"priority": True}),
            (NewReferral.urgency, {"needs": "Peinture & enduits"}),
            (NewReferral.agreed, {"urgency": "normal"}),
            (NewReferral.confirm, {}),
        ],
        # The world's referral waiting for a decision is the first one.
        [(DeclineReferral.reason, {"referral_id": 1})],
        [(NewOrganisation.name, {})],
    ]
    data: dict[str, dict] = {}  # type: ignore[type-arg]
    for flow in steps:
        accumulated: dict[str, Any] = {}
        for state, added in flow:
            accumulated = {**accumulated, **added}
            data[state.state] = accumulated  # type: ignore[index]
    return data


# What finishing a flow legitimately changes for other people (states are the ones before the update).
STAFF_ROLES = ("animator not assigned", "coordinator", "admin")
MANAGER_ROLES = ("coordinator", "admin")
MESSAGES = ("text", "photo", "voice")  # any of these, rather than a button, finishes the flow
FLOW_EFFECTS: list[tuple[State, type[CallbackData] | tuple[str, ...] | None, tuple[str, ...]]] = [
    (NewWorkshop.confirm, factories.WorkshopConfirmCallback, STAFF_ROLES),  # creates the workshop
    (NewHousehold.confirm, factories.HouseholdConfirmCallback, MANAGER_ROLES),  # creates the household
    (Announcement.confirm, factories.AnnouncementConfirmCallback, MANAGER_ROLES),  # queues the messages
    (WorkshopInvite.confirm, factories.InviteConfirmCallback, STAFF_ROLES),  # invites people
    (WorkshopChange.time, calendar.MinuteCallback, STAFF_ROLES),  # moves the workshop, tells people
    (WorkshopChange.place, None, STAFF_ROLES),  # a typed address: moves the workshop
    (WorkshopChange.capacity, None, STAFF_ROLES),  # a typed number of seats
    (WriteToTeam.message, MESSAGES, ("tenant",)),  # relayed to the household's animator
    (NewReferral.confirm, factories.SendReferralCallback, ("referent",)),  # the coordinators are told
    (DeclineReferral.reason, None, MANAGER_ROLES),  # declines the referral, tells its referent
    # Relayed to the household's tenants; the unassigned animator is refused on sending.
    (ReplyToHousehold.message, MESSAGES, MANAGER_ROLES),
    # Household A's own visit (visit 1 in the fuzz world): a note or photo, a typed cancellation reason.
    (VisitNote.note, ("text", "photo"), ("tenant",)),
    (CancelVisit.reason, ("text",), ("tenant",)),
    # Coordinators manage every household's visits; the unassigned animator is refused.
    (VisitOutcome.note, ("text",), MANAGER_ROLES),
    (VisitOutcome.next_step, ("text",), MANAGER_ROLES),
    (StaffCancel.reason, ("text",), MANAGER_ROLES),
    (StaffCancel.reason, factories.SkipCallback, MANAGER_ROLES),
    (VisitMessage.text, ("text",), MANAGER_ROLES),
    (HouseholdAddress.text, ("text",), MANAGER_ROLES),  # household A: where visits take place
    # The team's photo or voice note on a tutorial step: stored, pending, and the reviewers told.
    (StepContribution.photo, ("photo",), STAFF_ROLES),
    (StepContribution.voice, ("voice",), STAFF_ROLES),
    # Household A's worksite: coordinators edit every household's (an item with its materials, the
    # measured m², the contribution); tenant A adds a photo of a problem to their own journal.
    (WorksItemDraft.area, ("text",), MANAGER_ROLES),
    (WorksItemDraft.area, factories.SkipCallback, MANAGER_ROLES),
    (ItemArea.area, ("text",), MANAGER_ROLES),
    (ContributionAmount.amount, ("text",), MANAGER_ROLES),
    (WorksPhotoWait.photo, ("photo",), ("tenant",)),
]


# --- what a person can send ---------------------------------------------------------------

PIECES = [
    "<b>",
    "</b>",
    "<i>x</i>",
    "<a href='tg://user?id=1'>x</a>",
    "<script>",
    "&amp;",
    "&lt;",
    "&#0;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "\\",
    "\u200f",
    "\u200e",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00a0",
    "مرحبا بكم في الورشة",
    "שלום",
    "Привет",
    "漢字",
    "ﷺ",
    "e\u0301",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "𝕏",
    "/start xyz",
    "/start ",
    "/",
    "@ara_test_bot",
    "{name}",
    "{0}",
    "%s",
    "%(name)s",
    "${x}",
    "\n",
    "\t",
    "\r\n",
    " ",
    "PAH-001",
    "A-1",
    "B-1",
    "Nord",
    "12",
    "0",
    "-1",
    "501",
    "99999999999999999999",
    "1e9",
    "１２",
    "٣",
    "²",
    "⁵",
    "```python\nprint(1)\n```",
    "'; DROP TABLE person;--",
    "SELECT * FROM person",
    "robinet",
    "fuite",
    "peinture",
]
COMMANDS = [
    "/start",
    "/help",
    "/aide",
    "/menu",
    "/cancel",
    "/annuler",
    "/menages",
    "/inviter",
    "/invite",
    "/journal",
    "/langue",
    "/language",
    "/mes_donnees",
    "/my_data",
    "/stop",
    "/equipe",
    "/team",
    "/supprimer",
    "/delete",
    "/start@ara_test_bot",
    "/unknown",
]
# Characters as Telegram delivers them: any but lone surrogates, which JSON cannot carry.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))


def texts(max_size: int = 5000) -> st.SearchStrategy[str]:
    single = st.sampled_from(PIECES)
    mixed = st.lists(st.one_of(st.sampled_from(PIECES), st.text(ANY_CHAR, max_size=12)), max_size=12).map("".join)
    repeated = st.tuples(st.sampled_from([*PIECES, "a", "é", "ا", "👍"]), st.integers(0, max_size)).map(
        lambda t: (t[0] * (t[1] // max(len(t[0]), 1) + 1))[: t[1]]
    )
    command = st.tuples(st.sampled_from(COMMANDS), st.one_of(st.just(""), mixed.map(lambda s: " " + s))).map("".join)
    return st.one_of(single, mixed, repeated, command).map(lambda s: s[:max_size])


@dataclass(frozen=True)
class Action:
    kind: str
    args: tuple[Any, ...] = ()

    def __repr__(self) -> str:
        shown = [
            repr(a) if not isinstance(a, str) or len(a) <= 120 else f"{a[:120]!r}…({len(a)} chars)" for a in self.args
        ]
        return f"{self.kind}({', '.join(shown)})"


def random_field(annotation: object) -> st.SearchStrategy[str]:
    if annotation is bool:
        return st.sampled_from(["0", "1", "2", "true", ""])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.one_of(st.sampled_from([str(m.value) for m in annotation]), st.text(ANY_CHAR, max_size=6))
    if annotation is int:
        return st.one_of(
            st.integers(-3, 40).map(str),
            st.integers(-(2**70), 2**70).map(str),
            st.sampled_from(
                ["0", "-1", "2147483647", "2147483648", "9223372036854775808", "1_000", " 1", "٣", "", "x"]
            ),
        )
    return st.text(ANY_CHAR, max_size=20)


def mutated_callbacks() -> st.SearchStrategy[str]:
    """A real prefix with random field values: what a forged or outdated client could send."""
    per_factory = [
        st.tuples(*(random_field(info.annotation) for info in factory.model_fields.values())).map(
            lambda values, prefix=factory.__prefix__: ":".join((prefix, *values))
        )
        for factory in all_factories()
    ]
    return st.one_of(per_factory).filter(lambda data: 0 < len(data.encode()) <= 64)


def callback_strings(forged: list[str]) -> st.SearchStrategy[str]:
    raw = st.one_of(
        st.text(ANY_CHAR, min_size=1, max_size=64),
        st.binary(min_size=1, max_size=64).map(lambda b: b.decode("latin-1")),
    ).filter(lambda data: len(data.encode()) <= 64)
    return st.one_of(st.sampled_from(forged), mutated_callbacks(), raw)


def actions(forged: list[str]) -> st.SearchStrategy[Action]:
    caption = st.one_of(st.none(), texts(1100))
    return st.one_of(
        st.builds(lambda s: Action("text", (s,)), texts()),
        st.builds(lambda s: Action("edited", (s,)), texts()),
        st.builds(lambda s: Action("callback", (s,)), callback_strings(forged)),
        st.builds(lambda s: Action("callback", (s,)), callback_strings(forged)),
        st.builds(lambda s: Action("state", (s,)), st.sampled_from([None, *STATE_HINTS])),
        st.builds(lambda e: Action("sticker", (e,)), st.sampled_from(["👍", "🤡", "❤️", "🇫🇷"])),
        st.builds(lambda c: Action("photo", (c,)), caption),
        st.builds(
            lambda name, c: Action("document", (name, c)),
            st.sampled_from(["devis.pdf", "photo.jpg", "x.exe", "<b>.txt", "مستند.docx", "a" * 200 + ".pdf"]),
            caption,
        ),
        st.builds(lambda d: Action("voice", (d,)), st.integers(0, 100_000)),
        st.builds(
            lambda lat, lon: Action("location", (lat, lon)),
            st.floats(-90, 90, allow_nan=False),
            st.floats(-180, 180, allow_nan=False),
        ),
        st.builds(
            lambda phone, name: Action("contact", (phone, name)),
            st.one_of(st.sampled_from(["+33612345678", "0612345678", ""]), st.text(ANY_CHAR, max_size=30)),
            st.one_of(st.none(), st.text(ANY_CHAR, min_size=1, max_size=64)),
        ),
    )


# --- running the bot ----------------------------------------------------------------------


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Refused:
    method: str
    description: str


def record_refusals(bot: DirectBot, refused: list[Refused]) -> None:
    """Every call the emulator refuses, with its description (its stats count only codes)."""

    async def middleware(make_request, tg_bot, method):  # type: ignore[no-untyped-def]
        try:
            return await make_request(tg_bot, method)
        except TelegramAPIError as error:
            refused.append(Refused(type(method).__name__, error.message))
            raise

    bot.bot.session.middleware(middleware)
    # A fuzzer types faster than anyone: the pacing itself is tested in tests/delivery.
    for registered in bot.bot.session.middleware._middlewares:
        if isinstance(registered, RateLimitMiddleware):
            registered.limiter = TelegramRateLimiter(per_second=1000, chat_burst=30, chat_per_second=1000)


async def reset_database(sessionmaker, backend: str) -> None:  # type: ignore[no-untyped-def]
    async with sessionmaker() as session:
        if backend == "postgresql":
            await session.exec(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))  # type: ignore[call-overload]
        else:
            await session.exec(text("PRAGMA defer_foreign_keys = ON"))  # type: ignore[call-overload]
            for table in TABLES:  # without AUTOINCREMENT, ids start again at 1
                await session.exec(text(f"DELETE FROM {table}"))  # type: ignore[call-overload]
        await session.commit()


async def fresh_world(sessionmaker, backend: str, clock, role: str, locale: str):  # type: ignore[no-untyped-def]
    await reset_database(sessionmaker, backend)
    world = await build_world(sessionmaker, clock)
    async with sessionmaker() as session:
        expired = Invite(
            code_hash="fuzz-expired",
            role=Role.tenant,
            household_id=world.household_a,
            created_by_id=None,
            created_at=clock.now() - timedelta(days=20),
            expires_at=clock.now() - timedelta(days=6),
        )
        session.add(expired)
        actor = {
            "tenant": world.tenant_a,
            "animator not assigned": world.animator_z,
            "coordinator": world.coordinator,
            "admin": world.admin,
            "referent": world.referent,
        }.get(role)
        if actor is not None:
            person = await people.get_by_telegram_id(session, actor.telegram_id)
            assert person is not None
            person.locale = locale
            session.add(person)
        await session.commit()
        return world, expired.id, actor


def ids(world: World) -> tuple[int | None, ...]:
    return (world.household_a, world.workshop_id, world.rsvp_b, world.tenant_a.id, world.admin.id)


def parse_callback(data: str) -> CallbackData | None:
    for factory in all_factories():
        try:
            return factory.unpack(data)
        except (TypeError, ValueError):
            continue
    return None


def may_change(role: str, state: str | None, action: Action, world: World) -> bool:
    """Whether this update may legitimately change someone else's data."""
    callback = parse_callback(action.args[0]) if action.kind == "callback" else None
    if callback is not None and may_change_others(role, callback, world):
        return True
    if isinstance(callback, factories.EraseCallback) and callback.confirm:
        return True  # erasing oneself unlinks one's name from shared rows: tests/e2e/test_privacy.py
    for flow_state, factory, roles in FLOW_EFFECTS:
        if state != flow_state.state or role not in roles:
            continue
        if factory is None and action.kind == "text":
            return True
        if isinstance(factory, tuple) and action.kind in factory:
            return True
        if isinstance(factory, type) and isinstance(callback, factory):
            return True
    return False


async def act(user, emulator, action: Action, sent: list[dict]) -> str | None:  # type: ignore[no-untyped-def]
    """Perform one action; returns the callback query id for a press. `sent`: the user's own messages."""
    kind, args = action.kind, action.args
    if kind == "text":
        sent.append(await user.send(args[0]))
    elif kind == "edited":
        # TestUser cannot edit; Telegram sends an edited_message update, pushed here as it would.
        original = sent[-1]
        edited = {**original, "text": args[0], "edit_date": original["date"] + 1}
        edited.pop("entities", None)
        emulator.bot().updates.push("edited_message", edited)
    elif kind == "callback":
        return await user.press_data(args[0])
    elif kind == "sticker":
        await user.send_sticker(args[0])
    elif kind == "photo":
        await user.send_photo(caption=args[0])
    elif kind == "document":
        await user.send_document(file_name=args[0], caption=args[1])
    elif kind == "voice":
        await user.send_voice(duration=args[0])
    elif kind == "location":
        await user.send_location(*args)
    elif kind == "contact":
        await user.send_contact(*args)
    else:
        raise AssertionError(kind)
    return None


# --- the property -------------------------------------------------------------------------


def test_every_flow_state_is_fuzzed():
    """A new state must get its FSM data in STATE_DATA (and a hint in its feature's states.py)."""
    states = {state.state for group in flows() for state in group.__all_states__}
    assert states == set(STATE_HINTS)
    data = state_data(1, 1, 1, "", "", "", 1)
    assert set(data) == states


@dataclass(repr=False)
class Fuzz:
    bot: DirectBot
    users: dict[int, Any]
    first_messages: dict[int, dict[str, Any]]
    forged: list[str]  # a packed callback of every factory, with plausible and foreign ids
    first_world: World
    errors: Recorder
    refused: list[Refused]

    def __repr__(self) -> str:  # hypothesis prints the fixtures of a failing example
        return "Fuzz(...)"


@pytest.fixture
async def fuzz(emulator, database_url, sessionmaker, backend, clock, library):  # type: ignore[no-untyped-def]
    emulator.limits = Limits(enforce=False)  # see record_refusals: the pace is not what is tested here
    errors = Recorder()
    logging.getLogger("handlers.errors").addHandler(errors)
    refused: list[Refused] = []
    first_world, _, _ = await fresh_world(sessionmaker, backend, clock, "admin", "en")
    forged = [callback.pack() for callback in forged_callbacks(first_world, library)]
    users = {
        person.telegram_id: emulator.user(person.telegram_id, person.name, language_code="en")
        for person in (
            first_world.tenant_a,
            first_world.tenant_b,
            first_world.animator_a,
            first_world.animator_z,
            first_world.coordinator,
            first_world.admin,
            first_world.referent,
        )
    }
    users[STRANGER_ID] = emulator.user(STRANGER_ID, "Sam", language_code="ar")
    try:
        async with direct_bot(emulator, database_url, sessionmaker, clock, library) as bot:
            record_refusals(bot, refused)
            sent = {}
            for telegram_id, user in users.items():  # every chat has a bot message to press buttons on,
                sent[telegram_id] = await user.send("/menu")  # and a message of the user's to edit
                await bot.process()
            yield Fuzz(bot, users, sent, forged, first_world, errors, refused)
    finally:
        logging.getLogger("handlers.errors").removeHandler(errors)
    # Every refusal went through the recorder: the emulator counted no other 400.
    assert emulator.stats.errors_per_code[400] == sum(r.description.startswith("Bad Request") for r in refused)


async def run_example(
    fuzz: Fuzz,
    emulator,
    sessionmaker,
    backend: str,
    clock,
    role: str,
    locale: str,
    start: str | None,
    steps: list[Action],  # type: ignore[no-untyped-def]
) -> list[str]:
    """One person, one starting state, a few updates; what went wrong, after the first update that broke something."""
    clock.set(DEFAULT_NOW)
    world, expired_invite, actor = await fresh_world(sessionmaker, backend, clock, role, locale)
    assert ids(world) == ids(fuzz.first_world)  # the forged callbacks point at the same rows
    telegram_id = actor.telegram_id if actor is not None else STRANGER_ID
    actor_id = actor.id if actor is not None else None
    user = fuzz.users[telegram_id]
    bot = fuzz.bot
    fsm = bot.dispatcher.fsm.get_context(bot.bot, chat_id=telegram_id, user_id=telegram_id)
    day = (DEFAULT_NOW + timedelta(days=7)).date().isoformat()
    starts_at = (DEFAULT_NOW + timedelta(days=7, hours=2)).isoformat()
    until = (DEFAULT_NOW + timedelta(days=40)).isoformat()
    all_data = state_data(
        world.workshop_id, world.animator_a.id, expired_invite, day, starts_at, until, world.household_a
    )
    sent = [fuzz.first_messages[telegram_id]]
    history: list[str] = []

    async def put_in(state: str | None) -> None:
        await fsm.set_state(state)
        await fsm.set_data(all_data.get(state, {}) if state else {})

    await put_in(start)
    history.append(f"state({start!r})")
    for action in steps:
        if action.kind == "state":
            await put_in(action.args[0])
            history.append(f"{action!r}")
            continue
        state = await fsm.get_state()
        history.append(f"{action!r} in state {state}")
        checked = not may_change(role, state, action, world)
        before = await snapshot_of_others(sessionmaker, actor_id) if checked else None
        logged, refusals = len(fuzz.errors.records), len(fuzz.refused)
        query_id = await act(user, emulator, action, sent)
        await bot.process()

        failures = [f"handler failed: {r.getMessage()}" for r in fuzz.errors.records[logged:]]
        failures += [
            f"Telegram refused {r.method}: {r.description}"
            for r in fuzz.refused[refusals:]
            if not r.description.startswith(NOT_MODIFIED)
        ]
        if query_id is not None and query_id in emulator.unanswered_callback_queries():
            failures.append("the button press was not answered")
        if emulator.internal_errors:
            failures.append(f"emulator bug: {emulator.internal_errors!r}")
        if checked and await snapshot_of_others(sessionmaker, actor_id) != before:
            failures.append("someone else's data changed")
        if failures:
            return [f"{role} ({locale}):\n  " + "\n  ".join(history), *failures]
        clock.advance(timedelta(seconds=1))
    return []


# Who is usually in each flow; any other role is tried too.
FLOW_ROLES = {
    Onboarding: ("stranger",),
    NewHousehold: MANAGER_ROLES,
    Announcement: MANAGER_ROLES,
    TutorialSearch: ("tenant",),
    StepContribution: STAFF_ROLES,
    NewWorkshop: STAFF_ROLES,
    WorkshopInvite: STAFF_ROLES,
    WorkshopChange: STAFF_ROLES,
    WriteToTeam: ("tenant",),
    ReplyToHousehold: STAFF_ROLES,
    NewReferral: ("referent",),
    DeclineReferral: MANAGER_ROLES,
    NewOrganisation: MANAGER_ROLES,
}


def roles_for(state: str | None) -> st.SearchStrategy[str]:
    usual = next((roles for group, roles in FLOW_ROLES.items() if state in group.__all_states_names__), ROLES)
    return st.one_of(st.sampled_from(usual), st.sampled_from(ROLES))


@settings(
    max_examples=EXAMPLES or 100,
    derandomize=not LONG_RUN,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(start=st.sampled_from([None, *STATE_HINTS]), locale=st.sampled_from(["fr", "ar", "en"]), data=st.data())
async def test_random_updates_in_random_states_break_nothing(
    fuzz, emulator, sessionmaker, backend, clock, start, locale, data
):
    role = data.draw(roles_for(start), label="role")
    steps = data.draw(st.lists(actions(fuzz.forged), min_size=1, max_size=STEPS), label="steps")
    failures = await run_example(fuzz, emulator, sessionmaker, backend, clock, role, locale, start, steps)
    assert not failures, "\n".join(failures)


# What the fuzzer found once, replayed on every run.
FOUND = [
    ("admin", None, Action("callback", ("w:9223372036854775808",))),  # id beyond INTEGER: DB error
    ("coordinator", None, Action("callback", ("wa:-174850474347130688:ans",))),
    ("coordinator", NewWorkshop.day.state, Action("callback", ("cal:show:10000:1:0",))),  # date(10000, 1, 1)
    ("admin", WorkshopChange.day.state, Action("callback", ("cal:show:0:12:0",))),
    ("coordinator", NewWorkshop.capacity.state, Action("text", ("²",))),  # isdigit() but not int()
    ("animator not assigned", WorkshopChange.capacity.state, Action("text", ("9" * 5000,))),
    # Written here, not found: the relay's refusals and limits.
    ("animator not assigned", ReplyToHousehold.message.state, Action("text", ("Bonjour",))),  # not their household
    ("tenant", WriteToTeam.message.state, Action("text", ("ça sent le gaz " * 300,))),  # too long, with emergency words
    ("tenant", WriteToTeam.message.state, Action("photo", ("<b>fuite</b> & " * 60,))),
    ("coordinator", WriteToTeam.message.state, Action("voice", (3,))),  # not a tenant: a hint, nothing sent
]


@pytest.mark.parametrize(("role", "start", "action"), FOUND, ids=[repr(found[2])[:40] for found in FOUND])
async def test_inputs_the_fuzzer_found(fuzz, emulator, sessionmaker, backend, clock, role, start, action):
    assert await run_example(fuzz, emulator, sessionmaker, backend, clock, role, "fr", start, [action]) == []
