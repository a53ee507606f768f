"""Demo data for the sandbox (`ara-bot sandbox`), made with the real services.

Seeding is a list of steps, `SEED_STEPS`, run in order in one transaction. Each step
is idempotent: it looks for its data first (by Telegram id, household reference,
workshop title…), so a sandbox restarted on the same `--data` folder finds its
people again instead of duplicating them. A step that brings someone the visitor
can be in the page calls `demo.person(...)`, whether it created them or found them.

To add demo data for a new flow, write one step here and add it to SEED_STEPS, after the
steps whose people it uses:

    async def free_visit_slots(demo: DemoSeed) -> None:
        nadia = demo.records["nadia"]  # the Person rows of earlier steps, by key
        if await has_slots(demo.session, nadia.id):  # idempotent: look first
            return
        ...  # the flow's service, with demo.session, demo.now and demo.tz

(visit_times below is that step.)

tests/chat_page/test_api.py starts the sandbox twice on the same data and fails if the
second start adds any row (except the visitor's renewed invitation).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.models import (
    ContributionKind,
    ContributionStatus,
    Doer,
    Household,
    ItemProgress,
    Person,
    Phase,
    PhotoStage,
    QuestionnaireAssignment,
    ReferentMembership,
    Role,
    RsvpAnswer,
    StepContribution,
    Tool,
    Urgency,
    Visit,
    VisitKind,
    VisitSlot,
    VisitStatus,
    WorkKind,
    Workshop,
    WorkshopTheme,
    WorksPhoto,
)
from bot.sandbox.files import FileStore
from bot.services import (
    delivery,
    energy_kit,
    households,
    invites,
    lending,
    people,
    questionnaires,
    referrals,
    retention,
    rsvp,
    workshop_invitations,
    workshops,
)
from bot.services.content import ContentLibrary
from bot.services.people import CONSENT_VERSION
from bot.services.visits import booking, reminders, slots
from bot.services.workshop_invitations import InviteAudience, Target
from bot.services.workshops import Draft
from bot.services.worksite import contract as worksite_contract
from bot.services.worksite import journal as worksite_journal
from bot.services.worksite import photos as worksite_photos
from bot.services.worksite.contract import Commitment

SITE_A = "Encagnane"
SITE_B = "Jas de Bouffan"
VISITOR_HOUSEHOLD = "PAH-DEMO-05"
SERIES_TITLE = "Repeindre une porte"


@dataclass(frozen=True)
class DemoPerson:
    """Someone the visitor can be in the page: one emulator user, one private chat."""

    key: str  # stable name for code and tests: "claire", "visitor"…
    telegram_id: int
    name: str
    title: str  # what the switcher shows next to the name, in English
    language_code: str  # the Telegram app's language, sent with every update
    start_parameter: str | None = None  # a deep link's ?start= value: the chat opens with START


@dataclass
class DemoSeed:
    """What a seeding step works with, and what the steps found or made so far."""

    session: AsyncSession
    now: datetime
    tz: ZoneInfo
    invite_ttl: timedelta
    people: list[DemoPerson] = field(default_factory=list)
    records: dict[str, Person] = field(default_factory=dict)  # key -> Person row, for later steps
    library: ContentLibrary | None = None  # the questionnaires' questions, for answered ones
    files: FileStore | None = None  # the emulator's files: the team's demo photo and voice note live there
    photos_dir: Path | None = None  # where worksite photos are copied (the sandbox's data folder)

    def person(self, demo_person: DemoPerson, record: Person | None = None) -> None:
        self.people.append(demo_person)
        if record is not None:
            self.records[demo_person.key] = record


SeedStep = Callable[[DemoSeed], Awaitable[None]]


# --- the steps ---------------------------------------------------------------------------------


async def team(demo: DemoSeed) -> None:
    """A coordinator and two animators, who have joined and consented."""
    for key, telegram_id, name, role, locale in (
        ("claire", 7001, "Claire", Role.coordinator, "fr"),
        ("nadia", 7002, "Nadia", Role.animator, "fr"),
        ("karim", 7003, "Karim", Role.animator, "en"),
    ):
        person = await people.get_by_telegram_id(demo.session, telegram_id)
        if person is None:
            person, _ = await people.add_staff(
                demo.session, telegram_id=telegram_id, role=role, name=name, now=demo.now
            )
            await people.give_consent(demo.session, person, locale=locale, now=demo.now)
        demo.person(DemoPerson(key, telegram_id, name, role.value.capitalize(), locale), person)


async def households_and_tenants(demo: DemoSeed) -> None:
    """Households on two sites in different phases; tenants who joined through an invitation,
    in French, Arabic and English."""
    plan = (
        ("amina", 7101, "Amina", "fr", "PAH-DEMO-01", SITE_A, Phase.works, "nadia", True),
        ("youssef", 7102, "Youssef", "ar", "PAH-DEMO-02", SITE_A, Phase.preparation, "nadia", True),
        ("sarah", 7103, "Sarah", "en", "PAH-DEMO-03", SITE_B, Phase.follow_up, "karim", False),
        (None, None, None, None, "PAH-DEMO-04", SITE_B, Phase.referred, "karim", False),
    )
    for key, telegram_id, name, locale, reference, site, phase, animator, qpv in plan:
        household = await households.get_by_reference(demo.session, reference)
        if household is None:
            household = await households.create_household(
                demo.session,
                reference=reference,
                site=site,
                priority_neighbourhood=qpv,
                phase=phase,
                animator_id=demo.records[animator].id,
                now=demo.now,
            )
        if key is None or telegram_id is None or name is None or locale is None:
            continue
        person = await people.get_by_telegram_id(demo.session, telegram_id)
        if person is None:
            invite, _ = await invites.create_invite(
                demo.session,
                role=Role.tenant,
                household_id=household.id,
                created_by_id=demo.records["claire"].id,
                now=demo.now,
                ttl=demo.invite_ttl,
            )
            person = await invites.redeem(
                demo.session,
                invite_id=invite.id,
                telegram_id=telegram_id,
                name=name,
                locale=locale,
                consent_version=CONSENT_VERSION,
                now=demo.now,
            )
        title = f"Tenant · {site} · {phase.value.replace('_', ' ')}"
        demo.person(DemoPerson(key, telegram_id, name, title, locale), person)


def _next_tuesday_afternoon(now: datetime, tz: ZoneInfo) -> datetime:
    """The first Tuesday 14:00 (local) at least three days away: time for both reminders."""
    day = (now + timedelta(days=3)).astimezone(tz).date()
    day += timedelta(days=(1 - day.weekday()) % 7)
    return datetime.combine(day, time(14, 0), tzinfo=tz).astimezone(now.tzinfo)


async def workshop_series(demo: DemoSeed) -> None:
    """A DIY workshop every two weeks; every tenant invited to the first one, Amina coming,
    Youssef not sure. The invitations go out through the outbox as soon as the bot runs."""
    existing = await demo.session.exec(select(Workshop).where(col(Workshop.title) == SERIES_TITLE))
    if existing.first() is not None:
        return
    nadia = demo.records["nadia"]
    first = _next_tuesday_afternoon(demo.now, demo.tz)
    draft = Draft(
        theme=WorkshopTheme.diy,
        title=SERIES_TITLE,
        starts_at=first,
        place="Centre social Les Amandiers, 2 rue Jean Andréani, Aix-en-Provence",
        capacity=8,
        description="Poncer, reboucher, peindre : on apprend ensemble sur une vraie porte.",
        bring="Des vêtements qui ne craignent rien",
        children_welcome=True,
    )
    sessions = await workshops.create(
        demo.session,
        draft,
        created_by_id=nadia.id,
        now=demo.now,
        tz=demo.tz,
        every_weeks=2,
        until=first + timedelta(weeks=10),
    )
    await workshop_invitations.invite(
        demo.session, sessions[0], Target(InviteAudience.all), sender_id=nadia.id, now=demo.now
    )
    for key, answer in (("amina", RsvpAnswer.yes), ("youssef", RsvpAnswer.maybe)):
        await rsvp.answer(demo.session, sessions[0], demo.records[key], answer, now=demo.now, tz=demo.tz)


async def visit_times(demo: DemoSeed) -> None:
    """Free times for home visits over the next four weeks (Nadia mornings, Karim afternoons),
    a follow-up visit booked by Sarah with a note, and her first meeting, done, in her history."""
    existing = await demo.session.exec(
        select(VisitSlot.id).where(col(VisitSlot.animator_id) == demo.records["nadia"].id)
    )
    if existing.first() is not None:
        return
    today = demo.now.astimezone(demo.tz).date()
    days = [today + timedelta(days=n) for n in range(1, 8)]
    for key, weekdays, start, end in (("nadia", (1, 3), time(9), time(12)), ("karim", (0, 2), time(14), time(17))):
        plan = slots.Plan(
            days=tuple(day for day in days if day.weekday() in weekdays),
            start=start,
            end=end,
            length_minutes=60,
            buffer_minutes=30,
            weeks=4,
        )
        await slots.publish(demo.session, demo.records[key].id, plan, now=demo.now, tz=demo.tz)
    sarah = demo.records["sarah"]
    household = await demo.session.get(Household, sarah.household_id)
    assert household is not None
    first_free = (await slots.free_slots(demo.session, demo.records["karim"].id, now=demo.now))[0]
    visit = await booking.book(
        demo.session,
        household,
        first_free.id,
        kind=VisitKind.encouragement,
        booked_by=sarah,
        now=demo.now,
        tz=demo.tz,
    )
    await booking.add_tenant_note(
        demo.session, visit, note="The bathroom ceiling paint is peeling again.", photo_file_id=None
    )
    met = demo.now - timedelta(days=60)
    demo.session.add(
        Visit(
            household_id=household.id,
            animator_id=demo.records["karim"].id,
            kind=VisitKind.tripartite,
            status=VisitStatus.done,
            starts_at=met,
            ends_at=met + timedelta(hours=1),
            referent_present=True,
            outcome_note="Project: repaint the bathroom and the kitchen.",
            next_step="Preparation visit.",
            done_at=met + timedelta(hours=1),
            created_at=met,
        )
    )


# (person key, questionnaire, days ago, answers by question id; text questions take text)
ANSWERED: tuple[tuple[str, str, int, dict[str, str]], ...] = (
    (
        "amina",
        "after_visit",
        12,
        {"useful": "5", "next_steps": "yes", "comment": "Merci, j'ai compris comment poncer."},
    ),
    ("youssef", "after_visit", 9, {"useful": "4", "next_steps": "yes"}),
    ("sarah", "after_visit", 30, {"useful": "3", "next_steps": "no", "comment": "I need the list of materials again."}),
    ("amina", "after_workshop", 15, {"liked": "5", "learned": "yes", "next_theme": "damp"}),
    ("sarah", "followup_3m", 5, {"other_works": "yes", "which_works": "painting,repairs", "need_help": "no"}),
    # The lowest score with a comment: the team's alert, with the comment and the household's buttons.
    ("youssef", "after_workshop", 2, {"liked": "1", "learned": "no", "comment": "لم أفهم كيف أستعمل المثقاب."}),
)


async def answered_questionnaires(demo: DemoSeed) -> None:
    """Replies already in, so the coordinators' "Replies" and "Report" show figures and charts."""
    if demo.library is None:
        return
    existing = await demo.session.exec(
        select(QuestionnaireAssignment.id).where(col(QuestionnaireAssignment.trigger_key).startswith("demo:"))
    )
    if existing.first() is not None:
        return
    for key, questionnaire_id, days_ago, given in ANSWERED:
        person = demo.records[key]
        questionnaire = demo.library.questionnaires.get(questionnaire_id, person.locale)
        if questionnaire is None:
            continue
        when = demo.now - timedelta(days=days_ago)
        assignment = await questionnaires.assign(
            demo.session,
            questionnaire_id=questionnaire_id,
            person_id=person.id,
            household_id=person.household_id,
            trigger_key=f"demo:{key}:{questionnaire_id}",
            due_at=when,
            now=when,
        )
        if assignment is None:
            continue
        await delivery.cancel(demo.session, f"questionnaire:{assignment.id}:")  # answered long ago: nothing to send
        await questionnaires.start(demo.session, assignment, questionnaire, now=when)
        for index, question in enumerate(questionnaire.questions):
            if question.id in given:
                answer = given[question.id]
                await questionnaires.save(
                    demo.session,
                    assignment,
                    questionnaire,
                    index,
                    value=None if question.kind == "text" else answer,
                    text=answer if question.kind == "text" else None,
                    now=when,
                )
        await questionnaires.complete(demo.session, assignment, questionnaire, now=when)


