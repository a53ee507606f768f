"""`ara-bot invite create` on a machine that cannot reach Telegram: one clear line within
seconds, saying to pass --bot-username (no traceback, no minute-long wait)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot import cli

TOKEN = "123456789:" + "A" * 35


def _invite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, api_base: str) -> tuple[Result, float]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE", api_base)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/ara.sqlite3")
    started = time.monotonic()
    result = CliRunner().invoke(cli.main, ["invite", "create", "--role", "animator"])
    return result, time.monotonic() - started


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A local port that accepts connections and never answers: Telegram behind a firewall that drops."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def _closed_port() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


def _check_one_line(result: Result, elapsed: float) -> None:
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""  # no link printed, and no invitation created without one
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach Telegram at http://127.0.0.1:")
    assert "pass --bot-username" in lines[0]
    assert elapsed < cli.GET_ME_TIMEOUT + 5


def test_telegram_that_never_answers(tmp_path, monkeypatch, silent_server):
    _check_one_line(*_invite(tmp_path, monkeypatch, silent_server))


def test_telegram_refusing_connections(tmp_path, monkeypatch):
    _check_one_line(*_invite(tmp_path, monkeypatch, _closed_port()))
