"""Keyboards of the relay: under the writing screen, after sending, under a relayed message."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.relay.callbacks import ConversationDoneCallback, RelayReplyCallback
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.layout import button, keyboard
from handlers.ui.menus import back_to_menu_button


def compose() -> InlineKeyboardMarkup:
    return keyboard([button(_("🚨 Emergency"), MenuCallback(action=MenuAction.emergency))], [back_to_menu_button()])


def in_conversation() -> InlineKeyboardMarkup:
    """Under each acknowledgement: the conversation goes on until "Done"."""
    return keyboard(
        [button(_("✅ I have finished"), ConversationDoneCallback())],
        [button(_("🚨 Emergency"), MenuCallback(action=MenuAction.emergency))],
    )


def emergency(may_write: bool) -> InlineKeyboardMarkup:
    """Under the emergency numbers: a tenant of a household may write to their animator next."""
    write = [button(_("✉️ Write to my animator"), MenuCallback(action=MenuAction.relay))] if may_write else []
    return keyboard(write, [back_to_menu_button()])


def cancel_reply() -> InlineKeyboardMarkup:
    return keyboard([button(_("✖️ Cancel"), MenuCallback(action=MenuAction.menu))])


def reply_to_household(household_id: int) -> InlineKeyboardMarkup:
    """Under a tenant's message, for the team."""
    return keyboard([button(_("↩️ Reply"), RelayReplyCallback(household_id=household_id))])


def reply_to_team() -> InlineKeyboardMarkup:
    """Under the team's answer, for the tenant."""
    return keyboard([button(_("↩️ Reply"), MenuCallback(action=MenuAction.relay_reply))])
