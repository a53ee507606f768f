"""Webhook delivery: once the bot has called setWebhook, updates are POSTed to it, as Telegram does.

Telegram posts to the registered https URL. The emulator never leaves the machine,
so it posts to `targets` instead, local URLs taken in turn: they stand for the
reverse proxy that spreads Telegram's requests over several bot instances.
Like Telegram, it sends the `X-Telegram-Bot-Api-Secret-Token` header given to
setWebhook, delivers one update at a time, forgets an update once answered with
2xx, and tries again (on the next target) after a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.sandbox.state import BotState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_DELAY_SECONDS = 0.2
REQUEST_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Delivery:
    update_id: int
    target: str
    status: int | None  # None: the connection failed


class WebhookDelivery:
    def __init__(self, bot: BotState, targets: list[str]) -> None:
        if not targets:
            raise ValueError("at least one target URL is needed")
        self.bot = bot
        self.targets = list(targets)
        self.log: list[Delivery] = []
        self.delivered: dict[int, dict[str, Any]] = {}  # update id → the update, as posted
        self._turn = 0
        self._task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None

    def start(self) -> None:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS))
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._http is not None:
            await self._http.close()
            self._http = None

    def targets_of(self, update_id: int) -> list[str]:
        """Where this update was posted, in order (failed attempts included)."""
        return [entry.target for entry in self.log if entry.update_id == update_id]

    async def post(self, target: str, update: dict[str, Any]) -> int | None:
        """POST one update to `target`; also what a test calls to deliver an update twice on purpose."""
        assert self._http is not None, "start() first"
        headers = {"Content-Type": "application/json"}
        if secret := self.bot.webhook.get("secret_token"):
            headers[SECRET_HEADER] = secret
        try:
            async with self._http.post(target, data=json.dumps(update), headers=headers) as response:
                await response.read()
                status: int | None = response.status
        except (aiohttp.ClientError, TimeoutError):
            status = None
        self.log.append(Delivery(update["update_id"], target, status))
        return status

    async def _run(self) -> None:
        queue = self.bot.updates
        while True:
            update = queue.next_deliverable() if self.bot.webhook.get("url") else None
            if update is None:
                await queue.changed()
                continue
            target = self.targets[self._turn % len(self.targets)]
            self._turn += 1
            status = await self.post(target, update)
            if status is not None and 200 <= status < 300:
                self.delivered[update["update_id"]] = update
                queue.confirm_delivered(update["update_id"])
            else:
                await asyncio.sleep(RETRY_DELAY_SECONDS)
