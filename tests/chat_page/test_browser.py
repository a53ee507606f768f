"""The sandbox in a real browser: headless Chromium from Debian, driven by Playwright.

The story a newcomer follows: join as the invited tenant by clicking START, answer a
workshop, switch to the animator and see the answer counted, read Arabic right to
left, travel in time to get the reminder, send a photo, download a document. New flows
add their own story as another test using the helpers below (tap, see, write, be,
shot) and the `page` fixture, on the demo data of bot/sandbox/demo.py. Screenshots of each step go to
$ARA_TEST_ARTIFACTS/sandbox (default tests/artifacts/sandbox, ignored by git).

Chromium comes from Debian (`apt-get install chromium`; scripts/test.sh installs it);
Playwright's own browser download is never used, since it needs the internet.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox import make_png
from bot.sandbox.run import Sandbox
from tests.e2e.helpers import tr

CHROMIUM = os.environ.get("ARA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("ARA_TEST_ARTIFACTS", Path(__file__).parents[1] / "artifacts")) / "sandbox"
PHONE = {"width": 412, "height": 860}
TIMEOUT_MS = 15_000


def _unavailable(reason: str) -> None:
    # CI (scripts/test.sh sets ARA_REQUIRE_POSTGRES) installs Chromium: missing there is a failure.
    if os.environ.get("ARA_REQUIRE_POSTGRES"):
        pytest.fail(f"{reason}; CI must run the browser test (scripts/test.sh installs Chromium)")
    pytest.skip(f"{reason} (run scripts/test.sh, which installs it)")


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium and Playwright, checked before the sandbox starts."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium is not installed at {CHROMIUM}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return CHROMIUM


@pytest.fixture
async def page(chromium: str, sandbox: Sandbox) -> AsyncIterator[object]:
    from playwright.async_api import async_playwright, expect

    expect.set_options(timeout=TIMEOUT_MS)  # a loaded CI machine: the bot may take seconds to answer
    async with async_playwright() as playwright:
        # --no-sandbox: Chromium's own sandbox refuses to start as root, which CI is.
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        try:
            context = await browser.new_context(viewport=PHONE, device_scale_factor=1, locale="fr-FR")
            page = await context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            await page.goto(sandbox.page_url)
            yield page
        finally:
            await browser.close()


# --- what a person does in the page ----------------------------------------------------------


async def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


async def tap(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the newest inline button whose label is `text` (or starts with it)."""
    await page.locator(".inline-button", has_text=re.compile("^" + re.escape(text))).last.click()


