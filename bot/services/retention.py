"""Retention: a household's file is kept while it is followed, then for
RETENTION_MONTHS after it is closed; after that its tenants are erased (as
with /supprimer), its messages with the team deleted and its referent's
details cleared. The household row stays,
without anyone's identity, so the programme's counts do not change."""

from __future__ import annotations

import calendar
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, Invite, Person, Phase, Visit
from bot.services import audit, erasure, households, referrals, relay, worksite_kit
from bot.services.worksite import privacy as worksite_privacy


def months_before(moment: datetime, months: int) -> datetime:
    """Calendar months, the way a person reads "24 months": 31 March minus one month is 28/29 February."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


async def close_household(
    session: AsyncSession, household: Household, *, now: datetime, actor_id: int | None = None
) -> bool:
    """The household leaves the programme; the retention period starts. False if already closed."""
    if household.phase is Phase.closed and household.closed_at is not None:
        return False
    household.phase, household.closed_at = Phase.closed, now
    session.add(household)
    await session.flush()
    await audit.record(
        session, "household.close", actor_id=actor_id, target_type="household", target_id=household.id, now=now
    )
    await households.accompaniment_ended(session, household, now=now)  # its tenants are told
    return True


async def anonymise_expired(session: AsyncSession, *, now: datetime, months: int) -> list[int]:
    """Anonymise every household closed more than `months` ago; returns their ids. Idempotent."""
    cutoff = months_before(now, months)
    expired = select(Household).where(
        col(Household.phase) == Phase.closed,
        col(Household.closed_at) <= cutoff,
        col(Household.anonymised_at).is_(None),
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # Every instance runs this job: each household is done by whichever takes it first.
        expired = expired.with_for_update(skip_locked=True)
    due = await session.exec(expired)
    done = []
    for household in due.all():
        tenants = (await session.exec(select(Person).where(col(Person.household_id) == household.id))).all()
        for tenant in tenants:
            await erasure.erase(session, tenant, now=now, action="retention.erase")
        # An invitation still waiting would let someone into a file that no longer exists.
        await session.exec(
            delete(Invite).where(col(Invite.household_id) == household.id, col(Invite.used_at).is_(None))
        )
        # Visits stay for the programme's counts, without what anyone wrote about the home.
        await session.exec(
            update(Visit)
            .where(col(Visit.household_id) == household.id)
            .values(tenant_note=None, photo_file_id=None, outcome_note=None, next_step=None, cancel_reason=None)
        )
        # The team's answers to the household are about its tenants too.
        await relay.forget_household(session, household.id)
        # The worksite: its photos (files too), the sessions' notes, the rooms, who accepted.
        await worksite_privacy.forget_household(session, household.id)
        await worksite_kit.forget_household(session, household.id)  # offers of help, its address to helpers
        # Its referral and file keep only the counts the programme's figures need.
        await referrals.forget_household(session, household.id)
        household.referent_name = household.referent_contact = household.address = None
        household.anonymised_at = now
        session.add(household)
        await session.flush()
        await audit.record(
            session,
            "household.anonymise",
            target_type="household",
            target_id=household.id,
            details=f"tenants={len(tenants)} retention_months={months}",
            now=now,
        )
        done.append(household.id)
    await referrals.forget_expired(session, cutoff=cutoff)
    return done
