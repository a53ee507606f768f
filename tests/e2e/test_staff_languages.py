"""What staff type reaches each tenant in their language: a message to tenants and a workshop's
title and description may have versions in other languages; each tenant gets theirs, the French
one otherwise, and the preview says who gets which."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.models import Role, WorkshopText
from tests.e2e.conftest import start_bot
from tests.e2e.helpers import button_texts, tr
from tests.factories import tenant as _tenant


@pytest.fixture
async def busy_bot(emulator, database_url, sessionmaker, clock, library):  # type: ignore[no-untyped-def]
    """A whole workshop typed in one go is more updates than the flood guard lets through in 10 s."""
    async with start_bot(emulator, database_url, sessionmaker, clock, library, flood_max_updates=200) as running:
        yield running


FRENCH = "Le centre social est fermé mardi."
ARABIC = "المركز الاجتماعي مغلق يوم الثلاثاء."


async def _progress_done(user):  # type: ignore[no-untyped-def]
    for _ in range(20):
        [edited] = await user.wait_for_messages(timeout=10)
        if edited["text"].startswith("✅ Delivered."):
            return edited
    raise AssertionError("the progress message never said it was done")


async def test_message_to_tenants_with_an_arabic_version(running_bot, emulator):
    await running_bot.member(8401, Role.coordinator, "Claire", locale="en")
    locales = {8411: "fr", 8412: "fr", 8413: "ar", 8414: "en"}
    for telegram_id, locale in locales.items():
        await _tenant(running_bot, telegram_id, locale=locale)
    tenants = {telegram_id: emulator.user(telegram_id, f"T{telegram_id}") for telegram_id in locales}

    user = emulator.user(8401, "Claire", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("📣 Message to tenants")
    await user.wait_for_messages()
    await user.press("👥 All tenants")
    await user.wait_for_messages()
    await user.send(FRENCH)
    [preview] = await user.wait_for_messages()
    assert (
        "🌐 Languages: 2 in French, 1 in Arabic (French version: no Arabic one), "
        "1 in English (French version: no English one)" in preview["text"]
    )
    assert button_texts(preview) == ["📣 Send", "➕ Arabic version", "➕ English version", "✖️ Cancel"]

    await user.press("➕ Arabic version")
    [ask] = await user.wait_for_messages()
    assert ask["text"].startswith("Arabic version: type the message.")
    await user.send(ARABIC)
    [again] = await user.wait_for_messages()
    assert "2 in French, 1 in Arabic, 1 in English (French version: no English one)" in again["text"]
    assert "🌐 Arabic version:\n" + ARABIC in again["text"]
    assert button_texts(again) == ["📣 Send", "✏️ Arabic version", "➕ English version", "✖️ Cancel"]
    await user.press("📣 Send")
    await user.wait_for_messages()
    done = await _progress_done(user)
    assert button_texts(done) == ["⬅️ Main menu"]  # the last progress message has its way back

    assert tenants[8411].messages[0]["text"] == tr("fr", "📣 Message from your programme team:") + "\n\n" + FRENCH
    assert tenants[8413].messages[0]["text"] == tr("ar", "📣 Message from your programme team:") + "\n\n" + ARABIC
    assert tenants[8414].messages[0]["text"] == tr("en", "📣 Message from your programme team:") + "\n\n" + FRENCH


async def test_workshop_created_with_an_arabic_title_reaches_arabic_readers_in_arabic(busy_bot, emulator):
    running_bot = busy_bot
    await running_bot.member(8402, Role.animator, "Nadia", locale="en")
    await _tenant(running_bot, 8421, locale="fr")
    await _tenant(running_bot, 8422, locale="ar")
    french, arabic = emulator.user(8421, "T"), emulator.user(8422, "T")
    user = emulator.user(8402, "Nadia", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("🗓 Workshops")
    await user.wait_for_messages()
    await user.press("➕ New workshop")
    await user.wait_for_messages()
    await user.press("🔨 DIY workshop")
    await user.wait_for_messages()
    await user.send("Repeindre une porte")
    await user.wait_for_messages()
    await user.send("On apprend à poncer et à peindre.")
    await user.wait_for_messages()
    await user.press("▶️")
    [december] = await user.wait_for_messages()
    await user.press("1", message=december)
    await user.wait_for_messages()
    await user.press("14h")
    await user.wait_for_messages()
    await user.press("14:00")
    await user.wait_for_messages()
    await user.send("Centre social, 4 rue des Lilas")
    await user.wait_for_messages()
    await user.press("⏭ Skip")
    await user.wait_for_messages()
    await user.press("10")
    await user.wait_for_messages()
    await user.press("⏭ Skip")
    await user.wait_for_messages()
    await user.press("Yes")
    await user.wait_for_messages()
    await user.press("Once")
    [check] = await user.wait_for_messages()
    assert button_texts(check) == ["✅ Create", "➕ Arabic version", "➕ English version", "✖️ Cancel"]
    await user.press("➕ Arabic version")
    [ask_title] = await user.wait_for_messages()
    assert ask_title["text"] == "Arabic version: type the title."
    await user.send("طلاء باب")
    [ask_description] = await user.wait_for_messages()
    assert ask_description["text"] == "Arabic version: type the description (or Skip)."
    await user.send("نتعلم الصنفرة والطلاء.")
    [check_again] = await user.wait_for_messages()
    assert "🌐 Arabic version:\nطلاء باب\nنتعلم الصنفرة والطلاء." in check_again["text"]
    await user.press("✅ Create")
    await user.wait_for_messages()
    async with running_bot.sessionmaker() as session:
        [version] = (await session.exec(select(WorkshopText))).all()
    assert (version.locale, version.title, version.description) == ("ar", "طلاء باب", "نتعلم الصنفرة والطلاء.")

    await user.press("📨 Invite")
    await user.wait_for_messages()
    await user.press("👥 All tenants")
    [preview] = await user.wait_for_messages()
    assert "🌐 Languages: 1 in French, 1 in Arabic" in preview["text"]
    assert "(French version" not in preview["text"]
    await user.press("📨 Send")
    await user.wait_for_messages(2)
    [in_french] = await french.wait_for_messages(timeout=10)
    [in_arabic] = await arabic.wait_for_messages(timeout=10)
    assert "Repeindre une porte" in in_french["text"] and "On apprend à poncer et à peindre." in in_french["text"]
    assert "طلاء باب" in in_arabic["text"] and "نتعلم الصنفرة والطلاء." in in_arabic["text"]
    assert "Repeindre" not in in_arabic["text"]

    await arabic.send("/menu")
    await arabic.wait_for_messages()
    await arabic.press(tr("ar", "🗓 Workshops"))
    [listing] = await arabic.wait_for_messages()
    assert any("طلاء باب" in label for label in button_texts(listing))