async def see(page, text: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.async_api import expect

    await expect(page.locator(".message").filter(has_text=text).last).to_be_visible()


async def write(page, text: str) -> None:  # type: ignore[no-untyped-def]
    await page.fill("#text-input", text)
    await page.press("#text-input", "Enter")


async def be(page, key: str) -> None:  # type: ignore[no-untyped-def]
    """Switch the page to another demo person."""
    value = await page.locator(f"#person option[data-key='{key}']").get_attribute("value")
    await page.select_option("#person", value)


async def message_count(page) -> int:  # type: ignore[no-untyped-def]
    return await page.locator(".message").count()


# --- the story --------------------------------------------------------------------------------


async def test_join_answer_a_workshop_switch_sides_and_travel_in_time(page, sandbox):
    from playwright.async_api import expect

    # The invited tenant opens her invitation link: Telegram shows START.
    await expect(page.locator("#person")).to_have_value("7201")
    await expect(page.locator("#start-button")).to_be_visible()
    await shot(page, "01-invited")
    await page.click("#start-button")
    await tap(page, "Français")
    await tap(page, tr("fr", "✅ I agree"))
    await see(page, tr("fr", "Thank you! You are registered."))
    await expect(page.locator(".inline-button", has_text=tr("fr", "🗓 Workshops")).last).to_be_visible()
    await shot(page, "02-joined")

    # The command menu of her role and language, from setMyCommands.
    await page.click("#menu-button")
    await expect(page.locator(".command").first).to_contain_text("/menu")
    await expect(page.locator(".command").first).to_contain_text(tr("fr", "Main menu"))
    await shot(page, "03-command-menu")
    await page.click("#menu-button")

    # A workshop: the card is edited in place when she answers.
    await tap(page, tr("fr", "🗓 Workshops"))
    # (A list button shows the day and as much of the title as a phone shows, cut at a word.)
    await see(page, "Repeindre")
    await page.locator(".inline-button", has_text="Repeindre").first.click()
    await see(page, tr("fr", "You have not answered yet."))
    await expect(page.locator(".message b", has_text="Repeindre une porte").last).to_be_visible()  # <b> → bold
    before = await message_count(page)
    await tap(page, tr("fr", "✅ I'm coming"))
    await see(page, tr("fr", "✅ See you there! You will get a reminder two days before and on the morning."))
    assert await message_count(page) == before
    await expect(page.locator(".message .meta").last).to_contain_text("edited")
    await shot(page, "04-workshop-answered")

    # The animator's side: Amina (demo) and Léa (just now) are coming, Youssef may come.
    await be(page, "nadia")
    await write(page, "/menu")
    await tap(page, tr("fr", "🗓 Workshops"))
    await page.locator(".inline-button", has_text="Repeindre").first.click()
    counts = tr("fr", "✅ {yes} · 🤔 {maybe} · ❌ {no} · ⏳ {waiting} · no answer: {none}")
    await see(page, counts.format(yes=2, maybe=1, no=0, waiting=0, none=1))
    await shot(page, "05-animator-sees-the-answer")

    # Arabic reads right to left.
    await be(page, "youssef")
    invitation = page.locator(".message .text").filter(has_text=tr("ar", "📨 You are invited!")).last
    await expect(invitation).to_be_visible()
    assert await invitation.evaluate("element => getComputedStyle(element).direction") == "rtl"
    await shot(page, "06-arabic")

    # Time travel: five days later it is Sunday 10:00, two days before the workshop.
    await be(page, "visitor")
    await see(page, tr("fr", "✅ See you there! You will get a reminder two days before and on the morning."))
    before = await message_count(page)
    for _ in range(5):
        await page.click("#travel-day")
    await expect(page.locator("#clock")).to_have_text("Sun 29 Nov 2026, 10:00")
    await expect(page.locator(".message")).to_have_count(before + 1)
    await see(page, "Repeindre une porte")
    # Amina, who is coming too, got hers: the switcher says so (her invitation is unread too).
    await expect(page.locator("#person option[data-key='amina']")).to_contain_text("(🔔 2 new)")
    await shot(page, "07-reminder-after-time-travel")

    # What a person types is text, never markup.
    await write(page, "<b>pas du gras</b> <img src=x onerror=alert(1)>")
    typed = page.locator(".message.outgoing .text").last
    await expect(typed).to_have_text("<b>pas du gras</b> <img src=x onerror=alert(1)>")
    assert await typed.locator("b, img").count() == 0

    # A photo from the phone.
    picture = ARTIFACTS / "wall.png"
    picture.write_bytes(make_png(120, 90))
    await page.set_input_files("#photo-input", str(picture))
    await expect(page.locator(".message.outgoing img").last).to_be_visible()
    assert await page.locator(".message.outgoing img").last.evaluate("image => image.naturalWidth") == 120
    await shot(page, "08-photo-sent")

    # A document to download: Amina asks for her data.
    await be(page, "amina")
    await write(page, "/mes_donnees")
    document = page.locator(".message .document").last
    await expect(document).to_be_visible()
    async with page.expect_download() as download_info:
        await document.click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".json")
    assert '"Amina"' in Path(await download.path()).read_text(encoding="utf-8")
    await shot(page, "09-document")

    # A /command in the bot's text is tappable, as in Telegram's apps.
    before = await message_count(page)
    await page.locator(".message .command-link", has_text="/supprimer").last.click()
    await expect(page.locator(".message.outgoing .text").last).to_have_text("/supprimer")
    await expect(page.locator(".message")).to_have_count(before + 2)


