"""Invitations: single use, expiring, stored hashed, guarded against guessing.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
about 59 bits: with five tries an hour per account, guessing is hopeless, and
a person can still type it from a paper slip.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import is_postgresql
from bot.models import (
    CodeAttempt,
    Household,
    Invite,
    InviteOrganisation,
    Organisation,
    Person,
    ReferentMembership,
    Role,
)
from bot.services import audit, households
from bot.services.households import HouseholdError
from bot.services.refusals import Refused

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MAX_FAILED_ATTEMPTS = 5
ATTEMPT_WINDOW = timedelta(hours=1)
LOCKOUT = timedelta(hours=1)


class InviteStatus(str, enum.Enum):
    valid = "valid"
    unknown = "unknown"
    expired = "expired"
    used = "used"
    locked = "locked"


@dataclass(frozen=True)
class InviteCheck:
    status: InviteStatus
    invite: Invite | None = None
    locked_until: datetime | None = None


class InviteRefusal(str, enum.Enum):
    tenant_needs_household = "tenant_needs_household"
    unknown_household = "unknown_household"  # none, or anonymised (retention): nobody may join it
    not_allowed = "not_allowed"  # only programme managers invite; only an administrator invites one
    already_registered = "already_registered"
    unavailable = "unavailable"  # used, or expired, while the person was joining
    referent_needs_organisation = "referent_needs_organisation"  # a social referent works for one


class InviteError(Refused[InviteRefusal]):
    def __init__(self, reason: InviteRefusal | str) -> None:
        # A string too: the command line names its reasons the same way (bot/cli.py).
        super().__init__(InviteRefusal(reason))

    @property
    def code(self) -> str:
        return self.reason.value


def generate_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str | None:
    """The code as typed or as a deep-link payload; None when it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -_\t\n")
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def account_key(telegram_id: int, secret: bytes) -> str:
    """Pseudonymous key for a Telegram account, for the lock-out table."""
    return hmac.new(secret, str(telegram_id).encode(), hashlib.sha256).hexdigest()


async def create_invite(
    session: AsyncSession,
    *,
    role: Role,
    household_id: int | None,
    created_by_id: int | None,
    now: datetime,
    ttl: timedelta,
    organisation_id: int | None = None,
) -> tuple[Invite, str]:
    """Returns the invite and its clear code, which is shown once and never stored.

    No check of who asks: the command line (the operator) and invite() below, which checks.
    A social referent's invitation names their organisation; they join attached to it."""
    if role is Role.tenant and household_id is None:
        raise InviteError(InviteRefusal.tenant_needs_household)
    if role is Role.referent and (organisation_id is None or await session.get(Organisation, organisation_id) is None):
        raise InviteError(InviteRefusal.referent_needs_organisation)
    if household_id is not None and await session.get(Household, household_id) is None:
        raise InviteError(InviteRefusal.unknown_household)
    code = generate_code()
    invite = Invite(
        code_hash=hash_code(code),
        role=role,
        household_id=household_id if role is Role.tenant else None,
        expires_at=now + ttl,
        created_by_id=created_by_id,
        created_at=now,
    )
    session.add(invite)
    await session.flush()
    if role is Role.referent and organisation_id is not None:
        session.add(InviteOrganisation(invite_id=invite.id, organisation_id=organisation_id))
    await audit.record(
        session,
        "invite.create",
        actor_id=created_by_id,
        target_type="invite",
        target_id=invite.id,
        details=f"role={role.value}",
        now=now,
    )
    return invite, code


async def invite(
    session: AsyncSession,
    inviter: Person,
    *,
    role: Role,
    household_id: int | None,
    now: datetime,
    ttl: timedelta,
    organisation_id: int | None = None,
) -> tuple[Invite, str]:
    """An invitation made in the chat by a programme manager: a tenant of a household still in
    the programme's files, a team member (an administrator only by an administrator), or a
    partner's social referent (with their organisation)."""
    if not inviter.role.manages_programme or (role is Role.admin and inviter.role is not Role.admin):
        raise InviteError(InviteRefusal.not_allowed)
    if household_id is not None:
        try:
            await households.followed(session, inviter, household_id)
        except HouseholdError:
            raise InviteError(InviteRefusal.unknown_household) from None
    return await create_invite(
        session,
        role=role,
        household_id=household_id,
        created_by_id=inviter.id,
        now=now,
        ttl=ttl,
        organisation_id=organisation_id,
    )


async def check_code(session: AsyncSession, code: str, now: datetime) -> InviteCheck:
    result = await session.exec(select(Invite).where(Invite.code_hash == hash_code(code)))
    invite = result.first()
    if invite is None:
        return InviteCheck(InviteStatus.unknown)
    if invite.used_at is not None:
        return InviteCheck(InviteStatus.used, invite)
    if invite.expires_at <= now:
        return InviteCheck(InviteStatus.expired, invite)
    return InviteCheck(InviteStatus.valid, invite)


