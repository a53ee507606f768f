"""/supprimer for a tenant who used everything, on SQLite and PostgreSQL: visits with a note
and a photo (copied into the animator's morning digest), a visit cancelled with a reason (copied
into the animator's notice), a message to the animator, a flagged questionnaire answer with a
written comment (copied into the team's alert), workshop
invitations and answers (a seat held, a place at the head of a waiting list, a past workshop
attended). Afterwards every column of every table is dumped: none of their identifiers or words
is left, the seat they held went to the next person waiting, and their waiting place to nobody."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot.models import RelayKind, Role, Rsvp, RsvpAnswer, VisitKind, Workshop
from bot.services import questionnaires, relay, rsvp, workshops
from bot.services.content import default_content_root, load_library
from bot.services.visits import booking, reminders, slots
from tests import factories
from tests.dbdump import dump, mentions
from tests.e2e.helpers import eventually, tr
from tests.factories import household as _household

NAME = "Zélie-Quintessa"
TELEGRAM_ID = 777123456
NOTE = "la fuite sous l'évier de Zélie"
PHOTO_ID = "AgACAgQAAxkBAAIZZphotoOfZelie"
REASON = "mon fils Yanis est malade"
RELAYED = "Zélie demande un rendez-vous urgent"
OPINION = "la visite m'a redonné confiance"


async def _draft_workshop(session, title: str, starts_in: timedelta, now, tz) -> Workshop:  # type: ignore[no-untyped-def]
    [created] = await workshops.create(
        session,
        factories.draft(title=title, capacity=1, starts_at=now + starts_in),
        created_by_id=None,
        now=now - timedelta(days=30) if starts_in < timedelta(0) else now,
        tz=tz,
    )
    return created


async def test_erasing_a_tenant_who_used_everything_leaves_nothing_and_frees_the_seats(running_bot, emulator):
    now, tz = running_bot.clock.now(), running_bot.settings.tz
    nadia = await running_bot.member(8801, Role.animator, "Nadia", locale="fr")
    household = await _household(
        running_bot, "PAH-880", animator=nadia, tenants=[(TELEGRAM_ID, NAME, "fr"), (8802, "Karim", "fr")]
    )
    lina = await factories.tenant(running_bot, 8803, name="Lina")
    holder = await factories.tenant(running_bot, 8804, name="Sami")
    zelie, karim = await running_bot.person(TELEGRAM_ID), await running_bot.person(8802)
    emulator.user(8801, "Nadia", language_code="fr")
    await factories.open_times(running_bot, nadia, (date(2026, 11, 24), date(2026, 11, 26)), time(11), time(14))
    library = load_library(default_content_root())
    async with running_bot.sessionmaker() as session:
        free = await slots.free_slots(session, nadia.id, now=now)
        today, thursday = free[0], free[-1]
        visit = await booking.book(session, household, today.id, kind=VisitKind.works, booked_by=zelie, now=now, tz=tz)
        await booking.add_tenant_note(session, visit, note=NOTE, photo_file_id=PHOTO_ID)
        await reminders.queue_digests(session, now=now, tz=tz)  # the digest copies the note
        other = await booking.book(
            session, household, thursday.id, kind=VisitKind.preparation, booked_by=zelie, now=now, tz=tz
        )
        await booking.cancel(session, other, cancelled_by=zelie, reason=REASON, now=now, tz=tz)
        await relay.send_to_team(
            session, tenant=zelie, content=relay.Content(RelayKind.text, RELAYED), emergency=False, now=now
        )
        assignment = await questionnaires.assign(
            session,
            questionnaire_id="after_visit",
            person_id=zelie.id,
            household_id=household.id,
            trigger_key="erasure:after_visit",
            due_at=now + timedelta(days=1),
            now=now,
        )
        questionnaire = library.questionnaires.get("after_visit", "fr")
        # The lowest score flags the answer: the team's alert copies the comment written next.
        await questionnaires.save(session, assignment, questionnaire, 0, value="1", now=now)
        await questionnaires.save(session, assignment, questionnaire, 2, text=OPINION, now=now)
        # A seat she holds, Karim waiting behind her; a waiting list she heads, behind Sami's seat.
        held = await _draft_workshop(session, "Peinture", timedelta(days=7), now, tz)
        await rsvp.answer(session, held, zelie, RsvpAnswer.yes, now=now, tz=tz)
        await rsvp.answer(session, held, karim, RsvpAnswer.yes, now=now + timedelta(seconds=1), tz=tz)
        queue = await _draft_workshop(session, "Enduit", timedelta(days=8), now, tz)
        await rsvp.answer(session, queue, holder, RsvpAnswer.yes, now=now, tz=tz)
        await rsvp.answer(session, queue, zelie, RsvpAnswer.yes, now=now + timedelta(seconds=1), tz=tz)
        await rsvp.answer(session, queue, lina, RsvpAnswer.yes, now=now + timedelta(seconds=2), tz=tz)
        from bot.models import WorkshopInvitation

        for workshop in (held, queue):
            session.add(WorkshopInvitation(workshop_id=workshop.id, person_id=zelie.id, invited_at=now))
        await session.commit()

    before = await dump(running_bot.sessionmaker)
    for trace in (NAME, str(TELEGRAM_ID), NOTE, REASON, RELAYED, OPINION, PHOTO_ID):
        assert mentions(before, trace), trace
    for copied in (NOTE, REASON, OPINION):  # the digest's, the notice's and the team's alert's copies
        assert [m for m in mentions(before, copied) if m.startswith("outbox")], copied
    user = emulator.user(TELEGRAM_ID, NAME, language_code="fr")
    await user.send("/supprimer")
    [warning] = await user.wait_for_messages()
    await user.press(tr("fr", "🗑 Yes, delete everything"), warning)

    async def erased() -> bool:
        return await running_bot.person(TELEGRAM_ID) is None

    await eventually(erased)
    assert tr("fr", "Done. Everything about you has been deleted. Goodbye, and good luck!") in str(user.messages)

    after = await dump(running_bot.sessionmaker)
    for trace in (NAME, str(TELEGRAM_ID), NOTE, "Yanis", REASON, RELAYED, OPINION, PHOTO_ID):
        assert mentions(after, trace) == [], trace
    async with running_bot.sessionmaker() as session:
        assert (await rsvp.get(session, held.id, karim.id)).answer is RsvpAnswer.yes  # her seat went to Karim
        assert (await session.get(Workshop, held.id)).seats_taken == 1
        result = await rsvp.answer(
            session, await session.get(Workshop, queue.id), holder, RsvpAnswer.no, now=now, tz=tz
        )
        await session.commit()
        assert result.promoted_person_id == lina.id  # her place at the head of the list went to nobody
        rows = (await session.exec(Rsvp.__table__.select().where(Rsvp.__table__.c.person_id.is_(None)))).all()
        assert rows == []  # no answer of hers left on upcoming workshops


async def test_my_data_has_the_workshop_invitations_and_answers(running_bot, emulator):
    import json

    from bot.models import WorkshopInvitation

    now, tz = running_bot.clock.now(), running_bot.settings.tz
    tenant = await factories.tenant(running_bot, 8901, name="Amal", locale="fr")
    async with running_bot.sessionmaker() as session:
        past = await _draft_workshop(session, "Carrelage", -timedelta(days=3), now, tz)
        full = await _draft_workshop(session, "Peinture", timedelta(days=7), now, tz)
        holder = await factories.tenant(session, 8902)
        await rsvp.answer(session, full, holder, RsvpAnswer.yes, now=now, tz=tz)
        await rsvp.answer(session, full, tenant, RsvpAnswer.yes, now=now, tz=tz)  # waiting
        session.add(
            Rsvp(workshop_id=past.id, person_id=tenant.id, answer=RsvpAnswer.yes, answered_at=now, attended=True)
        )
        session.add(WorkshopInvitation(workshop_id=full.id, person_id=tenant.id, invited_at=now))
        await session.commit()
    user = emulator.user(8901, "Amal", language_code="fr")
    await user.send("/mes_donnees")
    document, text = await user.wait_for_messages(2)
    exported = json.loads(emulator.files[document["document"]["file_id"]])
    answers = {a["workshop"]["title"]: a for a in exported["workshop_answers"]}
    assert answers["Peinture"]["answer"] == "waiting" and answers["Peinture"]["waiting_since"]
    assert answers["Carrelage"]["attended"] is True
    assert [i["workshop"]["title"] for i in exported["workshop_invitations"]] == ["Peinture"]
    assert (
        tr("fr", "Workshops: invited to {invited}, answered {answered}").format(invited=1, answered=2) in text["text"]
    )
