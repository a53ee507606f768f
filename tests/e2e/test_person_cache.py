"""The person cache (bot/person_cache.py): people are read from memory between updates, and
every write that changes a person applies on that person's very next update — in this
process, from an `ara-bot` command (another engine, as another process), and on every
instance of a cluster sharing PostgreSQL and Redis."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text, update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import cli
from bot.config import load_settings
from bot.models import Household, Person, Phase, Role
from bot.person_cache import writes_a_person
from bot.services import delivery, erasure, people, team
from tests import factories
from tests.e2e.helpers import button_texts, eventually, tr
from tests.e2e.test_scale_out import cluster, shared_database  # noqa: F401 (a fixture, used by name)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


async def _menu(user) -> dict:  # type: ignore[no-untyped-def]
    await user.send("/menu")
    [reply] = await user.wait_for_messages()
    return reply


async def _stranger_view(emulator, telegram_id: int) -> dict:  # type: ignore[no-untyped-def]
    """What someone the bot has never known gets for /menu: the reference to compare with."""
    return await _menu(emulator.user(telegram_id, "Nobody", language_code="en"))


async def test_menu_taps_read_the_person_from_memory(running_bot, emulator):
    await running_bot.member(9101, Role.tenant, "Awa", locale="en")
    user = emulator.user(9101, "Awa", language_code="en")
    cache = running_bot.dispatcher["person_cache"]
    first = await _menu(user)
    hits = cache.hits
    for _ in range(3):
        again = await _menu(user)
        assert again["text"] == first["text"] and button_texts(again) == button_texts(first)
    assert cache.hits == hits + 3  # no SELECT of the person for these three taps


async def test_role_and_deactivation_apply_on_the_next_update(running_bot, emulator):
    admin = await running_bot.member(9111, Role.admin, "Alice", locale="en")
    omar = await running_bot.member(9112, Role.animator, "Omar", locale="en")
    user = emulator.user(9112, "Omar", language_code="en")
    before = await _menu(user)
    assert "📋 My day" in button_texts(before)
    await _menu(user)  # now from the cache

    async with running_bot.sessionmaker() as session:
        acting = await people.get_by_telegram_id(session, admin.telegram_id)
        assert acting is not None
        await team.change_role(session, acting, omar.id, Role.coordinator, now=NOW)
        await session.commit()
    promoted = await _menu(user)
    assert "👥 Team" in button_texts(promoted) and "📋 My day" not in button_texts(promoted)

    async with running_bot.sessionmaker() as session:
        acting = await people.get_by_telegram_id(session, admin.telegram_id)
        assert acting is not None
        await team.set_active(session, acting, omar.id, False, now=NOW)
        await session.commit()
    gone = await _menu(user)
    stranger = await _stranger_view(emulator, 9119)
    assert gone["text"] == stranger["text"] and button_texts(gone) == button_texts(stranger)


async def test_a_locale_change_applies_on_the_next_update(running_bot, emulator):
    await running_bot.member(9121, Role.tenant, "Awa", locale="en")
    user = emulator.user(9121, "Awa", language_code="en")
    assert "❓ Help" in button_texts(await _menu(user))
    async with running_bot.sessionmaker() as session:
        person = await people.get_by_telegram_id(session, 9121)
        assert person is not None
        await people.set_locale(session, person, "fr")
        await session.commit()
    assert tr("fr", "❓ Help") in button_texts(await _menu(user))


async def test_a_role_given_by_an_ara_bot_command_applies_on_the_next_update(running_bot, emulator, database_url):
    """`ara-bot staff add` runs in its own process with its own engine: the running bot learns
    of it through the stamp file (SQLite, or PostgreSQL without Redis)."""
    await running_bot.member(9131, Role.tenant, "Karim", locale="en")
    user = emulator.user(9131, "Karim", language_code="en")
    await _menu(user)
    assert "📅 Book a home visit" in button_texts(await _menu(user))  # the second from the cache

    settings = load_settings(_env_file=None, bot_token=emulator.token, database_url=database_url)

    async def promote(session: AsyncSession) -> object:
        return await people.add_staff(session, telegram_id=9131, role=Role.animator, name="Karim", now=NOW)

    await cli._with_session(settings, promote)  # what `ara-bot staff add 9131 --role animator` does
    assert "📋 My day" in button_texts(await _menu(user))


async def test_a_deactivation_applies_on_every_instance_at_once(emulator, shared_database, redis_url, clock, library):  # noqa: F811
    async with cluster(emulator, shared_database, redis_url, clock, library) as running:
        admin = await running.helper.member(9141, Role.admin, "Alice", locale="en")
        omar = await running.helper.member(9142, Role.animator, "Omar", locale="en")
        user = emulator.user(9142, "Omar", language_code="en")
        for _ in range(4):  # two taps on each instance: each now holds Omar in its cache
            assert "📋 My day" in button_texts(await _menu(user))
        caches = [service.dispatcher["person_cache"] for service in running.services]
        assert all(cache.hits >= 1 for cache in caches)

        # The deactivation is committed through the first instance's sessions only.
        async with running.helper.sessionmaker() as session:
            acting = await people.get_by_telegram_id(session, admin.telegram_id)
            assert acting is not None
            await team.set_active(session, acting, omar.id, False, now=NOW)
            await session.commit()
        await caches[0].settle()

        stranger = await _stranger_view(emulator, 9149)
        replies = [await _menu(user) for _ in range(2)]  # one update to each instance
        assert all(
            reply["text"] == stranger["text"] and button_texts(reply) == button_texts(stranger) for reply in replies
        )

        def omars() -> list[int]:
            delivered = running.webhooks.delivered
            return sorted(i for i, update in delivered.items() if update["message"]["from"]["id"] == 9142)

        async def all_recorded() -> bool:
            return len(omars()) == 6

        await eventually(all_recorded)
        instances = {running.webhooks.targets_of(update_id)[0] for update_id in omars()[-2:]}
        assert instances == set(running.targets), "Omar's two updates after it reached both instances"


def test_every_form_of_a_person_write_is_recognised():
    """The statements as the database receives them (ORM flush, Core, text), on both dialects."""
    for statement in (
        "UPDATE person SET unreachable_since=? WHERE person.id = ? AND person.unreachable_since IS NULL",
        'update "person" set locale = $1',
        "INSERT INTO person (telegram_id, name, role) VALUES (?, ?, ?)",
        "INSERT OR REPLACE INTO person (id) VALUES (1)",
        "DELETE FROM person WHERE person.id = ?",
        "DELETE FROM household WHERE household.id = ?",  # its people's household_id: ON DELETE SET NULL
        "UPDATE household SET phase = ?",  # closed: the tenants' menu changes (kept beside the copy)
        "WITH gone AS (SELECT 1) UPDATE person SET active = false",
    ):
        assert writes_a_person(statement), statement
    for statement in (
        "SELECT person.id FROM person",
        "UPDATE personal_note SET x = 1",
        "UPDATE households_archive SET x = 1",
        "INSERT INTO outbox_message (recipient_id) SELECT id FROM person",
        "DELETE FROM person_tag",
    ):
        assert not writes_a_person(statement), statement


async def test_writes_outside_the_orm_apply_on_the_next_update(running_bot, emulator):
    """The root cause of the stale reads once seen: an UPDATE statement (the delivery pump marking
    someone unreachable on a 403, a deactivation) went unnoticed. Every form counts now."""
    await running_bot.member(9151, Role.animator, "Omar", locale="en")
    user = emulator.user(9151, "Omar", language_code="en")
    await _menu(user)
    assert "📋 My day" in button_texts(await _menu(user))  # from the cache

    async with running_bot.sessionmaker() as session:  # a Core UPDATE statement
        await session.exec(update(Person).where(col(Person.telegram_id) == 9151).values(role=Role.coordinator))
        await session.commit()
    assert "👥 Team" in button_texts(await _menu(user))
    await _menu(user)

    async with running_bot.sessionmaker() as session:  # raw SQL
        await session.exec(text("UPDATE person SET locale = 'fr' WHERE telegram_id = 9151"))
        await session.commit()
    assert tr("fr", "👥 Team") in button_texts(await _menu(user))
    await _menu(user)

    async with running_bot.sessionmaker() as session:  # what the pump does on a 403
        person = await people.get_by_telegram_id(session, 9151)
        assert person is not None and person.id is not None
        await delivery.mark_unreachable(session, person.id, now=NOW)
    await _menu(user)  # writing again: reachable again, whatever the cache held
    assert (await running_bot.person(9151)).unreachable_since is None

    async with running_bot.sessionmaker() as session:  # an erasure deletes the row
        person = await people.get_by_telegram_id(session, 9151)
        assert person is not None
        await erasure.erase(session, person, now=NOW)
        await session.commit()
    gone = await _menu(user)
    stranger = await _stranger_view(emulator, 9159)
    assert gone["text"] == stranger["text"] and button_texts(gone) == button_texts(stranger)


async def test_no_copy_is_used_while_a_change_to_a_person_is_under_way(running_bot, emulator):
    """A change flushed but not yet committed (a handler still running): no update acts on the
    copy from before it; once it is committed, the next update reads it."""
    await running_bot.member(9161, Role.tenant, "Awa", locale="en")
    user = emulator.user(9161, "Awa", language_code="en")
    cache = running_bot.dispatcher["person_cache"]
    await _menu(user)
    async with running_bot.sessionmaker() as session:
        person = await people.get_by_telegram_id(session, 9161)
        assert person is not None
        await people.set_locale(session, person, "fr")  # flushed, not committed
        assert cache.writing == 1
        hits = cache.hits
        await _menu(user)
        assert cache.hits == hits  # read from the database, not from the copy
        await session.commit()
    assert cache.writing == 0
    assert tr("fr", "❓ Help") in button_texts(await _menu(user))


async def test_a_role_statement_applies_on_every_instance(emulator, shared_database, redis_url, clock, library):  # noqa: F811
    async with cluster(emulator, shared_database, redis_url, clock, library) as running:
        await running.helper.member(9171, Role.animator, "Omar", locale="en")
        user = emulator.user(9171, "Omar", language_code="en")
        for _ in range(4):  # two taps on each instance: each holds Omar in its cache
            assert "📋 My day" in button_texts(await _menu(user))
        async with running.helper.sessionmaker() as session:  # an UPDATE statement, first instance
            await session.exec(update(Person).where(col(Person.telegram_id) == 9171).values(role=Role.coordinator))
            await session.commit()
        await running.services[0].dispatcher["person_cache"].settle()
        for _ in range(2):  # one update to each instance
            assert "👥 Team" in button_texts(await _menu(user))

        def omars() -> list[int]:
            delivered = running.webhooks.delivered
            return sorted(i for i, update in delivered.items() if update["message"]["from"]["id"] == 9171)

        async def all_recorded() -> bool:
            return len(omars()) == 6

        await eventually(all_recorded)
        instances = {running.webhooks.targets_of(update_id)[0] for update_id in omars()[-2:]}
        assert instances == set(running.targets), "Omar's two updates after it reached both instances"


async def test_a_closed_household_applies_on_the_next_update(running_bot, emulator):
    """Whether the accompaniment has ended is kept beside the tenant's copy: an UPDATE of the
    household (its phase) is a change of the people it concerns."""
    tenant = await factories.tenant(running_bot, 9181, locale="en")
    user = emulator.user(9181, "Awa", language_code="en")
    cache = running_bot.dispatcher["person_cache"]
    await _menu(user)
    hits = cache.hits
    assert "📅 Book a home visit" in button_texts(await _menu(user))
    assert cache.hits == hits + 1  # neither the person nor the household read
    async with running_bot.sessionmaker() as session:
        await session.exec(update(Household).where(col(Household.id) == tenant.household_id).values(phase=Phase.closed))
        await session.commit()
    buttons = button_texts(await _menu(user))
    assert "📅 Book a home visit" not in buttons and "📋 My visits" in buttons
