"""The emulator, driven by a real aiogram Bot over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import CommandStart
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.sandbox import ManualClock, TelegramEmulator, demo, emulator_session, make_png


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data)] for text, data in buttons]
    )


class UnknownMethod(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "launchRocket"


class SendMessageWithoutChat(TelegramMethod[Message]):
    __returning__ = Message
    __api_method__ = "sendMessage"

    text: str


# --- basics ----------------------------------------------------------------------------------------


async def test_get_me_describes_the_configured_bot(bot: Bot) -> None:
    me = await bot.get_me()

    assert me.is_bot
    assert me.username == "ara_test_bot"
    assert me.id == int(bot.token.split(":")[0])


async def test_any_well_formed_token_is_its_own_bot(emulator: TelegramEmulator) -> None:
    other = Bot("42:" + "x" * 35, session=emulator_session(emulator.base_url))
    try:
        me = await other.get_me()
    finally:
        await other.session.close()

    assert me.id == 42
    assert emulator.bot("42:" + "x" * 35).calls[0].method == "getMe"
    assert emulator.calls == []  # the default bot saw nothing


async def test_malformed_token_is_unauthorized(emulator: TelegramEmulator) -> None:
    status, body = await raw_post(emulator, "/bot123:short/getMe", {})

    assert (status, body["description"]) == (401, "Unauthorized")


async def test_unknown_method_is_not_found(bot: Bot, emulator: TelegramEmulator) -> None:
    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot(UnknownMethod())

    status, body = await raw_post(emulator, f"/bot{emulator.token}/launchRocket", {})
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_method_names_ignore_case(emulator: TelegramEmulator) -> None:
    status, body = await raw_post(emulator, f"/bot{emulator.token}/GETME", {})

    assert status == 200
    assert body["result"]["username"] == "ara_test_bot"


async def test_spec_method_without_implementation_is_reported(emulator: TelegramEmulator) -> None:
    status, body = await raw_post(emulator, f"/bot{emulator.token}/getChat", {"chat_id": "1"})

    assert status == 400
    assert body["description"] == "Bad Request: method not supported by the emulator"


# --- parameter validation -----------------------------------------------------------------------------


async def test_missing_required_fields_are_rejected_in_telegram_words(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user(first_name="Amina")

    with pytest.raises(TelegramBadRequest, match="chat_id is empty"):
        await bot(SendMessageWithoutChat(text="hello"))
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(user.id, "")


async def test_unknown_parameter_and_bad_types_are_rejected(emulator: TelegramEmulator) -> None:
    user = emulator.user()
    path = f"/bot{emulator.token}/sendMessage"

    _, unknown = await raw_post(emulator, path, {"chat_id": str(user.id), "text": "hi", "colour": "red"})
    _, not_integer = await raw_post(emulator, path, {"chat_id": str(user.id), "text": "hi", "message_thread_id": "x"})
    _, not_json = await raw_post(emulator, path, {"chat_id": str(user.id), "text": "hi", "reply_markup": "{oops"})

    assert unknown["description"] == "Bad Request: unknown parameter colour"
    assert not_integer["description"] == 'Bad Request: parameter "message_thread_id" must be an Integer'
    assert not_json["description"] == "Bad Request: can't parse reply_markup JSON object"


async def test_text_longer_than_4096_characters_is_rejected(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()

    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(user.id, "a" * 5000)


async def test_length_is_counted_after_html_parsing(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()

    message = await bot.send_message(user.id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")

    assert len(message.text or "") == 4096


async def test_callback_data_longer_than_64_bytes_is_rejected(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()

    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(user.id, "Choose", reply_markup=keyboard(("Go", "x" * 70)))


async def test_broken_html_is_rejected(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()

    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "foo" at byte offset 6'):
        await bot.send_message(user.id, "Hello <foo>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match='Can\'t find end tag corresponding to start tag "b"'):
        await bot.send_message(user.id, "<b>Hello", parse_mode="HTML")


async def test_html_becomes_text_and_entities(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()

    message = await bot.send_message(user.id, "<b>Bonjour</b> &amp; <i>bienvenue</i>", parse_mode="HTML")

    assert message.text == "Bonjour & bienvenue"
    assert [(e.type, e.offset, e.length) for e in message.entities or []] == [("bold", 0, 7), ("italic", 10, 9)]
    assert user.last_message is not None and user.last_message["text"] == "Bonjour & bienvenue"


async def test_unknown_chat_is_not_found(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(555, "hello")


async def test_blocked_and_deactivated_users_are_forbidden(bot: Bot, emulator: TelegramEmulator) -> None:
    blocked, deactivated = emulator.user(), emulator.user()
    blocked.block()
    deactivated.deactivate()

    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(blocked.id, "hello")
    with pytest.raises(TelegramForbiddenError, match="user is deactivated"):
        await bot.send_message(deactivated.id, "hello")

    blocked.unblock()
    await bot.send_message(blocked.id, "welcome back")
    assert [m["text"] for m in blocked.messages] == ["welcome back"]


# --- rate limits and injected faults --------------------------------------------------------------


async def test_more_than_30_messages_per_second_is_refused(bot: Bot, emulator: TelegramEmulator) -> None:
    users = [emulator.user() for _ in range(31)]
    for user in users[:30]:
        await bot.send_message(user.id, "news")

    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(users[30].id, "news")

    assert refused.value.retry_after >= 1
    assert emulator.stats.sent_total == 30
    assert emulator.stats.rejected_429 == 1
    assert emulator.stats.rejected_429_per_chat[users[30].id] == 1


async def test_burst_to_one_chat_is_refused_until_tokens_refill(
    bot: Bot, emulator: TelegramEmulator, clock: ManualClock
) -> None:
    user = emulator.user()
    for number in range(3):
        await bot.send_message(user.id, f"part {number}")

    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(user.id, "part 3")
    clock.advance(refused.value.retry_after)
    await bot.send_message(user.id, "part 3")

    assert refused.value.retry_after >= 1
    assert emulator.stats.sent_per_chat[user.id] == 4


async def test_limits_can_be_relaxed_while_running(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    for number in range(3):
        await bot.send_message(user.id, f"part {number}")

    emulator.limits.per_chat_burst = 10
    await bot.send_message(user.id, "part 3")

    assert emulator.stats.rejected_429 == 0


async def test_edits_do_not_count_against_the_flood_limit(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    message = await bot.send_message(user.id, "v0")

    for version in range(1, 6):
        await bot.edit_message_text(f"v{version}", chat_id=user.id, message_id=message.message_id)

    assert emulator.stats.edits_total == 5
    assert emulator.stats.rejected_429 == 0


async def test_injected_errors_fail_the_next_matching_calls(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    emulator.inject_error("sendMessage", chat_id=user.id, error_code=500, times=1)
    emulator.inject_error("sendMessage", chat_id=user.id, error_code=429, retry_after=7, times=1)

    with pytest.raises(TelegramServerError, match="Internal Server Error"):
        await bot.send_message(user.id, "first try")
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(user.id, "second try")
    await bot.send_message(user.id, "third try")

    assert refused.value.retry_after == 7
    assert [m["text"] for m in user.messages] == ["third try"]
    assert emulator.stats.injected_errors == 2


# --- editing, deleting, callback queries --------------------------------------------------------------


async def test_editing_with_identical_content_is_not_modified(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    markup = keyboard(("Yes", "answer:yes"))
    message = await bot.send_message(user.id, "Ready?", reply_markup=markup)

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Ready?", chat_id=user.id, message_id=message.message_id, reply_markup=markup)


async def test_edit_returns_the_edited_message_and_drops_an_omitted_keyboard(
    bot: Bot, emulator: TelegramEmulator
) -> None:
    user = emulator.user()
    message = await bot.send_message(user.id, "Ready?", reply_markup=keyboard(("Yes", "answer:yes")))
    await user.wait_for_messages()

    edited = await bot.edit_message_text("Done", chat_id=user.id, message_id=message.message_id)

    assert isinstance(edited, Message) and edited.text == "Done" and edited.reply_markup is None
    [event] = await user.wait_for_messages()
    assert event["text"] == "Done" and "edit_date" in event
    assert user.messages == [event]


async def test_deleted_messages_leave_the_chat(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    message = await bot.send_message(user.id, "temporary")

    await bot.delete_message(user.id, message.message_id)

    assert user.messages == []
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(user.id, message.message_id)


async def test_answering_an_unknown_callback_query_is_too_old(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="query is too old and response timeout expired"):
        await bot.answer_callback_query("123456")


async def test_callback_queries_expire_and_answer_once(
    bot: Bot, emulator: TelegramEmulator, clock: ManualClock
) -> None:
    user = emulator.user()
    await bot.send_message(user.id, "Pick", reply_markup=keyboard(("A", "pick:a"), ("B", "pick:b")))
    fresh = await user.press("A")
    stale = await user.press("pick:b")

    await bot.answer_callback_query(fresh, text="Saved")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(fresh)
    clock.advance(emulator.callback_query_timeout + 1)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(stale)

    assert emulator.callback_answers == [
        {"callback_query_id": fresh, "text": "Saved", "show_alert": False, "url": None, "cache_time": None}
    ]
    assert emulator.unanswered_callback_queries() == [stale]


async def test_pressing_a_missing_button_lists_the_available_ones(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    await bot.send_message(user.id, "Pick", reply_markup=keyboard(("A", "pick:a")))

    with pytest.raises(AssertionError, match=r"no button 'C'.*\('A', 'pick:a'\)"):
        await user.press("C")


# --- updates -------------------------------------------------------------------------------------


async def test_long_poll_returns_an_update_sent_while_it_waits(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user(first_name="Amina", language_code="fr")
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await emulator.wait_for_call("getUpdates")

    await user.send("bonjour")
    updates = await poll

    assert [u.message.text for u in updates if u.message] == ["bonjour"]
    assert updates[0].message is not None and updates[0].message.from_user is not None
    assert updates[0].message.from_user.language_code == "fr"
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == []


async def test_long_poll_ends_empty_after_its_timeout(bot: Bot) -> None:
    assert await bot.get_updates(timeout=1) == []


async def test_commands_carry_a_bot_command_entity(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()

    sent = await user.send("/start CODE42")
    [update] = await bot.get_updates(timeout=0)

    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert update.message is not None and update.message.text == "/start CODE42"


async def test_update_ids_increase_across_chats(bot: Bot, emulator: TelegramEmulator) -> None:
    first, second = emulator.user(), emulator.user()
    await first.send("one")
    await second.send_location(48.85, 2.35)
    await first.send_contact("+33600000000")

    updates = await bot.get_updates(timeout=0)

    assert [u.update_id for u in updates] == sorted(u.update_id for u in updates)
    assert [u.message.chat.id for u in updates if u.message] == [first.id, second.id, first.id]
    assert updates[2].message is not None and updates[2].message.contact is not None
    assert updates[2].message.contact.user_id == first.id


async def test_every_kind_of_user_message_parses_in_aiogram(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    await user.send_sticker()
    await user.send_photo(caption="Façade")
    await user.send_voice(duration=4)
    await user.send_document(file_name="devis.pdf")

    sticker, photo, voice, document = [u.message for u in await bot.get_updates(timeout=0)]

    assert sticker is not None and sticker.sticker is not None and sticker.sticker.emoji == "👍"
    assert photo is not None and photo.photo and photo.caption == "Façade"
    assert voice is not None and voice.voice is not None and voice.voice.duration == 4
    assert document is not None and document.document is not None
    assert document.document.file_name == "devis.pdf"
    downloaded = await bot.download(photo.photo[-1].file_id, destination=io.BytesIO())
    assert downloaded is not None and downloaded.getvalue() == emulator.files[photo.photo[-1].file_id]


async def test_blocking_the_bot_sends_a_my_chat_member_update(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()

    user.block()
    [update] = await bot.get_updates(timeout=0, allowed_updates=["message", "my_chat_member"])

    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"


async def test_get_updates_is_refused_while_a_webhook_is_set(bot: Bot) -> None:
    await bot.set_webhook("https://example.org/hook", secret_token="s3cret")

    info = await bot.get_webhook_info()
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()

    assert info.url == "https://example.org/hook"
    assert await bot.get_updates(timeout=0) == []


async def test_copy_forward_location_and_chat_action(bot: Bot, emulator: TelegramEmulator) -> None:
    source, target = emulator.user(), emulator.user()
    original = await source.send("Mon adresse")

    copied = await bot.copy_message(target.id, from_chat_id=source.id, message_id=original["message_id"])
    forwarded = await bot.forward_message(target.id, from_chat_id=source.id, message_id=original["message_id"])
    await bot.send_chat_action(target.id, "find_location")
    location = await bot.send_location(target.id, latitude=45.76, longitude=4.84)

    assert [m["message_id"] for m in target.messages] == [
        copied.message_id,
        forwarded.message_id,
        location.message_id,
    ]
    assert forwarded.forward_origin is not None and forwarded.text == "Mon adresse"
    assert location.location is not None and location.location.latitude == 45.76
    assert target.chat_actions == ["find_location"]


# --- files and commands ---------------------------------------------------------------------------------


async def test_uploaded_photo_and_document_are_stored(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    png = make_png(40, 30)
    pdf = b"%PDF-1.4\n% guide\n"

    photo_message = await bot.send_photo(user.id, BufferedInputFile(png, "plan.png"), caption="Plan")
    document_message = await bot.send_document(user.id, BufferedInputFile(pdf, "guide.pdf"))

    photo = (photo_message.photo or [])[-1]
    document = document_message.document
    assert (photo.width, photo.height) == (40, 30)
    assert emulator.files[photo.file_id] == png
    assert document is not None and emulator.files[document.file_id] == pdf
    assert (document.file_name, document.mime_type) == ("guide.pdf", "application/pdf")
    downloaded = await bot.download(document.file_id, destination=io.BytesIO())
    assert downloaded is not None and downloaded.getvalue() == pdf
    assert [m.get("caption") for m in user.messages] == ["Plan", None]


async def test_a_voice_note_reports_the_recordings_own_duration(bot: Bot, emulator: TelegramEmulator) -> None:
    """Like Telegram, a voice note sent without `duration` has the Ogg/Opus recording's length."""
    user = emulator.user()
    recording = demo.demo_voice("fr")  # 12.2 s of Opus (ffprobe)

    read = await bot.send_voice(user.id, BufferedInputFile(recording, "step.ogg"))
    told = await bot.send_voice(user.id, BufferedInputFile(recording, "step.ogg"), duration=7)
    unknown = await bot.send_voice(user.id, BufferedInputFile(b"OggS\x00not opus", "x.ogg"))

    assert read.voice is not None and read.voice.duration == 13  # whole seconds, rounded up
    assert told.voice is not None and told.voice.duration == 7
    assert unknown.voice is not None and unknown.voice.duration == 0
    assert emulator.files[read.voice.file_id] == recording


