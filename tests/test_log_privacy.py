"""A failed statement's values never reach the logs (SECURITY.md, "Logs"), on SQLite and
PostgreSQL: the engine hides its parameters and the log filter hides PostgreSQL's DETAIL
lines, which repeat a key's values. The log lines are produced as `ara-bot run` does
(bot/logs.py's format, bot/logsafety.py's filter) and read back."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy.exc import DBAPIError

from bot.logs import ContextFilter, JsonFormatter
from bot.logsafety import SecretMaskFilter
from bot.models import Person, RelayDirection, RelayKind, RelayMessage, Role
from tests import factories

NAME = "Zélie-Quintessa"
TELEGRAM_ID = 777123456
SECRET_WORDS = "mon mari me frappe"


def _production_log() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.addFilter(SecretMaskFilter("123:token"))
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("test.log_privacy")
    logger.handlers, logger.propagate = [handler], False
    return logger, stream


async def test_a_failed_statement_logs_neither_its_values_nor_the_servers_details(sessionmaker):
    logger, stream = _production_log()
    async with sessionmaker() as session:
        tenant = await factories.tenant(session, TELEGRAM_ID, name=NAME)
        await session.commit()
    failures = 0
    async with sessionmaker() as session:
        session.add(Person(telegram_id=TELEGRAM_ID, name=NAME, role=Role.tenant))  # the same Telegram id again
        with pytest.raises(DBAPIError) as duplicate:
            await session.flush()
        logger.error("update 1 failed: %r", duplicate.value, exc_info=duplicate.value)
        failures += 1
    async with sessionmaker() as session:
        session.add(  # a message of a household that does not exist: a foreign key refused
            RelayMessage(
                household_id=999_999,
                sender_id=tenant.id,
                direction=RelayDirection.to_team,
                kind=RelayKind.text,
                text=SECRET_WORDS,
            )
        )
        with pytest.raises(DBAPIError) as refused:
            await session.flush()
        logger.error("update 2 failed: %r", refused.value, exc_info=refused.value)
        failures += 1
    logged = stream.getvalue()
    assert logged.count("\n") == failures and "parameters hidden" in logged
    for private in (NAME, str(TELEGRAM_ID), SECRET_WORDS, "frappe"):
        assert private not in logged, private
