"""`ara-bot`: run the bot, migrate the database, bootstrap staff, households
and invitations from the command line.

A bad setting prints one line naming it and exits with status 2.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from bot.config import Settings, SettingsError, load_settings
from bot.db import create_engine, create_sessionmaker, current_revision, upgrade
from bot.logs import configure_logging
from bot.logsafety import mask_secrets_in_logs
from bot.models import Organisation, OutboxStatus, Phase, Role, utcnow
from bot.person_cache import RedisVersion, StampFile, stamp_path, watch_person_writes
from bot.services import delivery, households, invites, people, referrals
from bot.services.households import HouseholdError
from bot.services.invites import InviteError
from bot.services.people import PersonError
from bot.services.referrals import ReferralError

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.models import Household, Invite, Person
    from bot.services.content import ContentLibrary

T = TypeVar("T")


def _settings(require_token: bool = False) -> Settings:
    try:
        return load_settings(require_token=require_token)
    except SettingsError as error:
        click.echo(f"Configuration error: {error}", err=True)
        sys.exit(2)


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


async def _with_session(settings: Settings, work: Callable[..., Awaitable[T]]) -> T:
    """Migrate, then run `work(session)` in one transaction."""
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        changed: list[bool] = []
        watch_person_writes(sessionmaker, lambda: changed.append(True))
        async with sessionmaker() as session:
            result = await work(session)
            await session.commit()
        if changed:
            await _tell_running_bots(settings)
        return result
    finally:
        await engine.dispose()


async def _tell_running_bots(settings: Settings) -> None:
    """A person changed: the running instances must not go on with their copy
    (bot/person_cache.py), so a role given here applies on the person's next message."""
    await StampFile(stamp_path(settings.database_url)).bump()
    if settings.redis_url:
        from redis.asyncio import Redis

        redis = Redis.from_url(settings.redis_url)
        try:
            await RedisVersion(redis).bump()
        finally:
            await redis.aclose()


@click.group(help="ARA Assistant: the Telegram assistant of accompanied self-renovation programmes.")
def main() -> None:
    configure_logging("INFO", "text")


def _library() -> ContentLibrary:
    """The tutorials and tips, or exit 2 naming each broken file: never run on bad content."""
    from bot.services.content import ContentError, default_content_root, load_library

    try:
        return load_library(default_content_root())
    except ContentError as error:
        for problem in error.problems:
            click.echo(f"Content error: {problem}", err=True)
        sys.exit(2)


@main.command(help="Migrate the database, then run the bot: webhook mode when WEBHOOK_URL is set, else long polling.")
@click.option("--webhook", is_flag=True, help="Insist on webhook mode (fails without WEBHOOK_URL and WEBHOOK_SECRET).")
def run(webhook: bool) -> None:
    settings = _settings(require_token=True)
    configure_logging(settings.log_level, settings.log_format)
    mask_secrets_in_logs(settings.bot_token, settings.webhook_secret or "")
    if webhook and not settings.webhook_url:
        click.echo("Configuration error: --webhook needs WEBHOOK_URL and WEBHOOK_SECRET", err=True)
        sys.exit(2)
    if settings.webhook_url and not settings.webhook_secret:
        click.echo("Configuration error: WEBHOOK_SECRET is empty: webhook mode (WEBHOOK_URL is set) needs it", err=True)
        sys.exit(2)
    library = _library()
    from bot.app import run as run_bot

    asyncio.run(run_bot(settings, library))


@main.command(help="Try the assistant in a browser: no token, no internet, demo data, a web chat on --port.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address of the web chat page (it has no login: keep it local).",
)
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port of the web chat page."
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, writable=True),
    help="Keep the sandbox's SQLite database in this folder (default: a temporary folder, deleted at exit).",
)
def sandbox(host: str, port: int, data_dir: str | None) -> None:
    import tempfile
    from pathlib import Path

    from bot.sandbox.run import serve

    library = _library()
    with contextlib.ExitStack() as stack:
        folder = (
            Path(data_dir)
            if data_dir
            else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ara-sandbox-")))
        )
        try:
            asyncio.run(serve(folder, host=host, port=port, library=library, announce=click.echo))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            _fail(f"{host}:{port} is already in use; choose another with --port")


