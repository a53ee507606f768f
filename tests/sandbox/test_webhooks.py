"""The emulator delivers updates by webhook after setWebhook: in turn to its targets, with the
secret header, again on the next target after a failure, forgotten once answered 2xx."""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiohttp import web

from bot.sandbox import TelegramEmulator, emulator_session
from bot.sandbox.webhooks import SECRET_HEADER


async def serve(status: int, received: list[tuple[dict, str | None]]) -> tuple[web.AppRunner, str]:
    async def handle(request: web.Request) -> web.Response:
        received.append((await request.json(), request.headers.get(SECRET_HEADER)))
        return web.json_response({}, status=status)

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}/hook"


async def test_updates_go_by_webhook_once_set_retrying_on_the_next_target():
    failing: list = []
    working: list = []
    failing_runner, failing_url = await serve(500, failing)
    working_runner, working_url = await serve(200, working)
    emulator = TelegramEmulator()
    await emulator.start()
    bot = Bot(emulator.token, session=emulator_session(emulator.base_url))
    try:
        delivery = emulator.deliver_webhooks([failing_url, working_url])
        user = emulator.user(first_name="Amina")
        await user.send("before the webhook")
        await asyncio.sleep(0.3)
        assert failing == working == [] and delivery.log == []  # no webhook yet: the update waits

        await bot.set_webhook("https://bot.example.org/hook", secret_token="s3cret-token")
        async with asyncio.timeout(5):
            while len(delivery.delivered) < 1:  # answered, recorded and forgotten
                await asyncio.sleep(0.05)
        [(update, secret)] = working
        assert update["message"]["text"] == "before the webhook" and secret == "s3cret-token"
        assert [(entry.target, entry.status) for entry in delivery.log] == [(failing_url, 500), (working_url, 200)]
        assert (await bot.get_webhook_info()).pending_update_count == 0

        await user.send("second")
        async with asyncio.timeout(5):
            while len(delivery.delivered) < 2:
                await asyncio.sleep(0.05)
        assert working[1][0]["message"]["text"] == "second"
        assert delivery.targets_of(working[1][0]["update_id"]) == [failing_url, working_url]
    finally:
        await bot.session.close()
        await emulator.stop()
        await failing_runner.cleanup()
        await working_runner.cleanup()
    assert emulator.internal_errors == []
