"""The team's photos and voice notes on a tutorial's step (issue 16, item 10): an animator adds
them from the chat, a coordinator approves or rejects, the animator is told, and tenants see the
approved photo with the step and hear the approved voice note in their language — never one
still waiting; an approved one is withdrawn by a coordinator or by its author, at once."""

from __future__ import annotations

from sqlmodel import select

from bot.i18n import LANGUAGE_NAMES
from bot.models import AuditLog, ContributionKind, ContributionStatus, Person, Role, StepContribution
from bot.sandbox import demo, make_png
from handlers.content.callbacks import WithdrawAction, WithdrawCallback
from tests.e2e.helpers import button_texts, tr

TUTORIAL = "poser-mousseur"
STEP = 2  # no diagram of its own: the team's photo becomes the step's picture


async def _open_step(user, step: int = STEP) -> dict:  # type: ignore[no-untyped-def]
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    await user.press_data(f"tu:{TUTORIAL}:{step - 1}", message_id=menu["message_id"])
    [shown] = await user.wait_for_messages()
    if shown["message_id"] == menu["message_id"] and "photo" not in shown and not button_texts(shown):
        [shown] = await user.wait_for_messages()  # the menu gave its buttons up; the step is a photo below
    return shown


async def _add(user, what: str, locale: str) -> None:  # type: ignore[no-untyped-def]
    await user.press(tr(locale, "➕ Add a photo or a voice note"))
    await user.wait_for_messages()
    await user.press(what)
    await user.wait_for_messages()


async def _contributions(running_bot) -> list[StepContribution]:  # type: ignore[no-untyped-def]
    async with running_bot.sessionmaker() as session:
        return list((await session.exec(select(StepContribution).order_by(StepContribution.id))).all())


