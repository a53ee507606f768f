"""Browsing, stepping through and finishing a tutorial; searching with typos;
staff sending one to a household."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.models import ContentEvent, ContentEventKind, Role
from bot.services import households, tutorials
from handlers.content import texts
from tests.e2e.helpers import button_texts, label, render, tr


async def test_browse_step_through_and_finish(running_bot, emulator, library):
    await running_bot.member(9101, Role.tenant, "Amina", locale="fr")
    user = emulator.user(9101, "Amina", language_code="fr")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "🛠 DIY tutorials"))
    [subjects] = await user.wait_for_messages()
    assert tr("fr", "🚰 Taps, shower and sink") in button_texts(subjects)
    await user.press(tr("fr", "🚰 Taps, shower and sink"))
    await user.wait_for_messages()
    aerator = library.tutorial("poser-mousseur", "fr")
    assert aerator.short_title in button_texts(user.last_message)  # short titles on the buttons
    await user.press(aerator.short_title)
    [overview] = await user.wait_for_messages()
    assert overview["text"].startswith(aerator.title)
    assert tr("fr", "Materials") in overview["text"] and "€" in overview["text"]
    work = render("fr", texts.duration, aerator)
    assert work == tr("fr", "work {work}").format(work=tr("fr", "{count} min").format(count=15))
    assert f"⏱ {work}" in overview["text"]

    # Before step 1: the card (building, who pays, the landlord's written agreement, when to stop).
    await user.press(tr("fr", "▶️ Start"))
    [card] = await user.wait_for_messages()
    assert card["message_id"] == overview["message_id"]  # the same message, edited in place
    assert card["text"].startswith(tr("fr", "<b>✋ Before you start</b>").removeprefix("<b>").removesuffix("</b>"))
    assert aerator.before_you_start.who_pays.replace("**", "") in card["text"]
    assert aerator.before_you_start.stop_and_call.replace("**", "") in card["text"]
    await user.press(tr("fr", "▶️ Go to step 1"))
    # Step 1 has a diagram: a photo, the step's text as its caption (a text cannot become a photo).
    retired, step = await user.wait_for_messages(2)
    assert retired["message_id"] == card["message_id"] and retired.get("reply_markup") is None
    assert "photo" in step and step["message_id"] != card["message_id"]
    header = tr("fr", "Step {number}/{total}").format(number=1, total=len(aerator.steps))
    assert step["caption"].startswith(header) and aerator.steps[0].images[0].caption in step["caption"]
    # Step 2 has no picture: a text message (a photo cannot become a text); then edited in place.
    await user.press(tr("fr", "Next ▶️"))
    retired, step = await user.wait_for_messages(2)
    assert "photo" in retired and retired.get("reply_markup") is None  # the picture stays, without buttons
    assert aerator.steps[1].title in step["text"]
    for number in range(3, len(aerator.steps) + 1):
        await user.press(tr("fr", "Next ▶️"))
        [edited] = await user.wait_for_messages()
        assert edited["message_id"] == step["message_id"] and aerator.steps[number - 1].title in edited["text"]
    await user.press(tr("fr", "◀️ Previous"))
    [back] = await user.wait_for_messages()
    assert aerator.steps[-2].title in back["text"]
    await user.press(tr("fr", "Next ▶️"))
    [last] = await user.wait_for_messages()
    assert button_texts(last)[1] == tr("fr", "✅ I'm done")
    await user.press(tr("fr", "✅ I'm done"))
    [done] = await user.wait_for_messages()
    assert done["text"].startswith("👏")
    async with running_bot.sessionmaker() as session:
        events = [(e.item_id, e.kind) for e in (await session.exec(select(ContentEvent))).all()]
        usage = await tutorials.usage(session)
    assert events == [("poser-mousseur", ContentEventKind.opened), ("poser-mousseur", ContentEventKind.finished)]
    assert usage["poser-mousseur"] == tutorials.Usage(opened=1, finished=1)
    assert await emulator.wait_for_callback_answers() == []


async def test_search_with_typos_and_without_accents(running_bot, emulator, library):
    await running_bot.member(9102, Role.tenant, "Omar", locale="fr")
    user = emulator.user(9102, "Omar", language_code="fr")
    await user.send("mon robinet fuit")  # typed anywhere, no button pressed
    [found] = await user.wait_for_messages()
    assert found["text"] == tr("fr", "These tutorials may help:")
    assert button_texts(found)[0] == library.tutorial("changer-joint-robinet", "fr").short_title

    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "🛠 DIY tutorials"))
    await user.wait_for_messages()
    await user.press(tr("fr", "🔎 Search"))
    await user.wait_for_messages()
    await user.send("moisisure sale de bain")  # two typos, no accent
    [found] = await user.wait_for_messages()
    assert button_texts(found)[0] == library.tutorial("traiter-moisissures", "fr").short_title

    await user.send("zzzz qqqq")
    [nothing] = await user.wait_for_messages()
    assert nothing["text"] == tr("fr", "Sorry, I did not understand. Please use the buttons.")


async def test_arabic_reader_gets_arabic_steps(running_bot, emulator, library):
    await running_bot.member(9103, Role.tenant, "Youssef", locale="ar")
    user = emulator.user(9103, "Youssef", language_code="ar")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("ar", "🛠 DIY tutorials"))
    await user.wait_for_messages()
    await user.press(tr("ar", "🔥 Heating"))
    await user.wait_for_messages()
    bleed = library.tutorial("purger-radiateur", "ar")
    await user.press(bleed.short_title)
    await user.wait_for_messages()
    await user.press(label("ar", "▶️ Start"))
    await user.wait_for_messages()
    await user.press(label("ar", "▶️ Go to step 1"))
    _, step = await user.wait_for_messages(2)
    assert step["caption"].startswith(tr("ar", "Step {number}/{total}").format(number=1, total=len(bleed.steps)))


async def test_forged_tutorial_buttons_change_nothing(running_bot, emulator):
    await running_bot.member(9104, Role.tenant, "Omar", locale="en")
    user = emulator.user(9104, "Omar", language_code="en")
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    for forged in ("tu:no-such-tutorial:-1", "tu:poser-mousseur:99", "tc:nope:0", "tud:no-such"):
        await user.wait_for_answer(await user.press_data(forged, message_id=menu["message_id"]))
    assert user.last_message["text"] in {
        "This tutorial no longer exists.",
        "🛠 Tutorials\n\nChoose a subject, or search with your own words.",
    }
    async with running_bot.sessionmaker() as session:
        assert (await session.exec(select(ContentEvent))).all() == []


async def test_animator_sends_a_tutorial_to_a_household_they_follow(running_bot, emulator, library):
    nadia = await running_bot.member(9201, Role.animator, "Nadia", locale="fr")
    other = await running_bot.member(9202, Role.animator, "Omar", locale="fr")
    async with running_bot.sessionmaker() as session:
        followed = await households.create_household(
            session, reference="PAH-100", site="Encagnane", animator_id=nadia.id
        )
        not_mine = await households.create_household(
            session, reference="PAH-200", site="Encagnane", animator_id=other.id
        )
        await session.commit()
    tenant = await running_bot.member(9301, Role.tenant, "Amina", locale="ar")
    async with running_bot.sessionmaker() as session:
        from bot.models import Person

        person = await session.get(Person, tenant.id)
        person.household_id = followed.id
        await session.commit()

    user = emulator.user(9201, "Nadia", language_code="fr")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "📤 Send a tutorial or a tip"))
    [choice] = await user.wait_for_messages()
    assert button_texts(choice)[0].startswith("PAH-100") and not any("PAH-200" in b for b in button_texts(choice))
    await user.press(button_texts(choice)[0])
    await user.wait_for_messages()
    title = library.tutorial("purger-radiateur", "fr").short_title
    page = user.last_message
    while title not in button_texts(page):
        await user.press(tr("fr", "Next ▶️"))
        [page] = await user.wait_for_messages()
    await user.press(title)
    [sent] = await user.wait_for_messages()
    target = tr("fr", "household {reference}").format(reference="PAH-100")
    assert sent["text"] == tr("fr", "✅ Sent to {target}.").format(target=target)

    receiver = emulator.user(9301, "Amina", language_code="ar")
    [shared] = await receiver.wait_for_messages(timeout=10)  # through the outbox and the pump
    assert library.tutorial("purger-radiateur", "ar").title in shared["text"] and "Nadia" in shared["text"]
    await receiver.press(tr("ar", "📖 Open the tutorial"))
    [overview] = await receiver.wait_for_messages()
    assert overview["text"].startswith(library.tutorial("purger-radiateur", "ar").title)

    # Forged: the same animator, a household they do not follow.
    await user.press_data(f"shi:h:{not_mine.id}:tu:purger-radiateur", message_id=sent["message_id"])
    [refused] = await user.wait_for_messages()
    assert refused["text"] == tr("fr", "You cannot send this.")


async def test_a_tutorial_with_pictures_sends_them_before_the_overview(emulator, database_url, sessionmaker, clock):
    from pathlib import Path

    from bot.services.content import load_library
    from tests.e2e.conftest import start_bot

    fixture = load_library(Path(__file__).resolve().parents[1] / "fixtures" / "content" / "valid")
    sample = fixture.tutorial("sample", "en")
    assert sample.images
    async with start_bot(emulator, database_url, sessionmaker, clock, fixture) as running:
        await running.member(9501, Role.tenant, "Sam", locale="en")
        user = emulator.user(9501, "Sam", language_code="en")
        await user.send("/menu")
        [menu] = await user.wait_for_messages()
        await user.press_data(f"tu:{sample.id}:-1", message_id=menu["message_id"])
        messages = await user.wait_for_messages(len(sample.images) + 1)
        assert all("photo" in message for message in messages[:-1])
        assert messages[0].get("caption") == sample.images[0].caption
        assert messages[-1]["text"].startswith(sample.title)


async def test_staff_send_a_tip_to_the_participants_of_a_workshop(running_bot, emulator, library):
    from bot.models import Person, RsvpAnswer, WorkshopTheme
    from bot.services import people, rsvp, workshops

    await running_bot.member(9601, Role.animator, "Nadia", locale="en")
    now = running_bot.clock.now()
    tz = running_bot.settings.tz
    async with running_bot.sessionmaker() as session:
        [workshop] = await workshops.create(
            session,
            workshops.Draft(
                theme=WorkshopTheme.energy,
                title="Économies",
                starts_at=now + timedelta(days=3),
                place="Centre",
                capacity=5,
            ),
            created_by_id=None,
            now=now,
            tz=tz,
        )
        for telegram_id, answer in ((9611, RsvpAnswer.yes), (9612, RsvpAnswer.no)):
            household = await households.create_household(session, reference=f"W-{telegram_id}", site="Nord")
            tenant = Person(
                telegram_id=telegram_id, name=f"T{telegram_id}", role=Role.tenant, household_id=household.id
            )
            session.add(tenant)
            await session.flush()
            await people.give_consent(session, tenant, locale="fr", now=now)
            await rsvp.answer(session, workshop, tenant, answer, now=now, tz=tz)
        await session.commit()
    participant, absent = emulator.user(9611, "T"), emulator.user(9612, "T")
    staff = emulator.user(9601, "Nadia", language_code="en")
    await staff.send("/menu")
    await staff.wait_for_messages()
    await staff.press("🗓 Workshops")
    [listing] = await staff.wait_for_messages()
    await staff.press(next(b for b in button_texts(listing) if "Économies" in b))
    await staff.wait_for_messages()
    await staff.press("📤 Send them a tutorial or tip")
    await staff.wait_for_messages()
    await staff.press("💡 Send a tip instead")
    [tips] = await staff.wait_for_messages()
    await staff.press(button_texts(tips)[0])
    [sent] = await staff.wait_for_messages()
    assert sent["text"] == "✅ Sent to the participants of “Économies”."
    [tip] = await participant.wait_for_messages(timeout=10)
    assert tip["text"].startswith(tr("fr", "📤 {sender} sent you a tip:").format(sender="Nadia"))
    assert absent.messages == []  # said no
