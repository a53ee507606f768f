"""`ara-bot` from the command line: help, configuration errors, bootstrap."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=60,
    )


def test_help_lists_the_commands():
    result = _run("--help")
    assert result.returncode == 0
    for command in ("run", "db", "staff", "household", "invite"):
        assert command in result.stdout


def test_missing_token_is_one_clear_line_and_status_2(tmp_path):
    result = _run("run", env={"BOT_TOKEN": ""}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: BOT_TOKEN is empty: create a bot with @BotFather and put its token in BOT_TOKEN"
    ]
    assert "Traceback" not in result.stderr + result.stdout


def test_malformed_setting_names_it(tmp_path):
    result = _run("run", env={"BOT_TOKEN": "123456789:" + "A" * 35, "TIMEZONE": "Mars/Olympus"}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "Configuration error: TIMEZONE unknown time zone 'Mars/Olympus' (e.g. Europe/Paris)"
    result = _run("db", "upgrade", env={"BOT_TOKEN": "not-a-token"}, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("Configuration error: BOT_TOKEN")


def test_bootstrap_staff_household_and_invitation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/ara.sqlite3")
    runner = CliRunner()
    result = runner.invoke(main, ["staff", "add", "1001", "--role", "animator", "--name", "Nadia"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        main, ["household", "add", "--ref", "pah-1", "--site", "Encagnane", "--qpv", "--animator", "1001"]
    )
    assert result.exit_code == 0 and "PAH-1" in result.output
    result = runner.invoke(main, ["household", "add", "--ref", "PAH-1", "--site", "Encagnane"])
    assert result.exit_code == 1 and "duplicate reference" in result.output
    result = runner.invoke(
        main, ["invite", "create", "--role", "tenant", "--household", "PAH-1", "--bot-username", "ara_bot"]
    )
    assert result.exit_code == 0 and "https://t.me/ara_bot?start=" in result.output
    result = runner.invoke(main, ["invite", "create", "--role", "tenant", "--bot-username", "ara_bot"])
    assert result.exit_code == 1 and "tenant needs household" in result.output
    result = runner.invoke(main, ["household", "list"])
    assert "PAH-1\tEncagnane\treferred\tQPV\tNadia" in result.output


def test_outbox_status(tmp_path, monkeypatch):
    import asyncio
    from datetime import datetime

    from bot.db import create_engine, create_sessionmaker
    from bot.models import Role
    from bot.services import delivery, people

    database_url = f"sqlite+aiosqlite:///{tmp_path}/ara.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    runner = CliRunner()
    assert "The outbox is empty." in runner.invoke(main, ["outbox", "status"]).output

    async def fill() -> None:
        engine = create_engine(database_url)
        async with create_sessionmaker(engine)() as session:
            person, _ = await people.add_staff(
                session, telegram_id=1, role=Role.animator, name="N", now=datetime.now(UTC)
            )
            due = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
            for index in range(3):
                await delivery.schedule(
                    session,
                    recipient_id=person.id,
                    kind="visit.reminder",
                    text="x",
                    dedup_key=f"k{index}",
                    due_at=due,
                    now=due,
                )
            await delivery.cancel(session, "k2")
            await session.commit()
        await engine.dispose()

    asyncio.run(fill())
    result = runner.invoke(main, ["outbox", "status"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["kind", "pending", "sending", "sent", "failed", "cancelled"]
    assert lines[1].split() == ["visit.reminder", "2", "0", "0", "0", "1"]
    assert lines[2] == "Oldest pending message due 2026-12-01 18:00 (Europe/Paris)."


FIXTURES = ROOT / "tests" / "fixtures" / "content"


def test_content_check_passes_on_the_shipped_content():
    result = CliRunner().invoke(main, ["content", "check"])
    assert result.exit_code == 0 and "Content is valid: 23 tutorials, 50 tips" in result.output


def test_content_check_names_the_broken_file_and_line():
    result = CliRunner().invoke(main, ["content", "check", "--root", str(FIXTURES / "unknown_category")])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert ".md:" in first and "category" in first


def test_the_bot_refuses_to_start_with_broken_content(tmp_path):
    result = _run(
        "run",
        env={"BOT_TOKEN": "123456789:" + "A" * 35, "CONTENT_DIR": str(FIXTURES / "broken_yaml")},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Content error: ") and ".md:" in result.stderr
    assert "Traceback" not in result.stderr


def test_household_close(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/ara.sqlite3")
    runner = CliRunner()
    assert runner.invoke(main, ["household", "add", "--ref", "PAH-9", "--site", "Encagnane"]).exit_code == 0
    result = runner.invoke(main, ["household", "close", "pah-9"])
    assert result.exit_code == 0 and "after 24 months" in result.output
    assert "already closed" in runner.invoke(main, ["household", "close", "PAH-9"]).output
    assert "PAH-9\tEncagnane\tclosed" in runner.invoke(main, ["household", "list"]).output
    result = runner.invoke(main, ["household", "close", "NOPE"])
    assert result.exit_code == 1 and "unknown household" in result.output


def test_webhook_mode_needs_its_secret(tmp_path):
    token = "123456789:AAEsandboxTokenForTheAraAssistantEmulator"
    result = _run(
        "run", env={"BOT_TOKEN": token, "WEBHOOK_URL": "https://ara.example.org", "WEBHOOK_SECRET": ""}, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: WEBHOOK_SECRET is empty: webhook mode (WEBHOOK_URL is set) needs it"
    ]
    result = _run("run", "--webhook", env={"BOT_TOKEN": token, "WEBHOOK_URL": ""}, cwd=tmp_path)
    assert result.returncode == 2
    assert "--webhook needs WEBHOOK_URL and WEBHOOK_SECRET" in result.stderr


def test_health_without_a_port_or_a_server(tmp_path):
    result = _run("health", env={"HEALTH_PORT": "", "WEBHOOK_URL": ""}, cwd=tmp_path)
    assert result.returncode == 1
    assert "HEALTH_PORT" in result.stderr
    result = _run("health", "--url", "http://127.0.0.1:9/healthz", cwd=tmp_path)
    assert result.returncode == 1
    assert "no answer from http://127.0.0.1:9/healthz" in result.stderr


def test_sandbox_runs_without_token_or_settings_and_cleans_up(tmp_path):
    """`ara-bot sandbox` on a fresh machine: no token, no database; a .env for production is ignored."""
    import json
    import re
    import signal
    import urllib.request

    (tmp_path / ".env").write_text("BOT_TOKEN=not-a-token\nDATABASE_URL=postgresql://nowhere/ara\n")
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "sandbox", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Data: "):
                break
        ready = next((re.search(r"open (http://\S+)", line) for line in lines if "Sandbox ready" in line), None)
        assert ready, "".join(lines)
        data_dir = Path(lines[-1].split()[1])
        assert (data_dir / "ara.sqlite3").is_file()
        with urllib.request.urlopen(ready.group(1) + "/api/session", timeout=10) as response:
            people = json.load(response)["people"]
        assert [person["key"] for person in people][:3] == ["claire", "nadia", "karim"]
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "Traceback" not in output
    assert not data_dir.exists()  # the temporary folder goes away with the sandbox


def test_sandbox_on_a_busy_port_says_so_in_one_line(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run("sandbox", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"Error: 127.0.0.1:{port} is already in use; choose another with --port"
    )
    assert "Traceback" not in result.stderr
