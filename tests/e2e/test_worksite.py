"""The worksite end to end (issue 17, items 1 to 3 and 7): an animator drafts the participation
contract from the household's card, the household reads it in Arabic and accepts it, a change
makes a new version to accept again; the contract's PDF is read back in French and in Arabic;
the materials follow the measured m²; a works session is recorded with photos from the animator
and from the tenant (kept by file id and on disk); the card and the Bilan count it all."""

from __future__ import annotations

import io
import json
import math
import unicodedata
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import col, select

from bot.models import (
    ContractAcceptance,
    ItemProgress,
    PhotoStage,
    Role,
    Visit,
    VisitKind,
    VisitStatus,
    WorksiteContract,
    WorksItem,
    WorksPhoto,
    WorksSession,
)
from bot.sandbox.testing import make_png
from bot.services import questionnaire_reports
from bot.services.questionnaire_reports import Period
from handlers.ui.callbacks import WorksiteCallback
from handlers.visits.callbacks import VisitCallback
from handlers.worksite import texts as worksite_texts
from tests import factories
from tests.e2e.conftest import RunningBot, start_bot
from tests.e2e.helpers import button_texts, label, render, tr

NADIA, AMINA, CLAIRE = 9801, 9802, 9803
AREA = 30  # m² of wall the animator measured


@pytest.fixture
async def worksite_bot(emulator, database_url, sessionmaker, clock, library, tmp_path) -> AsyncIterator[RunningBot]:  # type: ignore[no-untyped-def]
    async with start_bot(
        emulator, database_url, sessionmaker, clock, library, photos_dir=tmp_path / "photos", flood_max_updates=200
    ) as running:
        yield running


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFKC", text)


def _words_in_order(text: str, phrase: str) -> bool:
    """Every word of `phrase` appears in `text`, in the phrase's (logical) order."""
    position = 0
    for word in (word.strip(".:،,") for word in unicodedata.normalize("NFKC", phrase).split()):
        found = text.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


async def _open_worksite(user, household_id: int) -> dict:  # type: ignore[no-untyped-def]
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    await user.press_data(WorksiteCallback(household_id=household_id).pack(), message_id=menu["message_id"])
    [screen] = await user.wait_for_messages()
    return screen