async def visitor_invitation(demo: DemoSeed) -> None:
    """An unused tenant invitation, so the visitor can join by clicking START.

    The clear code is shown once and only its hash is stored, so every start makes a
    fresh one (until someone joined the household); older ones simply expire.
    """
    household = await households.get_by_reference(demo.session, VISITOR_HOUSEHOLD)
    if household is None:
        household = await households.create_household(
            demo.session,
            reference=VISITOR_HOUSEHOLD,
            site=SITE_A,
            priority_neighbourhood=True,
            phase=Phase.referred,
            animator_id=demo.records["nadia"].id,
            now=demo.now,
        )
    telegram_id = 7201
    person = await people.get_by_telegram_id(demo.session, telegram_id)
    code = None
    if person is None:
        _, code = await invites.create_invite(
            demo.session,
            role=Role.tenant,
            household_id=household.id,
            created_by_id=demo.records["nadia"].id,
            now=demo.now,
            ttl=demo.invite_ttl,
        )
    demo.person(
        DemoPerson("visitor", telegram_id, "Léa", f"New tenant · {SITE_A} · invited", "fr", start_parameter=code),
        person,
    )


ENDED_HOUSEHOLD = "PAH-DEMO-06"


async def missed_visit(demo: DemoSeed) -> None:
    """Yesterday nobody was home for Sarah's follow-up visit: Karim said so, and she is told
    (with a button to book another time) when the bot starts."""
    sarah = demo.records["sarah"]
    assert sarah.household_id is not None
    found = await demo.session.exec(
        select(Visit.id).where(col(Visit.household_id) == sarah.household_id, col(Visit.status) == VisitStatus.missed)
    )
    if found.first() is not None:
        return
    yesterday = (demo.now - timedelta(days=1)).astimezone(demo.tz).date()
    starts_at = datetime.combine(yesterday, time(10, 0), tzinfo=demo.tz).astimezone(demo.now.tzinfo)
    visit = Visit(
        household_id=sarah.household_id,
        animator_id=demo.records["karim"].id,
        kind=VisitKind.encouragement,
        status=VisitStatus.missed,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        outcome_note="Nobody answered the door; phone off.",
        done_at=starts_at + timedelta(minutes=20),
        created_at=starts_at - timedelta(days=7),
    )
    demo.session.add(visit)
    await demo.session.flush()
    await reminders.after_missed(demo.session, visit, now=demo.now)


