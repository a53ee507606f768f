"""The Bot API emulator: an aiohttp server speaking Telegram's HTTP protocol, plus its test-facing API.

emulator = TelegramEmulator()
await emulator.start()
bot = Bot(emulator.token, session=emulator_session(emulator.base_url))
user = emulator.user(first_name="Amina")
await user.send("/start")
[reply] = await user.wait_for_messages()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from bot.sandbox.errors import (
    ApiError,
    bad_request,
    entity_too_large,
    not_found,
    unauthorized,
)
from bot.sandbox.files import FILE_UPLOAD_LIMIT, FileStore
from bot.sandbox.limits import Limits
from bot.sandbox.methods import METHODS
from bot.sandbox.spec import UploadedFile, load_spec, validate_call
from bot.sandbox.state import (
    BotState,
    Call,
    CallbackAnswer,
    InjectedError,
    Settings,
    Stats,
    command_scope_key,
)
from bot.sandbox.testing import TestUser
from bot.sandbox.webhooks import WebhookDelivery

__all__ = ["DEFAULT_TOKEN", "Limits", "TelegramEmulator", "api_server", "emulator_session"]

logger = logging.getLogger(__name__)

TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]{35,}")
DEFAULT_TOKEN = "123456789:AAEsandboxTokenForTheAraAssistantEmulator"
FIRST_TEST_USER_ID = 1001
# Room for a 50 MB document plus the rest of the multipart body.
_MAX_REQUEST_BYTES = FILE_UPLOAD_LIMIT + 1024 * 1024


def api_server(base_url: str) -> TelegramAPIServer:
    """What to give aiogram's AiohttpSession(api=...) to talk to an emulator at `base_url`."""
    return TelegramAPIServer.from_base(base_url)


def emulator_session(base_url: str) -> AiohttpSession:
    """An aiogram session for the emulator at `base_url`; close it with `await session.close()`."""
    return _PlainHttpSession(api=api_server(base_url))


