"""The relay buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

# "Reply" under a tenant's relayed message is pressed from the questionnaires' alerts too, so it
# lives in handlers/ui/callbacks.py (a feature never imports another); same prefix, same buttons.
from handlers.ui.callbacks import RelayReplyCallback as RelayReplyCallback


class ConversationDoneCallback(CallbackData, prefix="rd"):
    """ "Done" under an acknowledgement: the tenant leaves the conversation with the team."""