async def ended_accompaniment(demo: DemoSeed) -> None:
    """Leïla's household on Jas de Bouffan had its closing visit ten days ago and Claire ended the
    accompaniment: she is told when the bot starts, and her menu no longer offers booking."""
    household = await households.get_by_reference(demo.session, ENDED_HOUSEHOLD)
    telegram_id = 7104
    karim = demo.records["karim"]
    if household is None:
        household = await households.create_household(
            demo.session,
            reference=ENDED_HOUSEHOLD,
            site=SITE_B,
            phase=Phase.follow_up,
            animator_id=karim.id,
            now=demo.now,
        )
    person = await people.get_by_telegram_id(demo.session, telegram_id)
    if person is None:
        invite, _ = await invites.create_invite(
            demo.session,
            role=Role.tenant,
            household_id=household.id,
            created_by_id=demo.records["claire"].id,
            now=demo.now,
            ttl=demo.invite_ttl,
        )
        person = await invites.redeem(
            demo.session,
            invite_id=invite.id,
            telegram_id=telegram_id,
            name="Leïla",
            locale="fr",
            consent_version=CONSENT_VERSION,
            now=demo.now,
        )
        closing = demo.now - timedelta(days=10)
        demo.session.add(
            Visit(
                household_id=household.id,
                animator_id=karim.id,
                kind=VisitKind.closing,
                status=VisitStatus.done,
                starts_at=closing,
                ends_at=closing + timedelta(hours=1),
                referent_present=True,
                outcome_note="Living room and kitchen repainted; she wants to redo the bedroom alone.",
                done_at=closing + timedelta(hours=1),
                created_at=closing - timedelta(days=14),
            )
        )
        await retention.close_household(demo.session, household, now=demo.now, actor_id=demo.records["claire"].id)
    demo.person(DemoPerson("leila", telegram_id, "Leïla", f"Tenant · {SITE_B} · accompaniment ended", "fr"), person)


