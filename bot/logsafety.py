"""Secrets never reach the logs.

aiogram and aiohttp put the request URL in some errors, and Telegram's URLs
carry the bot token (`/bot<token>/getUpdates`). A filter on every handler of
the root logger replaces the token wherever it appears, in the message, its
arguments and the formatted traceback.
"""

from __future__ import annotations

import logging

MASK = "<BOT_TOKEN>"


class SecretMaskFilter(logging.Filter):
    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def _mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
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
