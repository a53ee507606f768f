"""The relay buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from handlers.ui.callbacks import Int


class RelayReplyCallback(CallbackData, prefix="rr"):
    """ "Reply" under a tenant's relayed message: only the household's animator, coordinators, admins."""

    household_id: Int


class ConversationDoneCallback(CallbackData, prefix="rd"):
    """ "Done" under an acknowledgement: the tenant leaves the conversation with the team."""