DEMO_TUTORIAL, DEMO_STEP = "poser-mousseur", 2  # a step with no diagram: the team's photo is its picture


def demo_voice(locale: str) -> bytes:
    """Step 2 read aloud (Ogg/Opus, as Telegram clients record voice notes): synthesised once for
    the project by scripts/make_demo_voice.sh, CC0-1.0 (bot/sandbox/static/voice/README.md)."""
    return resources.files("bot.sandbox").joinpath(f"static/voice/mousseur-step-2-{locale}.ogg").read_bytes()


async def step_contributions(demo: DemoSeed) -> None:
    """Nadia's photo and French voice note on a tutorial step, approved by Claire (tenants see and
    hear them), and Karim's Arabic voice note waiting for Claire's review.

    The emulator keeps files in memory: every start stores them again and points the rows at the
    new file ids (no row is added on a restart)."""
    if demo.files is None or demo.library is None:
        return
    photo = demo.files.add(_demo_photo(demo.library), kind="photo", mime_type="image/png")
    voice_fr = demo.files.add(demo_voice("fr"), kind="voice", mime_type="audio/ogg")
    voice_ar = demo.files.add(demo_voice("ar"), kind="voice", mime_type="audio/ogg")
    nadia, karim, claire = demo.records["nadia"], demo.records["karim"], demo.records["claire"]
    wanted = (
        (nadia, ContributionKind.photo, None, photo.file_id, ContributionStatus.approved),
        (nadia, ContributionKind.voice, "fr", voice_fr.file_id, ContributionStatus.approved),
        (karim, ContributionKind.voice, "ar", voice_ar.file_id, ContributionStatus.pending),
    )
    for author, kind, locale, file_id, status in wanted:
        found = await demo.session.exec(
            select(StepContribution).where(
                col(StepContribution.tutorial_id) == DEMO_TUTORIAL,
                col(StepContribution.author_id) == author.id,
                col(StepContribution.kind) == kind,
            )
        )
        row = found.first() or StepContribution(
            tutorial_id=DEMO_TUTORIAL,
            step=DEMO_STEP,
            kind=kind,
            locale=locale,
            file_id=file_id,
            author_id=author.id,
            status=status,
            created_at=demo.now - timedelta(days=2),
        )
        row.file_id = file_id
        if status is ContributionStatus.approved and row.reviewed_by_id is None:
            row.reviewed_by_id, row.reviewed_at = claire.id, demo.now - timedelta(days=1)
        demo.session.add(row)
    await demo.session.flush()


