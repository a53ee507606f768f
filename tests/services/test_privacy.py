"""Erasure, pause and export without Telegram."""

from __future__ import annotations

import json

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import OutboxMessage, Person, Role
from bot.services import announcements, erasure, households, people, privacy, tutorials
from bot.services.announcements import Audience, AudienceKind
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW


async def _tenant(session: AsyncSession, telegram_id: int, household_id: int) -> Person:
    return await factories.tenant(session, telegram_id, household=household_id, name=f"Tenant-{telegram_id}")


async def test_an_erased_animator_is_no_longer_named_in_what_they_shared(session):
    nadia, _ = await people.add_staff(session, telegram_id=1, role=Role.animator, name="Nadia", now=NOW)
    household = await households.create_household(session, reference="H-1", site="x", animator_id=nadia.id)
    tenant = await _tenant(session, 2, household.id)
    assert (
        await tutorials.share(
            session, sender=nadia, household_id=household.id, kind=tutorials.SHARED_TIP, item_id="couvercle", now=NOW
        )
        == 1
    )
    await erasure.erase(session, nadia, now=NOW)
    [row] = (await session.exec(select(OutboxMessage).where(OutboxMessage.recipient_id == tenant.id))).all()
    assert json.loads(row.params) == {"item_id": "couvercle", "sender": ""}
    await session.refresh(household)
    assert household.animator_id is None


async def test_paused_tenants_are_left_out_of_announcements(session):
    household = await households.create_household(session, reference="H-1", site="x")
    first = await _tenant(session, 1, household.id)
    second = await _tenant(session, 2, household.id)
    assert await people.pause(session, second, now=NOW)
    assert not await people.pause(session, second, now=NOW)
    assert await announcements.recipients(session, Audience(AudienceKind.all)) == [first.id]
    assert await people.resume(session, second, now=NOW)
    assert await announcements.recipients(session, Audience(AudienceKind.all)) == [first.id, second.id]


async def test_export_counts_other_members_without_naming_them(session):
    household = await households.create_household(session, reference="H-1", site="x", referent_name="CCAS Aix")
    tenant = await _tenant(session, 1, household.id)
    await _tenant(session, 2, household.id)
    data = await privacy.export(session, tenant, now=NOW)
    document = json.loads(data.to_json(exported_at=NOW))
    assert document["other_household_members"] == 1
    assert document["household"]["referent_name"] == "CCAS Aix"
    # (A name of its own: "T2" also occurs in timestamps such as 2026-12-07T21:00.)
    assert "Tenant-2" not in json.dumps(document)
