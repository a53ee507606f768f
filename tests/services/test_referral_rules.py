"""Referrals without Telegram: every refusal changes nothing; accepting twice creates one
household; erasure and retention cover the referral and the household file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.models import (
    Household,
    HouseholdFile,
    Invite,
    OutboxMessage,
    Person,
    ReferentMembership,
    Referral,
    ReferralStatus,
    Role,
)
from bot.services import erasure, household_file, privacy, referrals, retention, team
from bot.services.referrals import ReferralError, ReferralRefusal
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW

TTL = timedelta(days=14)


async def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return len((await session.exec(select(model))).all())


async def test_refusals_change_nothing(session):
    sophie = await factories.referent(session, 1)
    coordinator = await factories.staff(session, 2, Role.coordinator, "Claire")
    animator = await factories.staff(session, 3, Role.animator, "Nadia")
    with pytest.raises(ReferralError) as refused:
        await referrals.submit(session, sophie, factories.referral_draft(household_agreed=False), now=NOW)
    assert refused.value.reason is ReferralRefusal.not_agreed
    with pytest.raises(ReferralError) as refused:
        await referrals.submit(session, sophie, factories.referral_draft(adults_women=0), now=NOW)
    assert refused.value.reason is ReferralRefusal.no_adult
    with pytest.raises(ReferralError) as refused:
        await referrals.submit(session, coordinator, factories.referral_draft(), now=NOW)
    assert refused.value.reason is ReferralRefusal.not_a_referent
    assert await _count(session, Referral) == 0 and await _count(session, OutboxMessage) == 0

    referral = await factories.referral(session, sophie)
    assert await _count(session, OutboxMessage) == 1  # to the one coordinator
    for who in (animator, sophie):
        with pytest.raises(ReferralError) as refused:
            await referrals.accept(session, who, referral.id, animator_id=None, now=NOW, ttl=TTL)
        assert refused.value.reason is ReferralRefusal.not_allowed
    with pytest.raises(ReferralError) as refused:
        await referrals.accept(session, coordinator, referral.id, animator_id=coordinator.id, now=NOW, ttl=TTL)
    assert refused.value.reason is ReferralRefusal.not_an_animator
    with pytest.raises(ReferralError) as refused:
        await referrals.decline(session, coordinator, referral.id, "   ", now=NOW)
    assert refused.value.reason is ReferralRefusal.bad_reason
    await session.refresh(referral)
    assert referral.status is ReferralStatus.pending and await _count(session, Household) == 0

    done = await referrals.accept(session, coordinator, referral.id, animator_id=animator.id, now=NOW, ttl=TTL)
    assert len(done.codes) == 1 and done.household.animator_id == animator.id
    with pytest.raises(ReferralError) as refused:
        await referrals.accept(session, coordinator, referral.id, animator_id=None, now=NOW, ttl=TTL)
    assert refused.value.reason is ReferralRefusal.already_decided
    with pytest.raises(ReferralError):
        await referrals.decline(session, coordinator, referral.id, "Trop tard", now=NOW)
    assert await _count(session, Household) == 1 and await _count(session, HouseholdFile) == 1

    # The file on the card: its animator and coordinators see it; another animator does not.
    other = await factories.staff(session, 4, Role.animator, "Karim")
    assert (await household_file.file_for(session, animator, done.household)) is not None
    assert (await household_file.file_for(session, other, done.household)) is None


async def test_a_referent_sees_only_their_own_referrals(session):
    sophie = await factories.referent(session, 1)
    marc = await factories.referent(session, 2, name="Marc")
    theirs = await factories.referral(session, marc)
    with pytest.raises(ReferralError):
        await referrals.own(session, sophie, theirs.id)
    assert (await referrals.sent_by(session, sophie)).total == 0
    assert (await referrals.own(session, marc, theirs.id)).referent == "Marc"


async def test_erasure_and_retention_cover_the_referral_and_the_file(session):
    sophie = await factories.referent(session, 1)
    coordinator = await factories.staff(session, 2, Role.coordinator, "Claire")
    accepted = await factories.referral(session, sophie, landlord="PAH", needs="Humidité")
    declined = await factories.referral(session, sophie, site="Jas", needs="Peinture")
    done = await referrals.accept(session, coordinator, accepted.id, animator_id=None, now=NOW, ttl=TTL)
    await referrals.decline(session, coordinator, declined.id, "Hors secteur", now=NOW)

    exported = await privacy.export(session, sophie, now=NOW)
    assert {r["needs"] for r in exported.referrals_sent} == {"Humidité", "Peinture"}
    assert exported.referent_membership is not None

    await erasure.erase(session, sophie, now=NOW)
    await session.commit()
    assert await _count(session, ReferentMembership) == 0
    rows = (await session.exec(select(Referral))).all()
    assert all(r.referent_id is None for r in rows)
    [file] = (await session.exec(select(HouseholdFile))).all()
    assert file.referent_id is None and file.landlord == "PAH"  # the household's file stays while followed

    household = await session.get(Household, done.household.id)
    assert household is not None
    await retention.close_household(session, household, now=NOW - timedelta(days=800))
    await retention.anonymise_expired(session, now=NOW, months=24)
    await session.commit()
    await session.refresh(accepted)
    await session.refresh(declined)
    assert (accepted.needs, accepted.landlord, accepted.site) == ("", "", "")
    assert declined.decline_reason == "Hors secteur"  # declined today: kept for the retention period
    await retention.anonymise_expired(session, now=NOW + timedelta(days=25 * 31), months=24)
    await session.commit()
    await session.refresh(declined)
    assert (declined.needs, declined.landlord, declined.decline_reason, declined.children) == ("", "", None, 2)
    await session.refresh(file)
    assert (file.landlord, file.tenant_since, file.children) == (None, None, 2)  # counts stay for the figures
    assert (await session.exec(select(Invite).where(Invite.used_at.is_(None)))).all() == []  # type: ignore[union-attr]
    assert (await session.exec(select(Person).where(Person.role == Role.referent))).all() == []


async def test_referents_are_not_in_the_team(session):
    coordinator = await factories.staff(session, 1, Role.coordinator, "Claire")
    await factories.referent(session, 2)
    listed = await team.list_team(session, coordinator)
    assert [member.person.name for member in listed.rows] == ["Claire"] and listed.total == 1
