"""The rules of sharing, households, invitations, the team and the journal, checked by the
services whatever the buttons said: each refusal has its reason, and changes nothing at all."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, OutboxMessage, Person, Role, Workshop, WorkshopStatus, WorkshopTheme
from bot.services import audit, households, invites, people, team, tutorials
from bot.services.audit import JournalRefusal, JournalRefused
from bot.services.households import HouseholdError, HouseholdRefusal
from bot.services.invites import InviteError, InviteRefusal
from bot.services.refusals import Refused
from bot.services.team import TeamError, TeamRefusal
from bot.services.tutorials import ShareRefusal, ShareRefused
from tests.conftest import DEFAULT_NOW as NOW

TTL = timedelta(days=7)
PARIS = ZoneInfo("Europe/Paris")


async def _everything(session: AsyncSession) -> dict[str, list[str]]:
    """Every row of every table, as this session sees it (nothing is committed in these tests)."""
    await session.flush()
    tables = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = (await session.exec(select(table))).mappings().all()  # type: ignore[call-overload]  # a Core table, not a model
        tables[table.name] = sorted(repr(dict(row)) for row in rows)
    return tables


async def _refused(session: AsyncSession, call: Awaitable[Any], error: type[Refused[Any]], reason: Any) -> None:
    before = await _everything(session)
    with pytest.raises(error) as raised:
        await call
    assert raised.value.reason is reason
    assert await _everything(session) == before


async def _tenant(session: AsyncSession, telegram_id: int, household: Household) -> Person:
    tenant = Person(telegram_id=telegram_id, name=f"T{telegram_id}", role=Role.tenant, household_id=household.id)
    session.add(tenant)
    await session.flush()
    await people.give_consent(session, tenant, locale="fr", now=NOW)
    return tenant


@pytest.fixture
async def programme(session: AsyncSession) -> dict[str, Any]:
    """Two animators with a household each, a coordinator, an administrator, a tenant in each household."""
    staff = {}
    for telegram_id, role, name in (
        (1, Role.animator, "Nadia"),
        (2, Role.animator, "Omar"),
        (3, Role.coordinator, "Claire"),
        (4, Role.admin, "Alice"),
    ):
        staff[name], _ = await people.add_staff(session, telegram_id=telegram_id, role=role, name=name, now=NOW)
    mine = await households.create_household(session, reference="H-NADIA", site="x", animator_id=staff["Nadia"].id)
    theirs = await households.create_household(session, reference="H-OMAR", site="x", animator_id=staff["Omar"].id)
    return {
        **staff,
        "mine": mine,
        "theirs": theirs,
        "tenant": await _tenant(session, 10, mine),
        "other_tenant": await _tenant(session, 11, theirs),
    }


# --- sharing a tutorial or a tip ---


async def test_an_animator_shares_only_with_the_households_they_follow(session, programme):
    nadia, tenant = programme["Nadia"], programme["tenant"]

    def share(sender: Person, household_id: int) -> Awaitable[int]:
        return tutorials.share(
            session, sender=sender, household_id=household_id, kind=tutorials.SHARED_TIP, item_id="couvercle", now=NOW
        )

    await _refused(session, share(nadia, programme["theirs"].id), ShareRefused, ShareRefusal.not_followed)
    await _refused(session, share(nadia, 999_999), ShareRefused, ShareRefusal.not_followed)
    await _refused(session, share(tenant, programme["mine"].id), ShareRefused, ShareRefusal.not_staff)
    programme["theirs"].anonymised_at = NOW  # retention: nobody acts on it any more, coordinators neither
    await _refused(session, share(programme["Claire"], programme["theirs"].id), ShareRefused, ShareRefusal.not_followed)

    assert await share(nadia, programme["mine"].id) == 1
    assert await share(programme["Claire"], programme["mine"].id) == 1  # a coordinator to any household


async def test_the_shared_message_carries_its_typed_payload(session, programme):
    await tutorials.share(
        session,
        sender=programme["Nadia"],
        household_id=programme["mine"].id,
        kind=tutorials.SHARED_TUTORIAL,
        item_id="peindre-un-mur",
        now=NOW,
    )
    [row] = (await session.exec(select(OutboxMessage).where(OutboxMessage.kind == tutorials.SHARED_TUTORIAL))).all()
    # The keys of the previous release: rows queued before an upgrade render after it.
    assert json.loads(row[0].params) == {
        "item_id": "peindre-un-mur",
        "sender": "Nadia",
        "sender_id": programme["Nadia"].id,
    }
    # Rows queued by the previous release (no sender_id) and after the sender's erasure still read.
    assert tutorials.SharedTip.of({"item_id": "couvercle", "sender": "Nadia"}).sender_id is None
    assert tutorials.SharedTip.of({"item_id": "couvercle", "sender": ""}).sender == ""


async def test_only_a_workshop_still_on_takes_what_the_team_shares(session, programme):
    workshop = Workshop(
        title="Isoler ses fenêtres",
        theme=WorkshopTheme.energy,
        starts_at=NOW + timedelta(days=3),
        duration_minutes=90,
        place="Maison de quartier",
        capacity=12,
        status=WorkshopStatus.cancelled,
        created_by_id=programme["Claire"].id,
    )
    session.add(workshop)
    await session.flush()

    def share(sender: Person, workshop_id: int) -> Awaitable[int]:
        return tutorials.share_with_workshop(
            session, sender=sender, workshop_id=workshop_id, kind=tutorials.SHARED_TIP, item_id="couvercle", now=NOW
        )

    await _refused(session, share(programme["Nadia"], workshop.id), ShareRefused, ShareRefusal.no_workshop)
    await _refused(session, share(programme["Nadia"], 999_999), ShareRefused, ShareRefusal.no_workshop)
    await _refused(session, share(programme["tenant"], workshop.id), ShareRefused, ShareRefusal.not_staff)


# --- households ---


async def test_households_are_listed_and_created_by_who_may(session, programme):
    nadia = programme["Nadia"]
    page = await households.households_of(session, nadia)
    assert [row.household.reference for row in page.rows] == ["H-NADIA"]
    everyone = await households.households_of(session, programme["Claire"])
    assert [row.household.reference for row in everyone.rows] == ["H-NADIA", "H-OMAR"]
    await _refused(
        session, households.households_of(session, programme["tenant"]), HouseholdError, HouseholdRefusal.not_followed
    )
    await _refused(
        session,
        households.followed(session, nadia, programme["theirs"].id),
        HouseholdError,
        HouseholdRefusal.not_followed,
    )
    await _refused(
        session,
        households.create_household(session, reference="H-NEW", site="x", by=nadia, now=NOW),
        HouseholdError,
        HouseholdRefusal.not_allowed,
    )
    await _refused(
        session, households.new_reference(session, " h-omar "), HouseholdError, HouseholdRefusal.duplicate_reference
    )
    created = await households.create_household(session, reference="H-NEW", site="x", by=programme["Claire"], now=NOW)
    [entry] = [e for e in (await audit.latest(session, programme["Alice"])).rows if e.log.action == "household.create"][
        :1
    ]
    assert entry.log.target_id == created.id and entry.log.actor_id == programme["Claire"].id


# --- invitations ---


async def test_invitations_are_made_by_programme_managers_for_households_still_in_the_files(session, programme):
    def invite(inviter: Person, role: Role, household_id: int | None) -> Awaitable[Any]:
        return invites.invite(session, inviter, role=role, household_id=household_id, now=NOW, ttl=TTL)

    mine = programme["mine"].id
    await _refused(session, invite(programme["Nadia"], Role.tenant, mine), InviteError, InviteRefusal.not_allowed)
    await _refused(session, invite(programme["tenant"], Role.tenant, mine), InviteError, InviteRefusal.not_allowed)
    await _refused(session, invite(programme["Claire"], Role.admin, None), InviteError, InviteRefusal.not_allowed)
    await _refused(
        session, invite(programme["Claire"], Role.tenant, None), InviteError, InviteRefusal.tenant_needs_household
    )
    await _refused(
        session, invite(programme["Claire"], Role.tenant, 999_999), InviteError, InviteRefusal.unknown_household
    )
    programme["theirs"].anonymised_at = NOW
    await _refused(
        session,
        invite(programme["Claire"], Role.tenant, programme["theirs"].id),
        InviteError,
        InviteRefusal.unknown_household,
    )

    created, _ = await invite(programme["Claire"], Role.tenant, mine)
    assert (created.household_id, created.created_by_id) == (mine, programme["Claire"].id)
    admin_invite, _ = await invite(programme["Alice"], Role.admin, None)
    assert admin_invite.role is Role.admin


# --- the team ---


async def test_the_team_changes_only_what_the_actor_may(session, programme):
    nadia, omar, claire, alice = (programme[name] for name in ("Nadia", "Omar", "Claire", "Alice"))
    refusals = [
        (team.list_team(session, nadia), TeamRefusal.not_allowed),
        (team.manageable(session, claire, alice.id), TeamRefusal.not_allowed),  # only an admin manages an admin
        (team.manageable(session, claire, claire.id), TeamRefusal.not_allowed),  # nobody locks themselves out
        (team.manageable(session, claire, programme["tenant"].id), TeamRefusal.not_allowed),
        (team.change_role(session, nadia, omar.id, Role.coordinator, now=NOW), TeamRefusal.not_allowed),
        (team.change_role(session, claire, nadia.id, Role.admin, now=NOW), TeamRefusal.not_allowed),
        (team.set_active(session, claire, alice.id, False, now=NOW), TeamRefusal.not_allowed),
        (team.set_active(session, nadia, omar.id, False, now=NOW), TeamRefusal.not_allowed),
        # Handing households over: not by an animator, not an admin's by a coordinator, not to oneself,
        # not one's own, and only to an active animator.
        (team.reassign(session, nadia, omar.id, nadia.id, now=NOW), TeamRefusal.not_allowed),
        (team.reassign(session, claire, alice.id, nadia.id, now=NOW), TeamRefusal.not_allowed),
        (team.reassign(session, claire, nadia.id, nadia.id, now=NOW), TeamRefusal.not_allowed),
        (team.reassign(session, claire, claire.id, nadia.id, now=NOW), TeamRefusal.not_allowed),
        (team.reassign(session, claire, nadia.id, claire.id, now=NOW), TeamRefusal.not_an_animator),
    ]
    for call, reason in refusals:
        await _refused(session, call, TeamError, reason)

    page = await team.list_team(session, claire, limit=3)
    assert page.total == 4 and len(page.rows) == 3 and page.has_next
    assert await team.reassign(session, claire, nadia.id, omar.id, now=NOW) == 1
    await session.refresh(programme["mine"])
    assert programme["mine"].animator_id == omar.id


# --- the journal ---


async def test_only_an_administrator_reads_or_exports_the_journal(session, programme):
    for reader in (programme["Claire"], programme["Nadia"], programme["tenant"]):
        await _refused(session, audit.latest(session, reader), JournalRefused, JournalRefusal.not_admin)
        await _refused(
            session, audit.export_csv(session, reader, tz=PARIS, now=NOW), JournalRefused, JournalRefusal.not_admin
        )
    page = await audit.latest(session, programme["Alice"], limit=2)
    assert page.total > 2 and len(page.rows) == 2 and page.rows[0].log.id > page.rows[1].log.id
    exported = await audit.export_csv(session, programme["Alice"], tz=PARIS, now=NOW)
    assert exported.decode("utf-8-sig").rstrip().endswith(f"{programme['Alice'].id},admin,audit.export,,,")
