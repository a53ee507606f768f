"""Hostile input end to end, on SQLite and PostgreSQL: a message to the animator made only of
invisible characters, and twenty wrong invitation codes sent at once by one account, and eight
tenants double-tapping "I'm coming"."""

from __future__ import annotations

import asyncio

from bot.models import CodeAttempt, RelayMessage, Role, Rsvp, RsvpAnswer, Workshop
from bot.services import invites, rsvp, workshop_invitations
from bot.services.workshop_invitations import InviteAudience, Target
from tests import factories
from tests.e2e.helpers import eventually, tr
from tests.factories import household as _household

INVISIBLE = ["\u200b\u200b\u200b", "\u200d\u2060\ufeff", "\u202e\u202d", " \u00a0\u3000\u200b", "\x01\x02\x7f"]


async def test_a_message_of_only_invisible_characters_is_refused_like_an_empty_one(running_bot, emulator):
    nadia = await running_bot.member(9201, Role.animator, "Nadia", locale="fr")
    await _household(running_bot, "PAH-920", animator=nadia, tenants=[(9202, "Amal", "fr")])
    animator = emulator.user(9201, "Nadia", language_code="fr")
    tenant = emulator.user(9202, "Amal", language_code="fr")
    await tenant.send("/menu")
    await tenant.wait_for_messages()
    await tenant.press(tr("fr", "✉️ Write to my animator"))
    await tenant.wait_for_messages()
    hint = tr("fr", "Please type your message, or send a photo or a voice note.")
    for text in INVISIBLE:
        await tenant.send(text)
        [answer] = await tenant.wait_for_messages()
        assert answer["text"].startswith(hint), repr(text)
    assert await factories.rows(running_bot, RelayMessage) == []
    await tenant.send("Le chauffe-eau\u200b ne chauffe plus")  # visible words with one inside: sent
    [sent] = await tenant.wait_for_messages()
    assert sent["text"].startswith(tr("fr", "✅ Sent to {name}, your animator.").format(name="Nadia"))
    [received] = await animator.wait_for_messages(timeout=10)
    assert "Le chauffe-eau" in received["text"]


async def test_twenty_wrong_codes_at_once_are_checked_at_most_five_times(running_bot, emulator, monkeypatch):
    checked = 0
    real_check = invites.check_code

    async def counting(session, code, now):  # type: ignore[no-untyped-def]
        nonlocal checked
        checked += 1
        return await real_check(session, code, now)

    monkeypatch.setattr(invites, "check_code", counting)
    stranger = emulator.user(9210, "Guess", language_code="fr")
    await asyncio.gather(*(stranger.send(f"/start WRONGCODE{n:03d}") for n in range(20)))
    await stranger.wait_for_messages(20, timeout=30)
    assert checked <= invites.MAX_FAILED_ATTEMPTS
    assert len(await factories.rows(running_bot, CodeAttempt)) == invites.MAX_FAILED_ATTEMPTS
    locked = tr("fr", "Too many wrong codes. For your safety, try again after {time}.").split("{")[0]
    assert sum(locked in m["text"] for m in stranger.messages) >= 20 - invites.MAX_FAILED_ATTEMPTS


async def test_eight_tenants_at_maybe_double_tapping_im_coming(running_bot, emulator):
    workshop = await factories.workshop(running_bot, capacity=5)
    tenants = [await factories.tenant(running_bot, 9300 + n) for n in range(8)]
    users = [emulator.user(t.telegram_id, t.name, language_code="fr") for t in tenants]
    now, tz = running_bot.clock.now(), running_bot.settings.tz
    async with running_bot.sessionmaker() as session:
        await workshop_invitations.invite(session, workshop, Target(InviteAudience.all), sender_id=None, now=now)
        for tenant in tenants:
            await rsvp.answer(session, workshop, tenant, RsvpAnswer.maybe, now=now, tz=tz)
        await session.commit()
    invitations = [(await user.wait_for_messages(timeout=15))[0] for user in users]
    coming = tr("fr", "✅ I'm coming")
    await asyncio.gather(
        *(user.press(coming, invitation) for user, invitation in zip(users, invitations, strict=True) for _ in range(2))
    )

    async def settled() -> bool:
        return not emulator.unanswered_callback_queries()

    await eventually(settled, timeout=15)
    async with running_bot.sessionmaker() as session:
        seats = (await session.get(Workshop, workshop.id)).seats_taken
        answers = [r.answer for r in await factories.rows(session, Rsvp)]
    assert seats == answers.count(RsvpAnswer.yes) == 5
    assert answers.count(RsvpAnswer.waiting) == 3
