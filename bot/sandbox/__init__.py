"""Local Telegram Bot API emulator: tests, benchmarks and the sandbox talk to it over HTTP."""

from bot.sandbox.emulator import TelegramEmulator, api_server, emulator_session
from bot.sandbox.limits import Limits
from bot.sandbox.testing import ManualClock, TestUser, make_png

__all__ = ["Limits", "ManualClock", "TelegramEmulator", "TestUser", "api_server", "emulator_session", "make_png"]