async def test_a_photo_must_be_an_image(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()

    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(user.id, BufferedInputFile(b"not an image", "x.png"))


async def test_oversized_upload_is_too_large(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    huge = make_png(10, 10) + b"\x00" * (10 * 1024 * 1024)

    with pytest.raises(TelegramEntityTooLarge):
        await bot.send_photo(user.id, BufferedInputFile(huge, "huge.png"))


async def test_commands_are_kept_per_scope_and_language(bot: Bot, emulator: TelegramEmulator) -> None:
    user = emulator.user()
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    await bot.set_my_commands(
        [BotCommand(command="aide", description="Aide")], scope=BotCommandScopeAllPrivateChats(), language_code="fr"
    )
    await bot.set_my_commands(
        [BotCommand(command="dossier", description="Mon dossier")], scope=BotCommandScopeChat(chat_id=user.id)
    )

    assert emulator.commands() == [{"command": "start", "description": "Start"}]
    assert emulator.commands("all_private_chats", "fr") == [{"command": "aide", "description": "Aide"}]
    assert emulator.commands("all_private_chats") == []
    assert emulator.commands({"type": "chat", "chat_id": user.id})[0]["command"] == "dossier"
    fetched = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="fr")
    assert [c.command for c in fetched] == ["aide"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])


# --- the test-user API against a real polling dispatcher ------------------------------------------------


