"""The sandbox page's JSON API, without a browser: what the page shows and does goes through it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from sqlmodel import SQLModel, func, select

from bot.db import create_engine
from bot.sandbox import demo, make_png
from bot.sandbox.files import ogg_opus_duration
from bot.sandbox.run import Sandbox
from tests.conftest import DEFAULT_NOW
from tests.e2e.helpers import tr

Chat = dict[str, Any]
AMINA, YOUSSEF, VISITOR, NADIA = 7101, 7102, 7201, 7002


async def get_chat(client: aiohttp.ClientSession, telegram_id: int, after: str | None = None, wait: float = 0) -> Chat:
    params = {"wait": str(wait)} | ({"after": after} if after else {})
    async with client.get(f"/api/chats/{telegram_id}", params=params) as response:
        assert response.status == 200, await response.text()
        return await response.json()


async def until(
    client: aiohttp.ClientSession, telegram_id: int, check: Callable[[Chat], bool], timeout: float = 10.0
) -> Chat:
    """Long-poll the chat as the page does until `check` holds."""
    deadline = time.monotonic() + timeout
    chat = await get_chat(client, telegram_id)
    while not check(chat):
        if time.monotonic() > deadline:
            raise AssertionError(f"chat {telegram_id} never got there; last: {chat['messages'][-3:]}")
        chat = await get_chat(client, telegram_id, after=chat["revision"], wait=1)
    return chat


async def post(client: aiohttp.ClientSession, path: str, **body: Any) -> tuple[int, Any]:
    async with client.post(path, json=body) as response:
        return response.status, (await response.json() if response.content_type == "application/json" else None)


def button(chat: Chat, text: str) -> tuple[int, str]:
    """(message_id, callback_data) of the latest inline button with this text."""
    for message in reversed(chat["messages"]):
        for row in message.get("inline_keyboard", []):
            for found in row:
                if found["text"] == text:
                    return message["id"], found["callback_data"]
    raise AssertionError(f"no button {text!r}")


def has_button(text: str) -> Callable[[Chat], bool]:
    return lambda chat: any(
        b["text"] == text for m in chat["messages"] for row in m.get("inline_keyboard", []) for b in row
    )


async def press(client: aiohttp.ClientSession, telegram_id: int, chat: Chat, text: str) -> dict[str, Any] | None:
    message_id, data = button(chat, text)
    status, body = await post(client, f"/api/chats/{telegram_id}/callbacks", message_id=message_id, data=data)
    assert status == 200, body
    return body["answer"]


async def test_the_session_lists_the_demo_people_and_the_sandbox_clock(page_client):
    async with page_client.get("/api/session") as response:
        session = await response.json()
    assert session["bot"] == {"name": "ARA Assistant", "username": "ara_sandbox_bot"}
    people = {person["key"]: person for person in session["people"]}
    assert set(people) == {"claire", "nadia", "karim", "amina", "youssef", "sarah", "leila", "sophie", "visitor"}
    assert {people[key]["language_code"] for key in ("amina", "youssef", "sarah")} == {"fr", "ar", "en"}
    assert people["visitor"]["start_parameter"] and people["amina"]["start_parameter"] is None
    assert session["clock"]["local"] == "Tue 24 Nov 2026, 10:00"
    async with page_client.get("/") as response:
        assert response.status == 200 and "<title>ARA Assistant · sandbox</title>" in await response.text()


async def test_the_visitor_joins_by_start_and_gets_the_menu_of_her_role(page_client, sandbox):
    code = next(p.start_parameter for p in sandbox.people if p.key == "visitor")
    before = await get_chat(page_client, VISITOR)
    assert before["messages"] == [] and [c["command"] for c in before["commands"]] == ["start", "help"]

    status, _ = await post(page_client, f"/api/chats/{VISITOR}/messages", text=f"/start {code}")
    assert status == 200
    chat = await until(page_client, VISITOR, has_button("Français"))
    assert chat["messages"][0] == {**chat["messages"][0], "outgoing": True, "text": f"/start {code}"}
    await press(page_client, VISITOR, chat, "Français")
    chat = await until(page_client, VISITOR, has_button(tr("fr", "✅ I agree")))
    await press(page_client, VISITOR, chat, tr("fr", "✅ I agree"))
    # The menu of her role comes with setMyCommands, which no message announces: the revision sees it.
    chat = await until(
        page_client, VISITOR, lambda c: has_button(tr("fr", "🗓 Workshops"))(c) and len(c["commands"]) > 2
    )
    assert [c["command"] for c in chat["commands"]][:2] == ["menu", "help"]
    assert chat["commands"][0]["description"] == tr("fr", "Main menu")


async def test_an_invitation_answered_in_arabic_is_edited_in_place(page_client):
    chat = await until(page_client, YOUSSEF, has_button(tr("ar", "✅ I'm coming")))
    invitation = chat["messages"][-1]
    assert tr("ar", "📨 You are invited!") in invitation["text"]
    assert any(entity["type"] == "bold" for entity in invitation["entities"])  # HTML became entities
    assert "<b>" not in invitation["text"]

    answer = await press(page_client, YOUSSEF, chat, tr("ar", "✅ I'm coming"))
    assert answer is not None and answer["text"].startswith("✅")
    chat = await until(page_client, YOUSSEF, lambda c: c["messages"][-1]["edited"])
    edited = chat["messages"][-1]
    assert edited["id"] == invitation["id"] and len(chat["messages"]) == 1


async def test_photos_and_documents_are_served(page_client):
    photo = make_png(40, 30)
    form = aiohttp.FormData()
    form.add_field("photo", photo, filename="wall.png", content_type="image/png")
    form.add_field("caption", "Mon mur")
    async with page_client.post(f"/api/chats/{AMINA}/photos", data=form) as response:
        assert response.status == 200
    chat = await get_chat(page_client, AMINA)
    sent = chat["messages"][-1]
    assert sent["outgoing"] and sent["caption"] == "Mon mur"
    async with page_client.get(sent["photo"]) as response:
        assert response.status == 200 and await response.read() == photo
        assert response.content_type.startswith("image/") and "Content-Disposition" not in response.headers

    await post(page_client, f"/api/chats/{AMINA}/messages", text="/mes_donnees")
    chat = await until(page_client, AMINA, lambda c: any("document" in m for m in c["messages"]))
    document = next(m["document"] for m in chat["messages"] if "document" in m)
    assert document["file_name"].endswith(".json") and document["file_size"] > 0
    async with page_client.get(document["url"]) as response:
        assert response.status == 200
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert b'"Amina"' in await response.read()


async def test_time_travel_brings_the_reminder_of_the_workshop(page_client, sandbox):
    # Amina said yes to Tuesday 1 December, 14:00: the first reminder is due Sunday at 10:00.
    chat = await until(page_client, AMINA, lambda c: len(c["messages"]) == 1)
    status, body = await post(page_client, "/api/clock", days=4)
    assert status == 200 and body["clock"]["local"] == "Sat 28 Nov 2026, 10:00"
    await asyncio.sleep(0.5)
    assert len((await get_chat(page_client, AMINA))["messages"]) == 1  # not yet
    status, body = await post(page_client, "/api/clock", hours=24)
    assert status == 200 and sandbox.clock.now() == DEFAULT_NOW.replace(day=29)
    chat = await until(page_client, AMINA, lambda c: len(c["messages"]) == 2)
    assert "Repeindre une porte" in chat["messages"][-1]["text"]
    async with page_client.get("/api/overview") as response:
        overview = await response.json()
    assert overview["received"][str(AMINA)] == 2 and overview["received"][str(VISITOR)] == 0
    assert overview["clock"]["local"] == "Sun 29 Nov 2026, 10:00"

    for wrong in ({"hours": -1}, {"days": 31}, {"days": "soon"}, {}):
        status, _ = await post(page_client, "/api/clock", **wrong)
        assert status == 400, wrong


async def test_a_long_poll_returns_when_the_chat_changes(page_client):
    chat = await until(page_client, NADIA, lambda c: True)
    started = time.monotonic()
    unchanged = await get_chat(page_client, NADIA, after=chat["revision"], wait=0.3)
    assert unchanged["revision"] == chat["revision"] and time.monotonic() - started >= 0.3

    waiting = asyncio.create_task(get_chat(page_client, NADIA, after=chat["revision"], wait=15))
    await asyncio.sleep(0.2)
    await post(page_client, f"/api/chats/{NADIA}/messages", text="/menu")
    changed = await asyncio.wait_for(waiting, timeout=5)
    assert changed["revision"] != chat["revision"]


async def test_wrong_requests_are_refused(page_client):
    assert (await post(page_client, "/api/chats/4242/messages", text="hello"))[0] == 404
    assert (await post(page_client, f"/api/chats/{AMINA}/messages", text="   "))[0] == 400
    assert (await post(page_client, f"/api/chats/{AMINA}/callbacks", message_id=999, data="x"))[0] == 404
    assert (await post(page_client, f"/api/chats/{AMINA}/callbacks", data="x"))[0] == 400
    async with page_client.get("/files/documents/nothing.pdf") as response:
        assert response.status == 404
    async with page_client.get(f"/api/chats/{AMINA}", params={"wait": "later"}) as response:
        assert response.status == 400


async def _row_counts(data_dir) -> dict[str, int]:  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite+aiosqlite:///{data_dir / 'ara.sqlite3'}")
    try:
        async with engine.connect() as connection:
            return {
                table.name: (await connection.execute(select(func.count()).select_from(table))).scalar_one()
                for table in SQLModel.metadata.sorted_tables
            }
    finally:
        await engine.dispose()


async def test_a_restart_on_the_same_data_finds_the_demo_again(tmp_path, library):
    """Every seeding step, present and future, must be idempotent: nothing is added twice."""
    codes, counts = [], []
    for _ in range(2):
        async with Sandbox(tmp_path, start=DEFAULT_NOW, library=library, pump_interval_seconds=300) as sandbox:
            codes += [p.start_parameter for p in sandbox.people if p.key == "visitor"]
            assert [p.key for p in sandbox.people] == [
                "claire",
                "nadia",
                "karim",
                "amina",
                "youssef",
                "sarah",
                "leila",
                "sophie",
                "visitor",
            ]
        counts.append(await _row_counts(tmp_path))
    assert None not in codes and codes[0] != codes[1]  # a fresh invitation each time: only its hash is stored
    first, second = counts
    assert (first["person"], first["workshop"], first["household"]) == (8, 6, 6)  # Leïla's ended household too
    assert (first["referral"], first["organisation"]) == (1, 1)  # Sophie's referral, waiting for Claire
    # The visitor's new invitation, and its line in the audit log, are the only new rows.
    assert second == first | {"invite": first["invite"] + 1, "audit_log": first["audit_log"] + 1}


async def test_a_reply_keyboard_is_shown_and_its_buttons_answer(page_client, sandbox):
    from aiogram.types import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Oui"), KeyboardButton(text="📞 Mon numéro", request_contact=True)]],
        resize_keyboard=True,
    )
    await sandbox.bot.send_message(AMINA, "Une question ?", reply_markup=keyboard)
    chat = await until(page_client, AMINA, lambda c: c["reply_keyboard"] is not None)
    assert chat["reply_keyboard"] == [[{"text": "Oui"}, {"text": "📞 Mon numéro", "request_contact": True}]]
    status, _ = await post(page_client, f"/api/chats/{AMINA}/messages", share="contact")
    assert status == 200
    shared = (await get_chat(page_client, AMINA))["messages"]
    assert any(m.get("contact") == "+33 6 12 34 56 78" and m["outgoing"] for m in shared)
    await sandbox.bot.send_message(AMINA, "Merci.", reply_markup=ReplyKeyboardRemove())
    await until(page_client, AMINA, lambda c: c["reply_keyboard"] is None)


async def test_the_demo_step_shows_the_teams_photo_and_plays_its_voice_note(page_client, sandbox):
    """Demo data: Nadia's approved photo and French voice note on a step; Karim's waits for Claire."""
    tutorial = sandbox.library.tutorial("poser-mousseur", "fr")
    await post(page_client, f"/api/chats/{AMINA}/messages", text="/menu")
    chat = await until(page_client, AMINA, has_button(tr("fr", "🛠 DIY tutorials")))
    menu = chat["messages"][-1]
    status, _ = await post(
        page_client, f"/api/chats/{AMINA}/callbacks", message_id=menu["id"], data="tu:poser-mousseur:1"
    )
    assert status == 200
    chat = await until(page_client, AMINA, has_button(tr("fr", "🔊 Listen")))
    step = chat["messages"][-1]
    assert step["photo"] and step["caption"].startswith(
        tr("fr", "Step {number}/{total}").format(number=2, total=len(tutorial.steps))
    )
    async with page_client.get(step["photo"]) as response:
        assert response.status == 200 and (await response.read()).startswith(b"\x89PNG")
    await press(page_client, AMINA, chat, tr("fr", "🔊 Listen"))
    chat = await until(page_client, AMINA, lambda c: "voice" in c["messages"][-1])
    voice = chat["messages"][-1]["voice"]
    async with page_client.get(voice["url"]) as response:
        assert response.status == 200 and response.content_type == "audio/ogg"
        recording = await response.read()
    # A real recording: Ogg pages carrying Opus, as Telegram clients record; the step read aloud.
    assert recording == demo.demo_voice("fr") and recording.startswith(b"OggS") and b"OpusHead" in recording[:64]
    assert 1_000 < len(recording) < 40_000
    assert voice["duration"] == ogg_opus_duration(recording) > 3  # the emulator reads it, as Telegram does
    # Claire has one waiting: Karim's Arabic voice note.
    await post(page_client, "/api/chats/7001/messages", text="/menu")
    chat = await until(page_client, 7001, has_button(tr("fr", "🛠 DIY tutorials")))
    await press(page_client, 7001, chat, tr("fr", "🛠 DIY tutorials"))
    chat = await until(page_client, 7001, has_button(tr("fr", "📝 To review: {count}").format(count=1)))
