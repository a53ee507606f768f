"""`ara-bot organisation add|list` and `ara-bot invite create --role referent --organisation`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from bot import cli
from bot.db import create_engine, create_sessionmaker
from bot.models import InviteOrganisation, Organisation


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/ara.sqlite3")
    return CliRunner().invoke(cli.main, list(args))


async def _links(tmp_path: Path) -> list[tuple[str, int]]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/ara.sqlite3")
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.exec(
                select(Organisation.name, InviteOrganisation.invite_id).join(
                    InviteOrganisation,
                    InviteOrganisation.organisation_id == Organisation.id,  # type: ignore[arg-type]
                )
            )
            return list(rows.all())
    finally:
        await engine.dispose()


def test_an_organisation_and_an_invitation_for_its_referent(tmp_path, monkeypatch):
    assert _run(tmp_path, monkeypatch, "organisation", "add", "CCAS d'Aix").output == "Organisation CCAS d'Aix added.\n"
    duplicate = _run(tmp_path, monkeypatch, "organisation", "add", "ccas d'aix")
    assert duplicate.exit_code == 1 and "duplicate organisation" in duplicate.stderr
    assert _run(tmp_path, monkeypatch, "organisation", "list").output == "CCAS d'Aix\n"
    without = _run(tmp_path, monkeypatch, "invite", "create", "--role", "referent", "--bot-username", "ara_bot")
    assert without.exit_code == 1 and "referent needs organisation" in without.stderr
    made = _run(
        tmp_path,
        monkeypatch,
        "invite",
        "create",
        "--role",
        "referent",
        "--organisation",
        "CCAS d'Aix",
        "--bot-username",
        "ara_bot",
    )
    assert made.exit_code == 0 and made.output.startswith("Link: https://t.me/ara_bot?start=")
    assert [name for name, _ in asyncio.run(_links(tmp_path))] == ["CCAS d'Aix"]
