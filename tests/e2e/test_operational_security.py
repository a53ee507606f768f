"""Webhook secret, secrets kept out of the logs, flood control."""

from __future__ import annotations

import io
import logging

import aiohttp
from aiohttp import web

from bot.app import WEBHOOK_PATH, create_bot, create_dispatcher, create_webhook_app
from bot.config import load_settings
from bot.logsafety import MASK, SecretMaskFilter
from bot.models import Role
from tests.e2e.conftest import start_bot

SECRET = "s3cret-webhook-token-0123456789"


def test_the_token_never_reaches_the_logs():
    token = "123456789:AAE-very-secret-token-for-the-test-0001"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(SecretMaskFilter(token))
    logger = logging.getLogger("tests.masking")
    logger.addHandler(handler)
    try:
        logger.error("request to https://api.telegram.org/bot%s/getUpdates failed", token)
        try:
            raise ConnectionError(f"cannot reach https://api.telegram.org/bot{token}/sendMessage")
        except ConnectionError:
            logger.exception("network")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert token not in written and written.count(MASK) == 2 and "ConnectionError" in written


async def test_webhook_refuses_requests_without_the_secret(emulator, database_url, sessionmaker, clock, library):
    settings = load_settings(
        _env_file=None,
        bot_token=emulator.token,
        telegram_api_base=emulator.base_url,
        database_url=database_url,
        webhook_url="https://ara.example.org",
        webhook_secret=SECRET,
    )
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, sessionmaker, clock=clock, library=library, run_scheduler=False)
    runner = web.AppRunner(create_webhook_app(settings, bot, dispatcher))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    user = emulator.user(9901, "Sam", language_code="en")
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_790_000_000,
            "text": "/start",
            "chat": {"id": 9901, "type": "private", "first_name": "Sam"},
            "from": {"id": 9901, "is_bot": False, "first_name": "Sam", "language_code": "en"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    try:
        async with aiohttp.ClientSession() as client:
            async with client.post(url, json=update) as response:
                assert response.status == 401
            async with client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
                assert response.status == 401
            assert user.messages == []
            secret = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            # With the right secret, a body that is not an update is a bad request, not our error.
            for body in (b"{not json", b"[1, 2]", b'{"update_id": "x"}', b"\xff\xfe"):
                async with client.post(url, data=body, headers=secret) as response:
                    assert response.status == 400, body
            async with client.post(url, json=update, headers=secret) as response:
                assert response.status == 200
        [reply] = await user.wait_for_messages()
        assert "invitation" in reply["text"]
        assert user.messages == [reply]
    finally:
        await runner.cleanup()
        await bot.session.close()


async def test_a_flooding_account_is_slowed_down_without_affecting_others(
    emulator, database_url, sessionmaker, clock, library
):
    async with start_bot(
        emulator, database_url, sessionmaker, clock, library, flood_max_updates=5, flood_window_seconds=60
    ) as running:
        await running.member(9902, Role.tenant, "Flo", locale="en")
        await running.member(9903, Role.tenant, "Calm", locale="en")
        flooder, calm = emulator.user(9902, "Flo", language_code="en"), emulator.user(9903, "Calm", language_code="en")
        for _ in range(9):
            await flooder.send("/menu")
        replies = await flooder.wait_for_messages(6)
        assert [r["text"] for r in replies].count("You are sending a lot very quickly. Please wait a few seconds.") == 1
        await calm.send("/menu")
        [menu] = await calm.wait_for_messages()
        assert menu["text"].startswith("Hello Calm")
        assert len(flooder.messages) == 6  # five menus and one warning, the rest dropped