class _PlainHttpSession(AiohttpSession):
    # aiogram's close() waits 250 ms for SSL connections to shut down; the emulator speaks plain
    # HTTP, and test suites close hundreds of sessions.
    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class TelegramEmulator:
    def __init__(
        self,
        limits: Limits | None = None,
        spec_path: str | os.PathLike[str] | None = None,
        bot_username: str = "ara_test_bot",
        callback_query_timeout: float = 15.0,
        *,
        bot_first_name: str = "ARA Assistant",
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.spec = load_spec(spec_path)
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.settings = Settings(limits or Limits(), callback_query_timeout, clock, wall_clock)
        self.internal_errors: list[BaseException] = []  # emulator bugs, answered with HTTP 500
        self._bots: dict[str, BotState] = {}
        self._webhooks: list[WebhookDelivery] = []
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 picks a free port); returns the base URL."""
        if self._runner is not None:
            raise RuntimeError("the emulator is already running")
        runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        self._runner = runner
        bound_host, bound_port = runner.addresses[0][:2]
        if ":" in bound_host:  # IPv6 literals need brackets in URLs
            bound_host = f"[{bound_host}]"
        self._base_url = f"http://{bound_host}:{bound_port}"
        return self._base_url

    async def stop(self) -> None:
        for delivery in self._webhooks:
            await delivery.stop()
        self._webhooks.clear()
        for bot in self._bots.values():
            bot.updates.release_waiting_polls()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._base_url = None

    async def __aenter__(self) -> TelegramEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=_MAX_REQUEST_BYTES)
        app.router.add_get("/bot{token}/{method}", self._handle_method)
        app.router.add_post("/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        return app

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the emulator is not running; await start() first")
        return self._base_url

    # --- configuration -----------------------------------------------------------------------

    @property
    def limits(self) -> Limits:
        return self.settings.limits

    @limits.setter
    def limits(self, limits: Limits) -> None:
        self.settings.limits = limits

    @property
    def callback_query_timeout(self) -> float:
        return self.settings.callback_query_timeout

    @callback_query_timeout.setter
    def callback_query_timeout(self, seconds: float) -> None:
        self.settings.callback_query_timeout = seconds

    # --- test-facing API (default bot unless a token is given) ------------------------------------

    @property
    def token(self) -> str:
        return DEFAULT_TOKEN

    def bot(self, token: str | None = None) -> BotState:
        """State of the bot behind `token` (any well-formed token gets its own)."""
        token = token or DEFAULT_TOKEN
        if not TOKEN_PATTERN.fullmatch(token):
            raise unauthorized()
        if token not in self._bots:
            username = self.bot_username if token == DEFAULT_TOKEN else f"test_{token.split(':')[0]}_bot"
            self._bots[token] = BotState(token, username, self.bot_first_name, self.settings)
        return self._bots[token]

    def user(
        self,
        user_id: int | None = None,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        token: str | None = None,
    ) -> TestUser:
        """A user with a private chat the bot may write to; the same id gives the same chat."""
        bot = self.bot(token)
        if user_id is None:
            user_id = max(bot.chats, default=FIRST_TEST_USER_ID - 1) + 1
        profile: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        optional = {"last_name": last_name, "username": username, "language_code": language_code}
        profile.update({key: value for key, value in optional.items() if value is not None})
        return TestUser(bot, bot.register_user(profile))

    @property
    def stats(self) -> Stats:
        return self.bot().stats

    @property
    def calls(self) -> list[Call]:
        return self.bot().calls

    @property
    def files(self) -> FileStore:
        return self.bot().files

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return self.bot().callback_answers

    async def wait_for_call(
        self, method: str, timeout: float = 5.0, *, since: int | None = None, token: str | None = None
    ) -> Call:
        """The first call of `method` at index `since` or later in `calls` (default: from now on).

        The call is recorded just before its implementation runs, so once this returns a
        getUpdates long poll is already waiting.
        """
        bot = self.bot(token)
        position = len(bot.calls) if since is None else since
        try:
            async with asyncio.timeout(timeout):
                while True:
                    for call in bot.calls[position:]:
                        if call.method.lower() == method.lower():
                            return call
                    position = len(bot.calls)
                    await bot.calls_changed.wait()
        except TimeoutError:
            raise AssertionError(f"the bot did not call {method} within {timeout}s") from None

    def deliver_webhooks(self, targets: list[str], *, token: str | None = None) -> WebhookDelivery:
        """From now on, once the bot has set a webhook, POST its updates to `targets` in turn
        (local URLs standing for a reverse proxy in front of several instances), as Telegram would
        to the webhook's URL. Stopped with the emulator."""
        delivery = WebhookDelivery(self.bot(token), targets)
        delivery.start()
        self._webhooks.append(delivery)
        return delivery

    def unanswered_callback_queries(self, *, token: str | None = None) -> list[str]:
        return [query.query_id for query in self.bot(token).callback_queries.values() if not query.answered]

    async def wait_for_callback_answers(self, timeout: float = 5.0, *, token: str | None = None) -> list[str]:
        """Wait until every callback query so far is answered; return the ones still unanswered.

        Handlers often edit the message before answering, so a test that saw the edit must
        still wait for the answer: `assert await emulator.wait_for_callback_answers() == []`.
        """
        bot = self.bot(token)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self.unanswered_callback_queries(token=token):
                    await bot.answers_changed.wait()
        return self.unanswered_callback_queries(token=token)

    def commands(
        self, scope: Mapping[str, Any] | str | None = None, language_code: str | None = None
    ) -> list[dict[str, str]]:
        """Commands set for exactly this scope (a BotCommandScope dict or its type name) and language."""
        if isinstance(scope, str):
            scope = {"type": scope}
        return list(self.bot().commands.get((command_scope_key(scope), language_code or ""), []))

    def inject_error(
        self,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
        error_code: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        *,
        token: str | None = None,
    ) -> InjectedError:
        """Make the next `times` calls of `method` (None: any) to `chat_id` (None: any) fail this way."""
        fault = InjectedError.planned(method, chat_id, error_code, description, retry_after, times)
        self.bot(token).faults.append(fault)
        return fault

    # --- HTTP ---------------------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.Response:
        bot: BotState | None = None
        params: dict[str, Any] = {}
        try:
            bot = self.bot(request.match_info["token"])
            raw, attachments = await _read_parameters(request)
            method = self.spec.method(request.match_info["method"])
            if method is None:
                bot.record_call(request.match_info["method"], raw)
                raise not_found()
            try:
                params = validate_call(method, raw, attachments)
            finally:
                bot.record_call(method.name, params or raw)
            if fault := bot.take_fault(method.name, params):
                raise fault
            handler = METHODS.get(method.name.lower())
            if handler is None:
                raise bad_request("method not supported by the emulator")
            result = await handler(bot, params)
        except ApiError as error:
            if bot is not None:
                bot.count_error(error, params.get("chat_id"))
            return web.json_response(error.payload(), status=error.error_code)
        except Exception as exc:  # an emulator bug: answer like Telegram would, and keep it for the test
            logger.exception("emulator failed on %s", request.path)
            self.internal_errors.append(exc)
            failure = ApiError(500, f"Internal Server Error: emulator bug: {exc!r}")
            return web.json_response(failure.payload(), status=500)
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        try:
            stored = self.bot(request.match_info["token"]).files.by_path(request.match_info["file_path"])
            if stored is None:
                raise not_found()
        except ApiError as error:
            return web.json_response(error.payload(), status=error.error_code)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")


async def _read_parameters(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Query string plus body (form, multipart or JSON), as Telegram accepts them all."""
    raw: dict[str, Any] = dict(request.query)
    attachments: dict[str, UploadedFile] = {}
    if request.method != "POST" or not request.body_exists:
        return raw, attachments
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse request JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse request JSON object")
        raw.update(body)
        return raw, attachments
    try:
        form = await request.post()
    except web.HTTPRequestEntityTooLarge:
        raise entity_too_large() from None
    for name, value in form.items():
        if isinstance(value, web.FileField):
            with value.file:
                attachments[name] = UploadedFile(value.filename, value.content_type, value.file.read())
        else:
            raw[name] = value
    return raw, attachments