async def test_a_contract_is_drafted_accepted_changed_and_accepted_again(worksite_bot, emulator, library):
    bot = worksite_bot
    nadia_row = await factories.staff(bot, NADIA, Role.animator, "Nadia", locale="fr")
    household = await factories.household(
        bot, "PAH-17", phase=factories.Phase.works, animator=nadia_row, tenants=[(AMINA, "Amina", "ar")]
    )
    nadia = emulator.user(NADIA, "Nadia", language_code="fr")
    amina = emulator.user(AMINA, "Amina", language_code="ar")

    # The card shows the way in; the worksite has no contract yet.
    screen = await _open_worksite(nadia, household.id)
    assert tr("fr", "No participation contract has been drafted yet.") in screen["text"]

    # Drafting: a room, a kind of work, who does it, the measured m².
    await nadia.press(tr("fr", "➕ Add a works item"))
    await nadia.wait_for_messages()
    await nadia.send("Chambre")
    [kinds] = await nadia.wait_for_messages()
    await nadia.press(tr("fr", "🎨 Walls and ceilings"), kinds)
    await nadia.wait_for_messages()
    await nadia.press(tr("fr", "The household"))
    await nadia.wait_for_messages()
    await nadia.press("2")
    await nadia.wait_for_messages()
    await nadia.send("pas un nombre")
    [again] = await nadia.wait_for_messages()
    assert again["text"] == render("fr", worksite_texts.bad_area).replace("<i>", "").replace("</i>", "")
    await nadia.send(str(AREA))
    [added] = await nadia.wait_for_messages()
    assert added["text"].startswith("✅") and "Chambre" in added["text"]

    # The materials follow the m²: litres of paint = m² × coats / coverage, in tins of 2.5 L.
    await nadia.press(label("fr", "⬅️ Back to the worksite"), added)
    [screen] = await nadia.wait_for_messages()
    await nadia.press(tr("fr", "🛒 Materials"), screen)
    [shopping] = await nadia.wait_for_messages()
    tins = math.ceil(AREA * 2 / 10 / 2.5)
    paint = library.tutorial("repeindre-mur-plafond", "fr").materials[0].name
    assert f"{paint} — {tins} {tr('fr', 'tins')}" in shopping["text"]

    # The association's workbook: numbers as numbers, the contribution computed from the lines.
    await nadia.press(tr("fr", "📊 Spreadsheet (XLSX)"), shopping)
    [workbook] = await nadia.wait_for_messages()
    sheet = load_workbook(io.BytesIO(emulator.files[workbook["document"]["file_id"]])).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("PAH-17",) + (None,) * 8 or rows[0][0] == "PAH-17"
    paint_row = next(row for row in rows if row[2] == paint)
    assert (paint_row[0], paint_row[3], paint_row[7]) == ("Chambre", tins, tr("fr", "The association"))
    association = sum(row[6] for row in rows[2:] if row[6] is not None and row[7] == tr("fr", "The association"))
    contribution = next(row for row in rows if row[0] == tr("fr", "Household's contribution"))
    assert contribution[6] == pytest.approx(math.ceil(association * 100 * 10 / 100) / 100)

    # Sent to the household: Amina reads it in Arabic and accepts.
    await nadia.press(label("fr", "⬅️ Back to the worksite"), shopping)
    [screen] = await nadia.wait_for_messages()
    await nadia.press(tr("fr", "📤 Send to the household"), screen)
    [sent] = await nadia.wait_for_messages()
    assert sent["text"].startswith("📤")
    [told] = await amina.wait_for_messages(timeout=10)
    assert told["text"] == tr(
        "ar", "📄 Your participation contract (version {version}) is ready. Read it and accept it if you agree."
    ).format(version=1)
    await amina.press(tr("ar", "📄 Read the contract"), told)
    [contract] = await amina.wait_for_messages()
    assert tr("ar", "Version {version}").format(version=1) in contract["text"]
    assert tr("ar", "🎨 Walls and ceilings").split(" ", 1)[1] in contract["text"]
    await amina.press(tr("ar", "✅ I accept"), contract)
    [signed] = await amina.wait_for_messages()
    assert tr("ar", "✅ I accept") not in button_texts(signed)
    assert "Amina" in signed["text"]

    # A change makes version 2, to accept again; the old button changes nothing.
    screen = await _open_worksite(nadia, household.id)
    await nadia.press(f"⬜ {tr('fr', 'Help another worksite')}", screen)
    [changed] = await nadia.wait_for_messages()
    assert tr("fr", "Version {version}").format(version=2) in changed["text"]
    assert tr("fr", "Not accepted yet.") in changed["text"]
    await amina.press_data(f"wky:{household.id}:1", message_id=signed["message_id"])
    answer = await amina.wait_for_answer()
    assert answer["text"] == tr("ar", "This version is already accepted, or a newer one replaced it.")
    await amina.send("/menu")
    [menu] = await amina.wait_for_messages()
    await amina.press(tr("ar", "🧱 My worksite"), menu)
    [contract] = await amina.wait_for_messages()
    assert tr("ar", "The household will help on another household's worksite.") in contract["text"]
    await amina.press(tr("ar", "✅ I accept"), contract)
    await amina.wait_for_messages()
    async with bot.sessionmaker() as session:
        accepted = (await session.exec(select(ContractAcceptance).order_by(col(ContractAcceptance.id)))).all()
        person = await bot.person(AMINA)
        assert [(row.version, row.person_id) for row in accepted] == [(1, person.id), (2, person.id)]

    # The PDF, in Arabic (the household's language) and in French, read back.
    await nadia.press(tr("fr", "📄 Contract as PDF"), changed)
    arabic, french = await nadia.wait_for_messages(2, timeout=15)
    assert arabic["document"]["file_name"].endswith("-ar.pdf") and french["document"]["file_name"].endswith("-fr.pdf")
    french_text = _pdf_text(emulator.files[french["document"]["file_id"]])
    assert tr("fr", "Participation contract") in french_text
    walls = tr("fr", "🎨 Walls and ceilings").split(" ", 1)[1]
    planned = tr("fr", "{count} sessions planned").format(count=2)
    assert _words_in_order(french_text, f"1. Chambre · {walls} — {tr('fr', 'The household')} — 30 m² — {planned}")
    assert tr("fr", "The household will help on another household's worksite.") in french_text
    arabic_text = _pdf_text(emulator.files[arabic["document"]["file_id"]])
    for phrase in (
        tr("ar", "Participation contract"),
        tr("ar", "The household will help on another household's worksite."),
        tr("ar", "Works to do:"),
        tr("ar", "🎨 Walls and ceilings").split(" ", 1)[1],
    ):
        assert _words_in_order(arabic_text, unicodedata.normalize("NFKC", phrase)), phrase


