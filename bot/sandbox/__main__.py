"""Run the emulator on its own: `python -m bot.sandbox --host 127.0.0.1 --port 8081`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from bot.sandbox.emulator import TelegramEmulator
from bot.sandbox.limits import Limits


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--spec", default=None, help="path to api.json (default: $TELEGRAM_API_SPEC or ../shared)")
    parser.add_argument("--username", default="ara_test_bot", help="username of the default bot")
    parser.add_argument("--no-limits", action="store_true", help="do not answer 429 on floods")
    parser.add_argument(
        "--webhook-to",
        action="append",
        default=[],
        metavar="URL",
        help="once the bot sets a webhook, POST updates to this local URL (repeat: in turn, like a load balancer)",
    )
    return parser.parse_args()


async def _serve(arguments: argparse.Namespace) -> None:
    emulator = TelegramEmulator(
        limits=Limits(enforce=not arguments.no_limits), spec_path=arguments.spec, bot_username=arguments.username
    )
    base_url = await emulator.start(arguments.host, arguments.port)
    print(f"Telegram Bot API emulator ({emulator.spec.version}) at {base_url}", flush=True)
    print(f"TELEGRAM_API_BASE={base_url}", flush=True)
    print(f"token: {emulator.token}  (any <digits>:<35+ characters> token is accepted)", flush=True)
    if arguments.webhook_to:
        emulator.deliver_webhooks(arguments.webhook_to)
        print(f"webhook updates go to: {', '.join(arguments.webhook_to)}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await emulator.stop()


def main() -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(_arguments()))


if __name__ == "__main__":
    main()