@main.group(help="Tutorials, tips and questionnaires in content/.")
def content() -> None:
    pass


@content.command("check", help="Validate every content file; print file:line: problem and exit 1 if any.")
@click.option("--root", type=click.Path(exists=True, file_okay=False), help="Content folder (default: content/).")
def content_check(root: str | None) -> None:
    from pathlib import Path

    from bot.services.content import check_content, default_content_root, load_library

    folder = Path(root) if root else default_content_root()
    problems = check_content(folder)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s) in {folder}.", err=True)
        sys.exit(1)
    library = load_library(folder)
    click.echo(
        f"Content is valid: {len(library.tutorials('fr'))} tutorials, {len(library.tips('fr'))} tips, "
        f"{len(library.questionnaires.ids())} questionnaires per language."
    )


@main.group(help="Database schema (Alembic migrations).")
def db() -> None:
    pass


@db.command("upgrade", help="Apply every pending migration.")
def db_upgrade() -> None:
    settings = _settings()

    async def go() -> str | None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade(engine)
            return await current_revision(engine)
        finally:
            await engine.dispose()

    click.echo(f"Database at revision {asyncio.run(go())}.")


@main.group(help="Team members (animators, coordinators, admins).")
def staff() -> None:
    pass


@staff.command("add", help="Add a team member by Telegram id, or change their role.")
@click.argument("telegram_id", type=int)
@click.option("--role", type=click.Choice([r.value for r in Role if r.is_staff]), required=True)
@click.option("--name", required=True, help="First name or full name shown to colleagues.")
def staff_add(telegram_id: int, role: str, name: str) -> None:
    settings = _settings()

    async def work(session: AsyncSession) -> tuple[Person, bool]:
        return await people.add_staff(session, telegram_id=telegram_id, role=Role(role), name=name, now=utcnow())

    try:
        person, created = asyncio.run(_with_session(settings, work))
    except PersonError as error:
        _fail(error.code.replace("_", " "))
    click.echo(f"{'Added' if created else 'Updated'} {person.role.value} #{person.id} ({person.name}).")
    click.echo("They finish joining by sending /start to the bot.")


@staff.command("list", help="List team members.")
def staff_list() -> None:
    settings = _settings()
    for person in asyncio.run(_with_session(settings, people.list_staff)):
        state = "active" if person.active else "deactivated"
        click.echo(f"#{person.id}\t{person.role.value}\t{person.telegram_id}\t{person.name}\t{state}")


@main.group(help="Households of the programme.")
def household() -> None:
    pass


@household.command("add", help="Create a household.")
@click.option("--ref", "reference", required=True, help="Unique reference, e.g. PAH-2026-014.")
@click.option("--site", required=True, help="Site or neighbourhood.")
@click.option("--qpv/--no-qpv", default=False, help="In a priority neighbourhood (QPV).")
@click.option("--phase", type=click.Choice([p.value for p in Phase]), default=Phase.referred.value)
@click.option("--animator", "animator_telegram_id", type=int, help="Telegram id of the assigned animator.")
@click.option("--referent-name", help="Social referent's name.")
@click.option("--referent-contact", help="Social referent's phone or e-mail.")
@click.option("--address", help="Where home visits take place (shown in the animator's morning digest).")
def household_add(
    reference: str,
    site: str,
    qpv: bool,
    phase: str,
    animator_telegram_id: int | None,
    referent_name: str | None,
    referent_contact: str | None,
    address: str | None,
) -> None:
    settings = _settings()

    async def work(session: AsyncSession) -> Household:
        animator_id = None
        if animator_telegram_id is not None:
            animator = await people.get_by_telegram_id(session, animator_telegram_id)
            if animator is None:
                raise HouseholdError("not_an_animator")
            animator_id = animator.id
        return await households.create_household(
            session,
            reference=reference,
            site=site,
            priority_neighbourhood=qpv,
            phase=Phase(phase),
            animator_id=animator_id,
            referent_name=referent_name,
            referent_contact=referent_contact,
            address=address,
        )

    try:
        created = asyncio.run(_with_session(settings, work))
    except HouseholdError as error:
        _fail(error.code.replace("_", " "))
    click.echo(f"Household {created.reference} created (#{created.id}).")