async def test_a_works_session_with_photos_from_both_sides_and_the_figures(worksite_bot, emulator, library, tmp_path):
    bot = worksite_bot
    nadia_row = await factories.staff(bot, NADIA, Role.animator, "Nadia", locale="fr")
    await factories.staff(bot, CLAIRE, Role.coordinator, "Claire", locale="fr")
    household = await factories.household(
        bot, "PAH-18", phase=factories.Phase.works, animator=nadia_row, tenants=[(AMINA, "Amina", "fr")]
    )
    nadia = emulator.user(NADIA, "Nadia", language_code="fr")
    amina = emulator.user(AMINA, "Amina", language_code="fr")
    screen = await _open_worksite(nadia, household.id)
    await nadia.press(tr("fr", "➕ Add a works item"), screen)
    await nadia.wait_for_messages()
    await nadia.send("Cuisine")
    [kinds] = await nadia.wait_for_messages()
    await nadia.press(tr("fr", "🧻 Wallpaper"), kinds)
    await nadia.wait_for_messages()
    await nadia.press(tr("fr", "Household with animator"))
    await nadia.wait_for_messages()
    await nadia.press("1")
    await nadia.wait_for_messages()
    await nadia.press(label("fr", "⏭ Skip"))
    await nadia.wait_for_messages()

    # A session of 3 hours: 2 of the household, 1 volunteer, nobody from another household.
    screen = await _open_worksite(nadia, household.id)
    await nadia.press(tr("fr", "📔 Works journal"), screen)
    [journal] = await nadia.wait_for_messages()
    await nadia.press(tr("fr", "🛠 New works session"), journal)
    for choice in ("3", "2", "1", "0"):
        [step] = await nadia.wait_for_messages()
        await nadia.press(choice, step)
    [saved] = await nadia.wait_for_messages()
    assert saved["text"].startswith(tr("fr", "✅ Session saved."))

    # Before and after, from the item's screen.
    item_button = next(text for text in button_texts(saved) if "Cuisine" in text)
    await nadia.press(item_button, saved)
    [item] = await nadia.wait_for_messages()
    for stage, colour in ((tr("fr", "📷 Before"), 1), (tr("fr", "📷 After"), 2)):
        await nadia.press(stage, item)
        await nadia.wait_for_messages()
        await nadia.send_photo(make_png(40 * colour, 30))
        [kept] = await nadia.wait_for_messages()
        assert kept["text"] == tr("fr", "✅ Photo saved in the journal.")
        await nadia.press(label("fr", "⬅️ Back to the item"), kept)
        [item] = await nadia.wait_for_messages()
    await nadia.press(tr("fr", "🖼 Before and after"), item)
    [side_by_side] = await nadia.wait_for_messages()
    assert "photo" in side_by_side and "Cuisine" in side_by_side["caption"]
    await nadia.press(tr("fr", "🌟 Done alone"), item)
    await nadia.wait_for_messages()

    # The closing visit's card shows every item's before and after side by side.
    async with bot.sessionmaker() as session:
        closing = Visit(
            household_id=household.id,
            animator_id=nadia_row.id,
            kind=VisitKind.closing,
            status=VisitStatus.booked,
            starts_at=bot.clock.now() + timedelta(days=1),
            ends_at=bot.clock.now() + timedelta(days=1, hours=1),
        )
        session.add(closing)
        await session.commit()
        closing_id = closing.id
    await nadia.send("/menu")
    [menu] = await nadia.wait_for_messages()
    await nadia.press_data(VisitCallback(visit_id=closing_id).pack(), message_id=menu["message_id"])
    [card] = await nadia.wait_for_messages()
    await nadia.press(tr("fr", "🖼 Before and after"), card)
    [closing_picture] = await nadia.wait_for_messages()
    assert closing_picture["caption"] == side_by_side["caption"]

    # The tenant shows a problem; a sticker where a photo is awaited gets the hint.
    await amina.send("/menu")
    [menu] = await amina.wait_for_messages()
    await amina.press(tr("fr", "🧱 My worksite"), menu)
    [mine] = await amina.wait_for_messages()
    await amina.press(tr("fr", "📔 My works journal"), mine)
    [journal] = await amina.wait_for_messages()
    await amina.press(tr("fr", "⚠️ A problem"), journal)
    await amina.wait_for_messages()
    await amina.send_sticker()
    [hint] = await amina.wait_for_messages()
    assert hint["text"].startswith(tr("fr", "Send a photo (not a file)."))
    await amina.send_photo(make_png(20, 20))
    [kept] = await amina.wait_for_messages()
    assert kept["text"] == tr("fr", "✅ Photo saved in the journal.")

    async with bot.sessionmaker() as session:
        photos = (await session.exec(select(WorksPhoto).order_by(col(WorksPhoto.id)))).all()
        works = (await session.exec(select(WorksSession))).all()
        amina_row = await bot.person(AMINA)
    assert [(p.stage, p.author_id == amina_row.id) for p in photos] == [
        (PhotoStage.before, False),
        (PhotoStage.after, False),
        (PhotoStage.problem, True),
    ]
    assert all(Path(p.path).is_file() and Path(p.path).is_relative_to(tmp_path) for p in photos)
    assert all(p.session_id == works[0].id for p in photos)
    assert (works[0].household_members, works[0].volunteers, works[0].other_households) == (2, 1, 0)

    # The household's journal shows the session and the before/after button.
    await amina.press(label("fr", "⬅️ Back to my worksite"), kept)
    [mine] = await amina.wait_for_messages()
    await amina.press(tr("fr", "📔 My works journal"), mine)
    [journal] = await amina.wait_for_messages()
    assert "3 h" in journal["text"] and any("Cuisine" in text for text in button_texts(journal))

    # /mes_donnees: the household's worksite, its photos by file id, in the tenant's file.
    await amina.send("/mes_donnees")
    document, _summary = await amina.wait_for_messages(2)
    exported = json.loads(emulator.files[document["document"]["file_id"]])
    assert [p["stage"] for p in exported["worksite"]["photos"]] == ["before", "after", "problem"]
    assert [i["room"] for i in exported["worksite"]["items"]] == ["Cuisine"]

    # The card and the Bilan, against counts made here.
    async with bot.sessionmaker() as session:
        items = (await session.exec(select(WorksItem))).all()
        contracts = (await session.exec(select(WorksiteContract))).all()
        signed = len((await session.exec(select(ContractAcceptance.contract_id).distinct())).all())
        claire = await bot.person(CLAIRE)
        report = await questionnaire_reports.programme_report(
            session, library.questionnaires, "fr", Period.month, reader=claire, now=bot.clock.now()
        )
    hours = sum((w.ended_at - w.started_at).total_seconds() for w in works) / 3600
    assert len(contracts) == 1 and report.worksite is not None
    assert report.worksite.contracts_signed == signed == 0
    assert (
        report.worksite.items_done
        == len([i for i in items if i.progress in (ItemProgress.done_alone, ItemProgress.done_with_help)])
        == 1
    )
    assert report.worksite.items_done_alone == 1
    assert report.worksite.session_hours == hours == 3
    from handlers.questionnaires import texts as report_texts

    labels = render("fr", report_texts.bilan_labels)
    lines = {
        row.label: row.value
        for row in questionnaire_reports.report_rows(report, labels, {p: p.value for p in factories.Phase})
    }
    assert lines[labels["works_hours"]] == 3 and lines[labels["items_done_alone"]] == 1
    assert lines[labels["contracts_signed"]] == 0

    # /supprimer: Amina's own photo goes, its file too; the team's photos of the home stay.
    theirs = next(p for p in photos if p.stage is PhotoStage.problem)
    await amina.send("/supprimer")
    await amina.wait_for_messages()
    await amina.press(tr("fr", "🗑 Yes, delete everything"))
    await amina.wait_for_messages()
    async with bot.sessionmaker() as session:
        left = (await session.exec(select(WorksPhoto).order_by(col(WorksPhoto.id)))).all()
    assert [p.stage for p in left] == [PhotoStage.before, PhotoStage.after]
    assert not Path(theirs.path).exists() and all(Path(p.path).is_file() for p in left)
