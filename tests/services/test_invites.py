from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.models import CodeAttempt, Invite, Person, Role
from bot.services import erasure, households, invites, people
from bot.services.invites import InviteError, InviteStatus
from tests.conftest import DEFAULT_NOW
from tests.factories import household as _household

NOW = DEFAULT_NOW
TTL = timedelta(days=14)
ACCOUNT = invites.account_key(4242, b"secret")


async def test_code_is_stored_hashed_and_checks_valid(session):
    household = await _household(session)
    invite, code = await invites.create_invite(
        session, role=Role.tenant, household_id=household.id, created_by_id=None, now=NOW, ttl=TTL
    )
    await session.commit()
    assert code not in invite.code_hash and len(invite.code_hash) == 64
    check = await invites.check_code(session, code, NOW)
    assert check.status is InviteStatus.valid and check.invite.id == invite.id


def test_codes_are_typeable_and_normalised():
    code = invites.generate_code()
    assert len(code) == invites.CODE_LENGTH and set(code) <= set(invites.ALPHABET)
    assert invites.normalize_code(invites.display_code(code).lower()) == code
    assert invites.normalize_code(" " + code[:4] + " " + code[4:]) == code
    assert invites.normalize_code("hello") is None
    assert invites.normalize_code("O" * invites.CODE_LENGTH) is None  # O is not in the alphabet


async def test_tenant_invite_needs_a_household(session):
    with pytest.raises(InviteError, match="tenant_needs_household"):
        await invites.create_invite(session, role=Role.tenant, household_id=None, created_by_id=None, now=NOW, ttl=TTL)


async def test_expired_and_used_codes(session):
    household = await _household(session)
    _, old = await invites.create_invite(
        session, role=Role.tenant, household_id=household.id, created_by_id=None, now=NOW - TTL * 2, ttl=TTL
    )
    invite, code = await invites.create_invite(
        session, role=Role.tenant, household_id=household.id, created_by_id=None, now=NOW, ttl=TTL
    )
    assert (await invites.check_code(session, old, NOW)).status is InviteStatus.expired
    await invites.redeem(
        session, invite_id=invite.id, telegram_id=1, name="Amina", locale="ar", consent_version=1, now=NOW
    )
    assert (await invites.check_code(session, code, NOW)).status is InviteStatus.used
    assert (await invites.check_code(session, "ZZZZZZZZZZZZ", NOW)).status is InviteStatus.unknown


async def test_redeem_creates_the_person_once(session):
    household = await _household(session)
    invite, _ = await invites.create_invite(
        session, role=Role.tenant, household_id=household.id, created_by_id=None, now=NOW, ttl=TTL
    )
    person = await invites.redeem(
        session, invite_id=invite.id, telegram_id=77, name="Amina", locale="ar", consent_version=1, now=NOW
    )
    assert (person.role, person.household_id, person.locale, person.consent_at) == (
        Role.tenant,
        household.id,
        "ar",
        NOW,
    )
    with pytest.raises(InviteError, match="already_registered"):
        await invites.redeem(
            session, invite_id=invite.id, telegram_id=77, name="Amina", locale="ar", consent_version=1, now=NOW
        )
    with pytest.raises(InviteError, match="unavailable"):
        await invites.redeem(
            session, invite_id=invite.id, telegram_id=78, name="Other", locale="fr", consent_version=1, now=NOW
        )


async def test_two_accounts_racing_for_one_code_get_one_person(sessionmaker):
    async with sessionmaker() as session:
        household = await _household(session)
        invite, _ = await invites.create_invite(
            session, role=Role.tenant, household_id=household.id, created_by_id=None, now=NOW, ttl=TTL
        )
        await session.commit()

    async def attempt(telegram_id: int) -> bool:
        async with sessionmaker() as session:
            try:
                await invites.redeem(
                    session,
                    invite_id=invite.id,
                    telegram_id=telegram_id,
                    name="X",
                    locale="fr",
                    consent_version=1,
                    now=NOW,
                )
                await session.commit()
                return True
            except InviteError:
                await session.rollback()
                return False

    results = await asyncio.gather(*(attempt(1000 + i) for i in range(8)))
    assert results.count(True) == 1
    async with sessionmaker() as session:
        assert len((await session.exec(select(Person))).all()) == 1


