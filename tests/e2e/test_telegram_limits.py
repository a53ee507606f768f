"""A handler that breaks Telegram's rules is caught by the emulator, as Telegram
would, and the person gets an apology instead of silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.filters import Anyone
from handlers import get_routers
from tests.e2e.conftest import start_bot


async def _too_long(message: Message) -> None:
    await message.answer("x" * 5000)


async def _fat_button(message: Message) -> None:
    button = InlineKeyboardButton(text="Go", callback_data="d" * 70)
    await message.answer("Pick", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))


async def _broken_html(message: Message) -> None:
    await message.answer("<b>bold without end")


def _faulty_router() -> Router:
    router = Router(name="faulty")
    router.message.filter(Anyone())
    router.message.register(_too_long, Command("long"))
    router.message.register(_fat_button, Command("fat"))
    router.message.register(_broken_html, Command("html"))
    return router


async def test_bad_output_is_rejected_like_telegram_and_answered_with_an_apology(
    emulator, database_url, sessionmaker, clock, library, caplog
):
    routers = [_faulty_router(), *get_routers()]
    async with start_bot(emulator, database_url, sessionmaker, clock, library, routers=routers):
        user = emulator.user(9001, "Sam", language_code="en")
        expected = {
            "/long": "Bad Request: message is too long",
            "/fat": "Bad Request: BUTTON_DATA_INVALID",
            "/html": "Bad Request: can't parse entities",
        }
        for command in expected:
            await user.send(command)
            [apology] = await user.wait_for_messages()
            assert apology["text"] == "Sorry, something went wrong on our side. Please try again, or send /menu."
        logged = " ".join(r.getMessage() for r in caplog.records if r.name == "handlers.errors")
        for error in expected.values():
            assert error in logged
        rejected = [call for call in emulator.calls if call.method == "sendMessage"]
        assert len(rejected) == 6  # three refused, three apologies
        assert emulator.stats.errors_per_code[400] == 3