async def test_an_approved_photo_and_voice_note_reach_tenants_and_a_pending_one_does_not(
    running_bot, emulator, library
):
    await running_bot.member(9701, Role.coordinator, "Claire", locale="fr")
    await running_bot.member(9702, Role.animator, "Nadia", locale="fr")
    await running_bot.member(9703, Role.tenant, "Amina", locale="fr")
    await running_bot.member(9704, Role.tenant, "Youssef", locale="ar")
    claire = emulator.user(9701, "Claire", language_code="fr")
    nadia = emulator.user(9702, "Nadia", language_code="fr")
    amina = emulator.user(9703, "Amina", language_code="fr")
    youssef = emulator.user(9704, "Youssef", language_code="ar")
    tutorial = library.tutorial(TUTORIAL, "fr")

    # Nadia records a voice note in French, then sends a photo, from the step itself.
    step = await _open_step(nadia)
    assert tr("fr", "🔊 Listen") not in button_texts(step)
    await _add(nadia, tr("fr", "🎙 A voice note in {language}").format(language=LANGUAGE_NAMES["fr"]), "fr")
    voice = await nadia.send_voice(duration=9)
    [thanks] = await nadia.wait_for_messages()
    assert thanks["text"] == tr(
        "fr", "✅ Thank you! Your voice note waits for a coordinator's approval; you will be told."
    )
    await nadia.press(tr("fr", "⬅️ Back to the step"))
    await nadia.wait_for_messages()
    await _add(nadia, tr("fr", "📷 A photo"), "fr")
    photo = await nadia.send_photo()
    [thanks] = await nadia.wait_for_messages()
    assert thanks["text"].startswith("✅")
    stored = await _contributions(running_bot)
    assert [(c.kind.value, c.locale, c.step, c.status) for c in stored] == [
        ("voice", "fr", STEP, ContributionStatus.pending),
        ("photo", None, STEP, ContributionStatus.pending),
    ]
    assert stored[0].file_id == voice["voice"]["file_id"] and stored[1].file_id == photo["photo"][-1]["file_id"]

    # Not approved yet: a tenant sees the plain step, with nothing to listen to.
    step = await _open_step(amina)
    assert "photo" not in step and tutorial.steps[STEP - 1].title in step["text"]
    assert tr("fr", "🔊 Listen") not in button_texts(step)
    assert tr("fr", "➕ Add a photo or a voice note") not in button_texts(step)  # the team only

    # Claire is told twice (through the outbox), opens the list and approves both.
    told = await claire.wait_for_messages(2, timeout=10)
    where = tr("fr", "“{title}”, step {number}").format(title=tutorial.short_title, number=STEP)
    assert told[0]["text"] == tr("fr", "📥 A new {kind} for {where} waits for your review.").format(
        kind=tr("fr", "🎙 voice note"), where=where
    )
    await claire.press(tr("fr", "👀 Review"), told[0])
    [waiting] = await claire.wait_for_messages()
    assert len([b for b in button_texts(waiting) if "Nadia" in b]) == 2
    await claire.press(button_texts(waiting)[0], waiting)  # the oldest: the voice note
    [heard] = await claire.wait_for_messages()
    assert heard["voice"]["file_id"] == voice["voice"]["file_id"] and "Nadia" in heard["caption"]
    await claire.press(tr("fr", "✅ Approve"))
    [decided] = await claire.wait_for_messages()
    assert decided["caption"] == tr("fr", "✅ Approved: tenants now see it on the step.")
    await claire.press(tr("fr", "📝 Next to review"))
    [waiting] = await claire.wait_for_messages()
    await claire.press(button_texts(waiting)[0], waiting)
    [seen] = await claire.wait_for_messages()
    assert "photo" in seen
    await claire.press(tr("fr", "✅ Approve"))
    await claire.wait_for_messages()
    [approved, _] = await nadia.wait_for_messages(2, timeout=10)
    assert approved["text"] == tr(
        "fr", "✅ Your {kind} for {where} was approved: tenants now see it on the step."
    ).format(kind=tr("fr", "🎙 voice note"), where=where)

    # Now the tenant gets the step as the team's photo, its text as the caption, and "🔊 Listen".
    step = await _open_step(amina)
    assert step["photo"][-1]["file_id"] == photo["photo"][-1]["file_id"]
    header = tr("fr", "Step {number}/{total}").format(number=STEP, total=len(tutorial.steps))
    assert step["caption"].startswith(header) and tutorial.steps[STEP - 1].title in step["caption"]
    await amina.press(tr("fr", "🔊 Listen"))
    [listened] = await amina.wait_for_messages()
    assert listened["voice"]["file_id"] == voice["voice"]["file_id"]
    # Previous / Next still work from the photo: step 1 (its own diagram) edits the photo in place.
    await amina.press(tr("fr", "◀️ Previous"), step)
    [previous] = await amina.wait_for_messages()
    assert previous["message_id"] == step["message_id"]
    assert previous["caption"].startswith(tr("fr", "Step {number}/{total}").format(number=1, total=len(tutorial.steps)))
    # Back to the card, a text: a new message below, the photo keeps its picture and loses its buttons.
    await amina.press(tr("fr", "◀️ Previous"), previous)
    retired, card = await amina.wait_for_messages(2)
    assert retired["message_id"] == step["message_id"] and retired.get("reply_markup") is None
    assert tutorial.before_you_start.who_pays.replace("**", "") in card["text"]

    # An Arabic reader sees the photo but has no French voice note to listen to.
    step = await _open_step(youssef)
    assert "photo" in step and tr("ar", "🔊 Listen") not in button_texts(step)


