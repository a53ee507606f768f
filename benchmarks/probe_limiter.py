"""Not a benchmark: reproduces two per-chat pacing flaws of bot/delivery/limiter.py.

1. No margin. The per-chat limiter is a leaky bucket with exactly Telegram's figures
   (burst CHAT_BURST=3, 1 message/s). It paces the moment a message *leaves*; Telegram
   counts the moment it *arrives*. When the first message of a burst takes longer on
   the wire than the fourth (it opened the connection, or the loop was busy), the
   fourth arrives less than a second after the first: 429. (The global limiter avoids
   this on purpose: burst 5 against Telegram's 30.)
2. Chat token first, global queue second. TelegramRateLimiter.acquire() spends the
   chat's token when a message *enters* the global queue. Behind a backlog (replies to
   many people at once), messages to one chat that got their tokens a second apart
   leave back to back: more 429s.

Each 429 also pauses every send of the bot for retry_after (RateLimitMiddleware calls
limiter.pause), whichever chat it was for.

Three runs of the real bot's sending path (create_bot: limiter + request middleware)
against the emulator with Telegram's default limits, BUSY_SENDS messages to one chat:
- in a row: a handler awaiting each answer, nothing else going on;
- at once: the same messages sent concurrently;
- behind a backlog: at once, while BACKLOG messages to other chats are queued.
The emulator's 429 count for that chat is printed with the acceptance times.

    .venv/bin/python -m benchmarks.probe_limiter
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from benchmarks.common import TimedEmulator
from bot.app import create_bot
from bot.config import load_settings

BUSY_SENDS = 5  # more than the per-chat burst of 3
BACKLOG = 90  # messages to other chats queued at the same moment: 3 s of sending at 30/s
BUSY_CHAT = 1
FIRST_OTHER_CHAT = 10_000


async def scenario(name: str) -> dict[str, Any]:
    emulator = TimedEmulator()  # Telegram's limits: 30/s overall; 1/s and burst 3 per chat
    await emulator.start()
    settings = load_settings(_env_file=None, bot_token=emulator.token, telegram_api_base=emulator.base_url)
    bot = create_bot(settings)
    try:
        emulator.user(BUSY_CHAT, "Busy")
        backlog = BACKLOG if name == "behind a backlog" else 0
        others = [emulator.user(FIRST_OTHER_CHAT + i, "Other").id for i in range(backlog)]
        replies = [f"reply {i}" for i in range(BUSY_SENDS)]
        started = time.monotonic()
        if name == "in a row":
            for text in replies:
                await bot.send_message(BUSY_CHAT, text)
        else:
            await asyncio.gather(
                *(bot.send_message(chat, "backlog") for chat in others),
                *(bot.send_message(BUSY_CHAT, text) for text in replies),
            )
        accepted = [round(a.answered - started, 2) for a in emulator.accepted_sends() if a.chat_id == BUSY_CHAT]
        return {
            "scenario": name,
            "accepted_at_s": accepted,
            "rejected_429": emulator.stats.rejected_429_per_chat[BUSY_CHAT],
        }
    finally:
        await bot.session.close()
        await emulator.stop()


async def main() -> None:
    for name in ("in a row", "at once", "behind a backlog"):
        print(await scenario(name), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