DEMO_TOOL = "Perceuse sans fil"


async def tool_out(demo: DemoSeed) -> None:
    """The tool library has a drill and a ladder; Nadia lent the drill to Amina's household (in the
    works phase) until next week, and installed an energy kit there (two tap aerators, LED bulbs)."""
    if (await demo.session.exec(select(Tool).where(col(Tool.name) == DEMO_TOOL))).first() is not None:
        return
    nadia, amina = demo.records["nadia"], demo.records["amina"]
    assert amina.household_id is not None
    drill = await lending.add_tool(demo.session, nadia, name=DEMO_TOOL, count=2)
    await lending.add_tool(demo.session, nadia, name="Escabeau 5 marches", count=1)
    today = demo.now.astimezone(demo.tz).date()
    await lending.lend(
        demo.session,
        nadia,
        tool_id=drill.id,
        household_id=amina.household_id,
        due_on=today + timedelta(days=7),
        now=demo.now,
        tz=demo.tz,
    )
    for kind, count in ((energy_kit.KitKind.tap_aerator, 2), (energy_kit.KitKind.led_bulb, 3)):
        await energy_kit.add(
            demo.session,
            nadia,
            amina.household_id,
            kind=kind,
            count=count,
            installed_on=today,
            now=demo.now,
            tz=demo.tz,
        )