async def test_a_rejected_photo_is_deleted_and_its_author_told(running_bot, emulator, library):
    await running_bot.member(9711, Role.coordinator, "Claire", locale="fr")
    await running_bot.member(9712, Role.animator, "Nadia", locale="ar")
    claire = emulator.user(9711, "Claire", language_code="fr")
    nadia = emulator.user(9712, "Nadia", language_code="ar")
    await _open_step(nadia)
    await _add(nadia, tr("ar", "📷 A photo"), "ar")
    await nadia.send_photo()
    await nadia.wait_for_messages()
    [told] = await claire.wait_for_messages(timeout=10)
    await claire.press(tr("fr", "👀 Review"), told)
    [waiting] = await claire.wait_for_messages()
    await claire.press(button_texts(waiting)[0], waiting)
    await claire.wait_for_messages()
    [pending] = await _contributions(running_bot)
    await claire.press(tr("fr", "🗑 Reject"))
    [decided] = await claire.wait_for_messages()
    assert decided["caption"] == tr("fr", "🗑 Not kept: it was deleted.")
    assert await _contributions(running_bot) == []
    [not_kept] = await nadia.wait_for_messages(timeout=10)
    where = tr("ar", "“{title}”, step {number}").format(title=library.tutorial(TUTORIAL, "ar").short_title, number=STEP)
    assert not_kept["text"] == tr("ar", "Your {kind} for {where} was not kept. Thank you all the same!").format(
        kind=tr("ar", "📷 photo"), where=where
    )
    # The same button again: already decided, nothing changes.
    answer = await claire.wait_for_answer(await claire.press_data(f"rv:{pending.id}:r", decided["message_id"]))
    assert answer["text"] == tr("fr", "This was already reviewed, or it is gone.")
    assert await _contributions(running_bot) == []


async def test_a_tenant_cannot_add_or_approve(running_bot, emulator):
    await running_bot.member(9721, Role.tenant, "Amina", locale="fr")
    amina = emulator.user(9721, "Amina", language_code="fr")
    step = await _open_step(amina)
    for forged in (f"tuc:{TUTORIAL}:1:p", "rvl:0", "rv:1:a"):
        await amina.wait_for_answer(await amina.press_data(forged, message_id=step["message_id"]))
    await amina.send_photo()
    await amina.wait_for_messages()
    assert await _contributions(running_bot) == []


# --- withdrawing an approved one (a face on the photo, a wrong voice note) ---


async def _approved(running_bot, emulator, author: Person, kind: ContributionKind, data: bytes, locale=None) -> int:  # type: ignore[no-untyped-def]
    stored = emulator.files.add(data, kind=kind.value, mime_type="image/png" if locale is None else "audio/ogg")
    async with running_bot.sessionmaker() as session:
        row = StepContribution(
            tutorial_id=TUTORIAL,
            step=STEP,
            kind=kind,
            locale=locale,
            file_id=stored.file_id,
            author_id=author.id,
            status=ContributionStatus.approved,
            reviewed_at=running_bot.clock.now(),
            created_at=running_bot.clock.now(),
        )
        session.add(row)
        await session.commit()
        return row.id


async def _withdrawals(running_bot) -> list[tuple[int | None, int | None, str | None]]:  # type: ignore[no-untyped-def]
    async with running_bot.sessionmaker() as session:
        rows = await session.exec(
            select(AuditLog).where(AuditLog.action == "contribution.withdraw").order_by(AuditLog.id)
        )
        return [(r.actor_id, r.target_id, r.details) for r in rows.all()]