async def test_five_wrong_codes_lock_for_an_hour(session):
    statuses = []
    for minute in range(5):
        check = await invites.try_code(session, "WRONGCODE234", account=ACCOUNT, now=NOW + timedelta(minutes=minute))
        statuses.append(check.status)
    assert statuses == [InviteStatus.unknown] * 4 + [InviteStatus.locked]
    household = await _household(session)
    _, good = await invites.create_invite(
        session, role=Role.tenant, household_id=household.id, created_by_id=None, now=NOW, ttl=TTL
    )
    # Even the right code is refused while locked, and tries then do not extend the lock.
    locked = await invites.try_code(session, good, account=ACCOUNT, now=NOW + timedelta(minutes=30))
    assert locked.status is InviteStatus.locked and locked.locked_until == NOW + timedelta(minutes=64)
    assert len((await session.exec(select(CodeAttempt))).all()) == 5
    later = await invites.try_code(session, good, account=ACCOUNT, now=NOW + timedelta(minutes=65))
    assert later.status is InviteStatus.valid


async def test_wrong_codes_spread_over_more_than_an_hour_do_not_lock(session):
    for step in range(6):
        check = await invites.try_code(session, "WRONGCODE234", account=ACCOUNT, now=NOW + timedelta(minutes=20 * step))
        assert check.status is InviteStatus.unknown


async def test_lock_is_per_account(session):
    for minute in range(5):
        await invites.try_code(session, "WRONGCODE234", account=ACCOUNT, now=NOW + timedelta(minutes=minute))
    other = invites.account_key(999, b"secret")
    assert (await invites.try_code(session, "WRONGCODE234", account=other, now=NOW)).status is InviteStatus.unknown


async def test_staff_invite_has_no_household(session):
    household = await _household(session)
    invite, _ = await invites.create_invite(
        session, role=Role.animator, household_id=household.id, created_by_id=None, now=NOW, ttl=TTL
    )
    assert invite.household_id is None and isinstance(invite, Invite)


async def test_erasing_a_person_keeps_the_household(session):
    household = await _household(session)
    invite, _ = await invites.create_invite(
        session, role=Role.tenant, household_id=household.id, created_by_id=None, now=NOW, ttl=TTL
    )
    person = await invites.redeem(
        session, invite_id=invite.id, telegram_id=55, name="Amina", locale="fr", consent_version=1, now=NOW
    )
    await session.commit()
    await erasure.erase(session, person, now=NOW)
    await session.commit()
    assert await people.get_by_telegram_id(session, 55) is None
    assert (await households.get_by_reference(session, "PAH-1")) is not None
    refreshed = (await session.exec(select(Invite).where(Invite.id == invite.id))).one()
    assert refreshed.used_by_id is None


async def test_twenty_wrong_codes_at_once_check_at_most_five(sessionmaker, monkeypatch):
    """One account sending 20 codes at the same instant (20 sessions at once, as 20 updates on
    several instances would): the attempts are counted one after the other, so no more than
    MAX_FAILED_ATTEMPTS codes are ever compared before the lock."""
    checked = 0
    real_check = invites.check_code

    async def counting(session, code, now):  # type: ignore[no-untyped-def]
        nonlocal checked
        checked += 1
        await asyncio.sleep(0.01)  # widen the window between reading the count and recording
        return await real_check(session, code, now)

    monkeypatch.setattr(invites, "check_code", counting)

    async def one(index: int) -> invites.InviteStatus:
        async with sessionmaker() as session:
            check = await invites.try_code(session, f"WRONGCODE{index:03d}", account=ACCOUNT, now=NOW)
            await session.commit()
            return check.status

    statuses = await asyncio.gather(*(one(i) for i in range(20)))
    assert checked <= invites.MAX_FAILED_ATTEMPTS
    assert statuses.count(invites.InviteStatus.locked) >= 20 - invites.MAX_FAILED_ATTEMPTS