async def test_user_talks_to_a_polling_bot(bot: Bot, emulator: TelegramEmulator) -> None:
    dispatcher = Dispatcher()

    @dispatcher.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("Bienvenue !", reply_markup=keyboard(("Oui", "consent:yes"), ("Non", "consent:no")))

    @dispatcher.callback_query(F.data.startswith("consent:"))
    async def consent(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"Merci ({query.data})")
        await query.answer("Enregistré")

    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False))
    try:
        user = emulator.user(first_name="Amina", language_code="fr")
        await user.send("/start")
        [welcome] = await user.wait_for_messages()
        assert welcome["text"] == "Bienvenue !"
        assert user.buttons() == [["Oui"], ["Non"]]

        query_id = await user.press("Oui")
        [edited] = await user.wait_for_messages()
        answer = await user.wait_for_answer(query_id)

        assert edited["message_id"] == welcome["message_id"]
        assert edited["text"] == "Merci (consent:yes)"
        assert answer["text"] == "Enregistré"
        assert await emulator.wait_for_callback_answers() == []
    finally:
        await dispatcher.stop_polling()
        await polling


async def test_waiting_for_messages_that_never_come_fails_clearly(emulator: TelegramEmulator) -> None:
    user = emulator.user()

    with pytest.raises(AssertionError, match=r"expected 1 new bot message\(s\) within 0.01s, got 0"):
        await user.wait_for_messages(timeout=0.01)


# --- helpers ------------------------------------------------------------------------------------------


async def raw_post(emulator: TelegramEmulator, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session:
        async with session.post(emulator.base_url + path, data=form) as response:
            return response.status, await response.json()