@household.command("list", help="List households.")
def household_list() -> None:
    settings = _settings()

    every = functools.partial(households.list_households, limit=10_000)
    for row in asyncio.run(_with_session(settings, every)).rows:
        h = row.household
        click.echo(
            f"{h.reference}\t{h.site}\t{h.phase.value}\t{'QPV' if h.priority_neighbourhood else '-'}\t{row.animator_name or '-'}"
        )


@household.command(
    "phase", help="Move a household to another phase (follow_up sends the end-of-accompaniment questionnaire)."
)
@click.argument("reference")
@click.argument("phase", type=click.Choice([p.value for p in Phase if p is not Phase.closed]))
def household_phase(reference: str, phase: str) -> None:
    settings = _settings()

    async def work(session: AsyncSession) -> tuple[Household, bool]:
        found = await households.get_by_reference(session, reference)
        if found is None:
            raise HouseholdError("unknown_household")
        return found, await households.set_phase(session, found, Phase(phase), now=utcnow(), tz=settings.tz)

    try:
        found, changed = asyncio.run(_with_session(settings, work))
    except HouseholdError as error:
        _fail(error.code.replace("_", " "))
    click.echo(f"Household {found.reference} {'is now' if changed else 'was already'} in phase {phase}.")


@household.command("close", help="Close a household: it leaves the programme and its retention period starts.")
@click.argument("reference")
def household_close(reference: str) -> None:
    settings = _settings()
    from bot.services import retention

    async def work(session: AsyncSession) -> tuple[Household, bool]:
        found = await households.get_by_reference(session, reference)
        if found is None:
            raise HouseholdError("unknown_household")
        return found, await retention.close_household(session, found, now=utcnow())

    try:
        found, closed = asyncio.run(_with_session(settings, work))
    except HouseholdError as error:
        _fail(error.code.replace("_", " "))
    if not closed:
        click.echo(f"Household {found.reference} was already closed.")
        return
    click.echo(
        f"Household {found.reference} closed; its tenants' data will be anonymised after "
        f"{settings.retention_months} months (RETENTION_MONTHS)."
    )


@main.group(help="Invitations (single use, expiring).")
def invite() -> None:
    pass


@invite.command("create", help="Create an invitation and print its link and code.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--household", "reference", help="Household reference (required for a tenant).")
@click.option("--organisation", help="Organisation's name (required for a social referent; see `organisation add`).")
@click.option("--bot-username", help="The bot's @username, to build the link without asking Telegram.")
def invite_create(role: str, reference: str | None, organisation: str | None, bot_username: str | None) -> None:
    settings = _settings()
    if bot_username is None and not settings.bot_token:
        _fail("give --bot-username, or set BOT_TOKEN so the link can be built")
    # Ask Telegram first: an invitation whose link cannot be printed would be lost.
    username = (bot_username or asyncio.run(_bot_username(settings))).lstrip("@")

    async def work(session: AsyncSession) -> tuple[Invite, str]:
        household_id = None
        if reference:
            found = await households.get_by_reference(session, reference)
            if found is None:
                raise InviteError("unknown_household")
            household_id = found.id
        organisation_id = None
        if organisation:
            named = [o for o in await referrals.list_organisations(session) if o.name.lower() == organisation.lower()]
            organisation_id = named[0].id if named else None
        return await invites.create_invite(
            session,
            role=Role(role),
            household_id=household_id,
            created_by_id=None,
            now=utcnow(),
            ttl=timedelta(days=settings.invite_ttl_days),
            organisation_id=organisation_id,
        )

    try:
        created, code = asyncio.run(_with_session(settings, work))
    except InviteError as error:
        _fail(error.code.replace("_", " "))
    click.echo(f"Link: https://t.me/{username}?start={code}")
    click.echo(f"Code: {invites.display_code(code)}")
    click.echo(f"Valid once, until {created.expires_at:%Y-%m-%d %H:%M} UTC.")


