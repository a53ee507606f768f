"""Secrets and personal values never reach the logs.

aiogram and aiohttp put the request URL in some errors, and Telegram's URLs
carry the bot token (`/bot<token>/getUpdates`). A filter on every handler of
the root logger replaces the token wherever it appears, in the message, its
arguments and the formatted traceback.

A failed statement's values are hidden by the engine (`hide_parameters`, bot/db.py), but
PostgreSQL repeats some of them in its own error text: `DETAIL:  Key (telegram_id)=(…)
already exists`, `Failing row contains (…)`. The same filter cuts those details off.
"""

from __future__ import annotations

import logging
import re

MASK = "<BOT_TOKEN>"
HIDDEN = "<hidden>"
# The server's DETAIL line (to the end of its line) and a key's values inside an error message.
_SERVER_DETAIL = re.compile(r"(DETAIL:\s*).*")
_KEY_VALUES = re.compile(r"(Key \([^)]*\))=\(.*?\)(?= already exists| is not present| conflicts|\s|$)")


def hide_values(text: str) -> str:
    text = _SERVER_DETAIL.sub(rf"\g<1>{HIDDEN}", text)
    return _KEY_VALUES.sub(rf"\g<1>=({HIDDEN})", text)


class SecretMaskFilter(logging.Filter):
    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def _mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return hide_values(text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._mask(record.getMessage())
        record.args = None
        if record.exc_info:
            # Format the traceback now, masked, so handlers print this text instead.
            record.exc_text = self._mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def mask_secrets_in_logs(*secrets: str) -> None:
    """Install the filter on every handler of the root logger (call after logging is configured)."""
    mask = SecretMaskFilter(*secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(mask)
