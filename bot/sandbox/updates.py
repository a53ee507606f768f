"""The update queue behind getUpdates, and the wake-up signal its waiters share."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Any

from bot.sandbox.errors import conflict

# What getUpdates delivers when allowed_updates was never set (or set to []).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class Signal:
    """Wakes every current waiter on `notify()`; later waiters wait for the next one.

    Waiters re-check their condition after waking, so no state travels with the signal.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self) -> None:
        await self._event.wait()


class UpdateQueue:
    """Updates stay queued until a getUpdates call confirms them with a higher offset."""

    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._allowed: frozenset[str] | None = None
        self._poll_generation = 0
        self._released_generation = 0
        self._changed = Signal()

    def push(self, update_type: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_update_id, update_type: payload}
        self._next_update_id += 1
        self._pending.append(update)
        self._changed.notify()
        return update

    @property
    def pending(self) -> list[dict[str, Any]]:
        return list(self._pending)

    def drop_pending(self) -> None:
        self._pending.clear()

    def allow(self, allowed_updates: Collection[str] | None) -> None:
        """allowed_updates of getUpdates or setWebhook: None keeps the previous choice."""
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) or None

    # --- webhook delivery (bot/sandbox/webhooks.py) -------------------------------------------

    def next_deliverable(self) -> dict[str, Any] | None:
        deliverable = self._deliverable()
        return deliverable[0] if deliverable else None

    def confirm_delivered(self, update_id: int) -> None:
        """The webhook answered 2xx: Telegram forgets the update."""
        self._pending = [update for update in self._pending if update["update_id"] != update_id]

    def wake(self) -> None:
        """Something other than the queue changed (a webhook was set): waiters look again."""
        self._changed.notify()

    async def changed(self) -> None:
        await self._changed.wait()

    def release_waiting_polls(self) -> None:
        """End the long polls waiting now with no updates, so the server can shut down promptly."""
        self._released_generation = self._poll_generation
        self._changed.notify()

    async def take(
        self, offset: int | None, limit: int, timeout: float, allowed_updates: Collection[str] | None
    ) -> list[dict[str, Any]]:
        """getUpdates: confirm below `offset`, then wait up to `timeout` seconds for something to return."""
        self._confirm(offset)
        self.allow(allowed_updates)
        # A newer getUpdates ends the older one, as Telegram does when two bot instances poll.
        self._poll_generation += 1
        generation = self._poll_generation
        self._changed.notify()
        try:
            async with asyncio.timeout(timeout if timeout > 0 else None):
                while True:
                    if generation != self._poll_generation:
                        raise conflict(
                            "terminated by other getUpdates request; make sure that only one bot instance is running"
                        )
                    if deliverable := self._deliverable():
                        return deliverable[:limit]
                    if timeout <= 0 or generation <= self._released_generation:
                        break
                    await self._changed.wait()
        except TimeoutError:
            pass
        return []

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            # A negative offset keeps only the last |offset| updates.
            del self._pending[: max(len(self._pending) + offset, 0)]
        else:
            self._pending = [update for update in self._pending if update["update_id"] >= offset]

    def _deliverable(self) -> list[dict[str, Any]]:
        # Telegram never creates updates of types the bot did not ask for, so drop them for good.
        self._pending = [update for update in self._pending if self._is_allowed(update)]
        return self._pending

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        update_type = next(key for key in update if key != "update_id")
        if self._allowed is None:
            return update_type not in DEFAULT_EXCLUDED_UPDATES
        return update_type in self._allowed