async def referent_with_referral(demo: DemoSeed) -> None:
    """Sophie, a social worker of the CCAS, with a referral waiting for Claire's decision."""
    telegram_id, organisation_name = 7010, "CCAS d'Aix-en-Provence"
    sophie = await people.get_by_telegram_id(demo.session, telegram_id)
    if sophie is None:
        found = [o for o in await referrals.list_organisations(demo.session) if o.name == organisation_name]
        organisation = (
            found[0]
            if found
            else await referrals.add_organisation(demo.session, organisation_name, by=None, now=demo.now)
        )
        sophie = Person(telegram_id=telegram_id, name="Sophie", role=Role.referent, created_at=demo.now)
        demo.session.add(sophie)
        await demo.session.flush()
        demo.session.add(ReferentMembership(person_id=sophie.id, organisation_id=organisation.id))
        await people.give_consent(demo.session, sophie, locale="fr", now=demo.now)
        draft = referrals.Draft(
            site=SITE_A,
            priority_neighbourhood=True,
            adults_women=1,
            adults_men=0,
            children=3,
            minimum_income=True,
            single_parent=True,
            newcomer=False,
            dalo=False,
            tenant_since=2017,
            landlord="Pays d'Aix Habitat",
            needs="Humidité et moisissures dans la chambre des enfants ; repeindre la cuisine.",
            urgency=Urgency.soon,
            household_agreed=True,
        )
        await referrals.submit(demo.session, sophie, draft, now=demo.now - timedelta(hours=3))
    demo.person(DemoPerson("sophie", telegram_id, "Sophie", "Social referent (CCAS)", "fr"), sophie)


def _demo_photo(library: ContentLibrary) -> bytes:
    """A picture to stand for the animator's photo of step 2 (measuring the flow with a bucket)."""
    images = [image for tutorial in library.tutorials("fr") for image in tutorial.all_images]
    chosen = next((image for image in images if image.file == "bucket-test.png"), images[0] if images else None)
    return chosen.path.read_bytes() if chosen is not None else b""


WORKSITE_HOUSEHOLD = "PAH-DEMO-01"  # Amina's, in the works phase