@main.group(help="Partner organisations whose social referents refer households (CCAS, Département, CAF).")
def organisation() -> None:
    pass


@organisation.command("add", help="Add an organisation; invite its referents with `invite create --role referent`.")
@click.argument("name")
def organisation_add(name: str) -> None:
    settings = _settings()

    async def work(session: AsyncSession) -> Organisation:
        return await referrals.add_organisation(session, name, by=None, now=utcnow())

    try:
        created = asyncio.run(_with_session(settings, work))
    except ReferralError as error:
        _fail(error.reason.value.replace("_", " "))
    click.echo(f"Organisation {created.name} added.")


@organisation.command("list", help="List the organisations.")
def organisation_list() -> None:
    settings = _settings()
    for found in asyncio.run(_with_session(settings, referrals.list_organisations)):
        click.echo(found.name)


@main.group(help="Proactive messages waiting or sent (the outbox).")
def outbox() -> None:
    pass


@outbox.command("status", help="Counts by kind and status, and the oldest pending message.")
def outbox_status() -> None:
    settings = _settings()
    report = asyncio.run(_with_session(settings, delivery.status_report))
    if not report.counts:
        click.echo("The outbox is empty.")
        return
    statuses = [status.value for status in OutboxStatus]
    kinds = sorted({kind for kind, _ in report.counts})
    width = max(len("kind"), *(len(kind) for kind in kinds))
    click.echo("kind".ljust(width) + "".join(status.rjust(11) for status in statuses))
    for kind in kinds:
        click.echo(kind.ljust(width) + "".join(str(report.counts.get((kind, s), 0)).rjust(11) for s in statuses))
    if report.oldest_pending_due is not None:
        local = report.oldest_pending_due.astimezone(settings.tz)
        click.echo(f"Oldest pending message due {local:%Y-%m-%d %H:%M} ({settings.timezone}).")
    else:
        click.echo("Nothing pending.")


@main.command(help="Ask a running instance's /healthz; print its answer, exit 1 unless healthy.")
@click.option("--url", help="Default: http://127.0.0.1:WEBHOOK_PORT/healthz when WEBHOOK_URL is set, else HEALTH_PORT.")
def health(url: str | None) -> None:
    import urllib.error
    import urllib.request

    settings = _settings()
    if url is None:
        port = settings.webhook_port if settings.webhook_url else settings.health_port
        if port is None:
            _fail("polling mode serves /healthz only when HEALTH_PORT is set; or give --url")
        url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            click.echo(response.read().decode())
    except urllib.error.HTTPError as error:  # 503: unhealthy, the body says why
        click.echo(error.read().decode())
        sys.exit(1)
    except (urllib.error.URLError, TimeoutError) as error:
        _fail(f"no answer from {url}: {getattr(error, 'reason', error)}")


GET_ME_TIMEOUT = 5  # seconds: a machine that cannot reach Telegram says so at once, not after a minute


async def _bot_username(settings: Settings) -> str:
    """The bot's @username from Telegram (getMe); one clear line when Telegram cannot be asked."""
    from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramUnauthorizedError

    from bot.app import create_bot

    bot = create_bot(settings)
    try:
        me = await bot.get_me(request_timeout=GET_ME_TIMEOUT)
    except TelegramUnauthorizedError:
        _fail("Telegram refused BOT_TOKEN; check it, or pass --bot-username to build the link without Telegram")
    except (TelegramNetworkError, TimeoutError, OSError):
        _fail(f"cannot reach Telegram at {settings.telegram_api_base}; pass --bot-username (the bot's @username)")
    except TelegramAPIError as error:
        _fail(f"Telegram answered getMe with an error ({error.message}); pass --bot-username")
    finally:
        await bot.session.close()
    return me.username or ""


if __name__ == "__main__":
    main()