async def test_an_approved_photo_or_voice_note_is_withdrawn_and_tenants_stop_seeing_it_at_once(
    running_bot, emulator, library
):
    claire_p = await running_bot.member(9721, Role.coordinator, "Claire", locale="fr")
    nadia_p = await running_bot.member(9722, Role.animator, "Nadia", locale="fr")
    karim_p = await running_bot.member(9723, Role.animator, "Karim", locale="fr")
    await running_bot.member(9724, Role.tenant, "Amina", locale="fr")
    claire = emulator.user(9721, "Claire", language_code="fr")
    nadia = emulator.user(9722, "Nadia", language_code="fr")
    karim = emulator.user(9723, "Karim", language_code="fr")
    amina = emulator.user(9724, "Amina", language_code="fr")
    face = await _approved(running_bot, emulator, nadia_p, ContributionKind.photo, make_png(30, 20))
    voice = await _approved(running_bot, emulator, nadia_p, ContributionKind.voice, demo.demo_voice("fr"), "fr")
    bucket = await _approved(running_bot, emulator, karim_p, ContributionKind.photo, make_png(40, 30))
    remove = tr("fr", "🗑 Remove a photo or voice")
    gone = tr("fr", "🗑 Removed: tenants no longer see it on the step.")

    # A tenant sees Nadia's photo (the oldest) and can listen; nothing to remove.
    step = await _open_step(amina)
    photo_of = {c.id: c.file_id for c in await _contributions(running_bot)}
    assert step["photo"][-1]["file_id"] == photo_of[face] and tr("fr", "🔊 Listen") in button_texts(step)
    assert remove not in button_texts(step)

    # Karim may remove only his own photo; a forged press on Nadia's voice note changes nothing.
    step = await _open_step(karim)
    await karim.press(remove, step)
    [listing] = await karim.wait_for_messages()
    assert [b for b in button_texts(listing) if "Karim" in b or "Nadia" in b] == [f"{tr('fr', '📷 photo')} · Karim"]
    query = await karim.press_data(
        WithdrawCallback(id=TUTORIAL, step=STEP - 1, action=WithdrawAction.remove, contribution=voice).pack()
    )
    answer = await karim.wait_for_answer(query)
    assert (
        answer["text"] == tr("fr", "This is no longer on the step, or you may not remove it.") and answer["show_alert"]
    )
    assert {c.id for c in await _contributions(running_bot)} == {face, voice, bucket}

    # Nadia withdraws her own voice note: she hears it first, then removes it.
    step = await _open_step(nadia)
    await nadia.press(remove, step)
    [listing] = await nadia.wait_for_messages()
    mine = [b for b in button_texts(listing) if "Nadia" in b]
    assert mine == [
        f"{tr('fr', '📷 photo')} · Nadia",
        f"{tr('fr', '🎙 voice note')} · {LANGUAGE_NAMES['fr']} · Nadia",
    ]
    await nadia.press(mine[1], listing)
    [heard] = await nadia.wait_for_messages()
    assert heard["voice"]["file_id"] and heard["voice"]["duration"] > 0  # the recording itself
    await nadia.press(tr("fr", "🗑 Remove from the step"), heard)
    [removed] = await nadia.wait_for_messages()
    assert removed["message_id"] == heard["message_id"] and removed["caption"] == gone
    assert {c.id for c in await _contributions(running_bot)} == {face, bucket}
    step = await _open_step(amina)  # at once: no more voice note to listen to
    assert tr("fr", "🔊 Listen") not in button_texts(step)

    # Claire withdraws Nadia's photo (it shows a face): Nadia is told, the tenant sees Karim's.
    step = await _open_step(claire)
    await claire.press(remove, step)
    [listing] = await claire.wait_for_messages()
    await claire.press(f"{tr('fr', '📷 photo')} · Nadia", listing)
    [seen] = await claire.wait_for_messages()
    assert seen["photo"][-1]["file_id"] == photo_of[face]
    await claire.press(tr("fr", "🗑 Remove from the step"), seen)
    [removed] = await claire.wait_for_messages()
    assert removed["caption"] == gone
    [told] = await nadia.wait_for_messages(timeout=10)
    where = tr("fr", "“{title}”, step {number}").format(title=library.tutorial(TUTORIAL, "fr").short_title, number=STEP)
    assert told["text"] == tr("fr", "🗑 Your {kind} for {where} was taken off the step by the programme team.").format(
        kind=tr("fr", "📷 photo"), where=where
    )
    step = await _open_step(amina)
    assert step["photo"][-1]["file_id"] == photo_of[bucket]
    # Pressing Remove again on the old message: already gone, said so, nothing else changes.
    query = await claire.press_data(
        WithdrawCallback(id=TUTORIAL, step=STEP - 1, action=WithdrawAction.remove, contribution=face).pack()
    )
    assert (await claire.wait_for_answer(query))["show_alert"]
    assert {c.id for c in await _contributions(running_bot)} == {bucket}
    assert await _withdrawals(running_bot) == [
        (nadia_p.id, voice, f"{TUTORIAL}:{STEP}:voice"),
        (claire_p.id, face, f"{TUTORIAL}:{STEP}:photo"),
    ]