async def _one_at_a_time(session: AsyncSession, account: str, now: datetime) -> None:
    """Hold this account's lock-out until the transaction ends, so that codes sent at once are
    counted one after the other (else each would see the attempts before any was recorded).

    PostgreSQL: a transaction-scoped advisory lock on the account. SQLite: the purge of old
    attempts is a write, which takes the database's write lock (held to the commit)."""
    if is_postgresql(session):
        key = int.from_bytes(hashlib.sha256(f"code_attempt:{account}".encode()).digest()[:8], "big", signed=True)
        await session.exec(select(func.pg_advisory_xact_lock(key)))
    await session.exec(delete(CodeAttempt).where(col(CodeAttempt.at) < now - ATTEMPT_WINDOW - LOCKOUT))


async def try_code(session: AsyncSession, code: str, *, account: str, now: datetime) -> InviteCheck:
    """Check a code typed or tapped by a stranger, counting wrong ones against the lock-out.

    Atomic per account: twenty codes sent at once are checked one after the other, and no
    more than MAX_FAILED_ATTEMPTS wrong ones are ever checked before the lock."""
    await _one_at_a_time(session, account, now)
    until = await locked_until(session, account, now)
    if until is not None:
        return InviteCheck(InviteStatus.locked, locked_until=until)
    check = await check_code(session, code, now)
    if check.status is not InviteStatus.valid:
        await record_failed_attempt(session, account, now)
        until = await locked_until(session, account, now)
        if until is not None:
            return InviteCheck(InviteStatus.locked, locked_until=until)
    return check


async def locked_until(session: AsyncSession, key: str, now: datetime) -> datetime | None:
    """When this account may try codes again, or None if it may now.

    Five failures inside any one-hour window lock the account for an hour
    from the fifth. Attempts made while locked are not recorded, so the lock
    does not extend itself.
    """
    horizon = now - ATTEMPT_WINDOW - LOCKOUT
    rows = await session.exec(
        select(CodeAttempt.at)
        .where(CodeAttempt.account_key == key, CodeAttempt.at > horizon)
        .order_by(col(CodeAttempt.at))
    )
    times = list(rows.all())
    until: datetime | None = None
    span = MAX_FAILED_ATTEMPTS - 1
    for index in range(span, len(times)):
        if times[index] - times[index - span] <= ATTEMPT_WINDOW:
            until = times[index] + LOCKOUT
    return until if until is not None and until > now else None


async def record_failed_attempt(session: AsyncSession, key: str, now: datetime) -> None:
    # Old attempts are useless after the window plus the lock-out: forget them.
    await session.exec(delete(CodeAttempt).where(col(CodeAttempt.at) < now - ATTEMPT_WINDOW - LOCKOUT))
    session.add(CodeAttempt(account_key=key, at=now))
    await session.flush()


async def redeem(
    session: AsyncSession,
    *,
    invite_id: int,
    telegram_id: int,
    name: str,
    locale: str,
    consent_version: int,
    now: datetime,
) -> Person:
    """Use the invitation and create the person, or raise InviteError.

    The conditional UPDATE is the single-use guarantee: of two accounts
    redeeming one code at once, only one sees a row changed.
    """
    existing = await session.exec(select(Person).where(Person.telegram_id == telegram_id))
    if existing.first() is not None:
        raise InviteError(InviteRefusal.already_registered)
    claimed = await session.exec(
        update(Invite)
        .where(col(Invite.id) == invite_id, col(Invite.used_at).is_(None), col(Invite.expires_at) > now)
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise InviteError(InviteRefusal.unavailable)
    invite = await session.get(Invite, invite_id)
    assert invite is not None
    person = Person(
        telegram_id=telegram_id,
        name=name[:120] or "?",
        role=invite.role,
        locale=locale,
        household_id=invite.household_id,
        consent_at=now,
        consent_version=consent_version,
        created_at=now,
    )
    session.add(person)
    await session.flush()
    invite.used_by_id = person.id
    if invite.role is Role.referent:
        attached = await session.exec(select(InviteOrganisation).where(InviteOrganisation.invite_id == invite.id))
        link = attached.first()
        if link is not None:
            session.add(ReferentMembership(person_id=person.id, organisation_id=link.organisation_id))
    await audit.record(session, "invite.redeem", actor_id=person.id, target_type="invite", target_id=invite.id, now=now)
    return person


def display_code(code: str) -> str:
    """ABCD-EFGH-JKLM: easier to read out and copy; dashes are ignored when typed back."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