def _wall_photo(stained: bool) -> bytes:
    """A wall before (stains, a crack) or after (clean paint), drawn for the demo."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 360), (214, 200, 170) if stained else (246, 242, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 480, 360), fill=(120, 90, 60))  # the skirting board
    if stained:
        for x, y, r in ((120, 110, 38), (300, 180, 52), (380, 80, 24)):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(150, 135, 105))
        draw.line((60, 40, 110, 150, 90, 260), fill=(90, 80, 70), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _read(path: str | None) -> bytes | None:
    return Path(path).read_bytes() if path and Path(path).is_file() else None


async def worksite(demo: DemoSeed) -> None:
    """Amina's worksite: a signed participation contract (bedroom walls, kitchen wallpaper), its
    shopping list computed from the measured m², a works session with the bedroom's photos
    before and after, and a problem Amina showed. On a restart the photos go back into the
    emulator's memory from their copies on disk (no row is added)."""
    if demo.library is None or demo.files is None or demo.photos_dir is None:
        return
    household = await households.get_by_reference(demo.session, WORKSITE_HOUSEHOLD)
    if household is None:
        return
    existing = await demo.session.exec(select(WorksPhoto).where(col(WorksPhoto.household_id) == household.id))
    kept = list(existing.all())
    if kept:
        for photo in kept:
            data = await asyncio.to_thread(_read, photo.path)
            if data is not None:
                photo.file_id = demo.files.add(data, kind="photo", mime_type=photo.mime_type).file_id
                demo.session.add(photo)
        await demo.session.flush()
        return
    nadia, amina = demo.records["nadia"], demo.records["amina"]
    started = demo.now - timedelta(days=2)
    items = []
    for room, kind, doer, area in (
        ("Chambre", WorkKind.walls, Doer.with_animator, 32.0),
        ("Cuisine", WorkKind.wallpaper, Doer.household, 12.0),
    ):
        items.append(
            await worksite_contract.add_item(
                demo.session,
                nadia,
                household.id,
                room=room,
                kind=kind,
                doer=doer,
                sessions_planned=2,
                area_m2=area,
                library=demo.library,
                default_percent=10,
                now=started - timedelta(days=5),
            )
        )
    await worksite_contract.toggle(
        demo.session,
        nadia,
        household.id,
        Commitment.come_to_workshops,
        default_percent=10,
        now=started - timedelta(days=5),
    )
    await worksite_contract.accept(demo.session, amina, household.id, 1, now=started - timedelta(days=4))
    await worksite_contract.set_progress(demo.session, nadia, items[0].id, ItemProgress.done_with_help, now=started)
    await worksite_contract.set_progress(demo.session, nadia, items[1].id, ItemProgress.in_progress, now=started)
    await worksite_journal.record(
        demo.session,
        nadia,
        household.id,
        hours=4,
        household_members=2,
        volunteers=1,
        other_households=1,
        now=started + timedelta(hours=4),
        tz=demo.tz,
    )
    for author, stage, item_id, data in (
        (nadia, PhotoStage.before, items[0].id, _wall_photo(True)),
        (nadia, PhotoStage.after, items[0].id, _wall_photo(False)),
        (amina, PhotoStage.problem, None, _wall_photo(True)),
    ):
        stored = demo.files.add(data, kind="photo", mime_type="image/png")
        await worksite_photos.add(
            demo.session,
            author,
            household.id,
            stage=stage,
            item_id=item_id,
            works_session_id=None,
            file_id=stored.file_id,
            data=data,
            photos_dir=demo.photos_dir,
            max_bytes=10 * 1024 * 1024,
            now=started + timedelta(hours=3),
        )


SEED_STEPS: list[SeedStep] = [
    team,
    households_and_tenants,
    workshop_series,
    visit_times,
    missed_visit,
    ended_accompaniment,
    answered_questionnaires,
    step_contributions,
    worksite,
    tool_out,
    referent_with_referral,
    visitor_invitation,
]


async def seed(
    sessionmaker: SessionMaker,
    *,
    now: datetime,
    tz: ZoneInfo,
    invite_ttl: timedelta = timedelta(days=14),
    steps: list[SeedStep] | None = None,
    library: ContentLibrary | None = None,
    files: FileStore | None = None,
    photos_dir: Path | None = None,
) -> list[DemoPerson]:
    """Run the seeding steps in one transaction; returns the people the page offers."""
    async with sessionmaker() as session:
        demo = DemoSeed(session, now, tz, invite_ttl, library=library, files=files, photos_dir=photos_dir)
        for step in SEED_STEPS if steps is None else steps:
            await step(demo)
        await session.commit()
    return demo.people
