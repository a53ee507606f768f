"""Logging: JSON lines in production, readable lines in development, and on every
line the update being handled, the person (our internal id) and the flow.

The context travels in contextvars, set by UpdateContextMiddleware (update id),
DbSessionMiddleware (person id) and FlowMiddleware (the handler that took the
update). Each update is handled in its own asyncio task, so one update's context
never leaks into another's. Logs hold ids only: never a name, a message text, a
phone number or a Telegram id (SECURITY.md); bot/logsafety.py masks the token.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.types import TelegramObject, Update

LOG_FORMATS = ("text", "json")

update_id_var: ContextVar[int | None] = ContextVar("update_id", default=None)
person_id_var: ContextVar[int | None] = ContextVar("person_id", default=None)
flow_var: ContextVar[str | None] = ContextVar("flow", default=None)

CONTEXT_FIELDS = ("update_id", "person_id", "flow")
TEXT_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s [update=%(update_id)s person=%(person_id)s flow=%(flow)s]: %(message)s"
)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ContextFilter(logging.Filter):
    """Copies the current update's context onto every record (None outside an update)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = update_id_var.get()
        record.person_id = person_id_var.get()
        record.flow = flow_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log collectors (journald, Loki, Docker) parse as is."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            record.exc_text = record.exc_text or self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO", log_format: str = "text") -> None:
    """Replace the root logger's handlers with one on stderr in the chosen format."""
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # aiohttp's access log would print every webhook request; /healthz probes make it noise.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


class UpdateContextMiddleware(BaseMiddleware):
    """Outermost: a fresh context for each update, so nothing is inherited from another."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        update_id_var.set(event.update_id if isinstance(event, Update) else None)
        person_id_var.set(None)
        flow_var.set(None)
        return await handler(event, data)


class FlowMiddleware(BaseMiddleware):
    """Inner: names the handler that took the update, e.g. `workshops.choose_day`."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        handler_object: HandlerObject | None = data.get("handler")
        if handler_object is not None:
            flow_var.set(flow_name(handler_object.callback))
        return await handler(event, data)


def flow_name(callback: Callable[..., Any]) -> str:
    module = getattr(callback, "__module__", "") or ""
    name = getattr(callback, "__qualname__", type(callback).__name__)
    return f"{module.removeprefix('handlers.')}.{name}"


def track_flows(root: Router) -> None:
    """Put FlowMiddleware on every event observer of `root` and of the routers under it."""
    middleware = FlowMiddleware()
    for router in root.chain_tail:
        for name, observer in router.observers.items():
            if name not in ("update", "error"):
                observer.middleware(middleware)