async def test_book_a_visit_as_a_tenant_and_the_animator_is_told(page, sandbox):
    from playwright.async_api import expect

    await page.click("#start-button")
    await tap(page, "Français")
    await tap(page, tr("fr", "✅ I agree"))
    await see(page, tr("fr", "Thank you! You are registered."))

    # Léa's household is at the first-meeting phase: that is the visit proposed.
    await tap(page, tr("fr", "📅 Book a home visit"))
    await see(page, tr("fr", "🤝 First meeting (with the social referent)"))
    await shot(page, "10-visit-days")
    await page.locator(".message").last.locator(".inline-button").first.click()  # the first day with a free time
    await see(page, tr("fr", "<b>{day}</b>\n\nWhat time?").split("\n")[-1])
    await page.locator(".message").last.locator(".inline-button").first.click()  # its first time
    await see(page, tr("fr", "<b>Please check:</b>").removeprefix("<b>").removesuffix("</b>"))
    await tap(page, tr("fr", "✅ Confirm"))
    await see(page, tr("fr", "✅ Your visit is booked!"))
    await shot(page, "11-visit-booked")

    # The animator's side: Nadia is told at once, and the visit is in her day's list.
    await be(page, "nadia")
    head = tr("fr", "📅 New visit booked by household {reference}:").format(reference="PAH-DEMO-05")
    await see(page, head)
    await expect(page.locator("#person option[data-key='nadia']")).not_to_contain_text("🔔")
    await shot(page, "12-animator-told")
    await tap(page, tr("fr", "📋 Open the visit"))
    await see(page, tr("fr", "Booked"))  # the visit's card, with its status
    await shot(page, "13-animator-opens-the-visit")


async def test_the_coordinator_reads_the_demo_replies_as_a_chart(page, sandbox):
    from playwright.async_api import expect

    await be(page, "claire")
    await write(page, "/menu")
    await tap(page, tr("fr", "📊 Replies"))
    await tap(page, "Votre avis sur la visite")
    chart = page.locator(".message img").last
    await expect(chart).to_be_visible()
    await page.wait_for_function(
        "() => { const i = [...document.querySelectorAll('.message img')].pop(); return i && i.complete && i.naturalWidth > 0; }"
    )
    await shot(page, "14-coordinator-chart")
    width = await chart.evaluate("image => image.naturalWidth")
    assert width >= 600  # sharp on a phone's screen
    # The caption counts the three demo replies (Amina, Youssef, Sarah): all sent, all answered.
    await expect(page.locator(".message").last).to_contain_text("100")


async def test_the_tenant_walks_the_works_journal_to_before_and_after(page, sandbox):
    """Amina's worksite (demo): her signed contract, her journal's session, and the bedroom's
    photos before and after side by side in one picture."""
    from playwright.async_api import expect

    await be(page, "amina")
    await write(page, "/menu")
    await tap(page, tr("fr", "🧱 My worksite"))
    await see(page, tr("fr", "Participation contract"))
    await see(page, tr("fr", "Accepted on {when} by {name}.").split("{when}")[0].strip())
    await shot(page, "15-tenant-contract")
    await tap(page, tr("fr", "📔 My works journal"))
    await see(page, tr("fr", "Hours of works: {hours}").format(hours="4"))
    await shot(page, "16-tenant-journal")
    await tap(page, "🖼 Chambre")
    picture = page.locator(".message img").last
    await expect(picture).to_be_visible()
    await page.wait_for_function(
        "() => { const i = [...document.querySelectorAll('.message img')].pop(); return i && i.complete && i.naturalWidth > 0; }"
    )
    width, height = await picture.evaluate("image => [image.naturalWidth, image.naturalHeight]")
    assert width > 1.8 * height  # two photos side by side
    await see(page, tr("fr", "Before (left) and after (right): {item}").split(":")[0])
    await shot(page, "17-before-and-after")
