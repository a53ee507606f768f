"""The rules of the team's photos and voice notes on tutorial steps, without Telegram: who may add,
who may approve, what tenants see, and that every refusal changes nothing; erased with their
author and listed in the author's export."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bot.models import ContributionKind, ContributionStatus, OutboxMessage, Person, Role, StepContribution
from bot.services import contributions, erasure, privacy
from bot.services.contributions import ContributionRefusal, ContributionRefused
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW
from tests.dbdump import dump

TUTORIAL = "poser-mousseur"


async def _add(session, author, library, **changes):  # type: ignore[no-untyped-def]
    fields = {
        "tutorial_id": TUTORIAL,
        "step": 2,
        "kind": ContributionKind.voice,
        "file_id": "voice-1",
        "locale": "fr",
        "now": NOW,
    }
    return await contributions.contribute(session, author, library, **{**fields, **changes})


@pytest.mark.parametrize(
    ("role", "changes", "reason"),
    [
        (Role.tenant, {}, ContributionRefusal.not_staff),
        (Role.animator, {"tutorial_id": "no-such-tutorial"}, ContributionRefusal.no_such_step),
        (Role.animator, {"step": 99}, ContributionRefusal.no_such_step),
        (Role.animator, {"step": 0}, ContributionRefusal.no_such_step),
        (Role.animator, {"locale": "en"}, ContributionRefusal.no_language),
        (Role.animator, {"locale": None}, ContributionRefusal.no_language),
    ],
)
async def test_a_refused_contribution_stores_nothing(sessionmaker, library, role, changes, reason):
    async with sessionmaker() as session:
        await factories.staff(session, 10, Role.coordinator, "Claire")
        person = (
            await factories.tenant(session, 11)
            if role is Role.tenant
            else await factories.staff(session, 11, role, "Nadia")
        )
        await session.commit()
    before = await dump(sessionmaker)
    async with sessionmaker() as session:
        with pytest.raises(ContributionRefused) as refused:
            await _add(session, await session.get(type(person), person.id), library, **changes)
        assert refused.value.reason is reason
        await session.commit()  # whatever the service had written would now be stored
    assert await dump(sessionmaker) == before


async def test_only_coordinators_and_admins_review_and_a_refusal_changes_nothing(sessionmaker, library):
    async with sessionmaker() as session:
        nadia = await factories.staff(session, 21, Role.animator, "Nadia")
        claire = await factories.staff(session, 22, Role.coordinator, "Claire")
        tenant = await factories.tenant(session, 23)
        added = await _add(session, nadia, library)
        await session.commit()
        # The coordinator is told; the animator herself is not.
        told = await session.exec(
            select(OutboxMessage.recipient_id).where(OutboxMessage.kind == contributions.SUBMITTED)
        )
        assert told.all() == [claire.id]
        assert await contributions.pending_count(session, nadia) == 0  # not a reviewer: nothing to show
    for reader in (nadia, tenant):
        before = await dump(sessionmaker)
        async with sessionmaker() as session:
            with pytest.raises(ContributionRefused) as refused:
                await contributions.review(session, reader, added.id, approve=True, now=NOW)
            assert refused.value.reason is ContributionRefusal.not_reviewer
            with pytest.raises(ContributionRefused):
                await contributions.pending(session, reader, offset=0, limit=5)
            await session.commit()
        assert await dump(sessionmaker) == before
    async with sessionmaker() as session:
        await _check_review(session, library, claire, added.id)


async def _check_review(session, library, claire, added_id):  # type: ignore[no-untyped-def]
    added = await session.get(StepContribution, added_id)
    # Pending: shown to no tenant.
    assert await contributions.on_step(session, TUTORIAL, 2, "fr") == contributions.OnStep()
    page = await contributions.pending(session, claire, offset=0, limit=5)
    assert [(w.contribution.id, w.author) for w in page.rows] == [(added.id, "Nadia")]
    await contributions.review(session, claire, added.id, approve=True, now=NOW)
    assert added.status is ContributionStatus.approved and added.reviewed_by_id == claire.id
    assert await contributions.on_step(session, TUTORIAL, 2, "fr") == contributions.OnStep(voices=("voice-1",))
    assert await contributions.on_step(session, TUTORIAL, 2, "ar") == contributions.OnStep()  # French voice
    with pytest.raises(ContributionRefused) as twice:
        await contributions.review(session, claire, added.id, approve=False, now=NOW)
    assert twice.value.reason is ContributionRefusal.not_found


async def test_a_photo_is_for_every_language_and_a_rejected_one_is_deleted(session, library):
    nadia = await factories.staff(session, 31, Role.animator, "Nadia")
    admin = await factories.staff(session, 32, Role.admin, "Ada")
    photo = await _add(session, nadia, library, kind=ContributionKind.photo, file_id="photo-1", locale="ar")
    assert photo.locale is None  # a photo has no language
    other = await _add(session, nadia, library, kind=ContributionKind.photo, file_id="photo-2", locale=None)
    await contributions.review(session, admin, photo.id, approve=True, now=NOW)
    await contributions.review(session, admin, other.id, approve=False, now=NOW)
    assert (await session.exec(select(StepContribution.file_id))).all() == ["photo-1"]
    for locale in ("fr", "ar", "en"):
        assert (await contributions.on_step(session, TUTORIAL, 2, locale)).photos == ("photo-1",)
    told = (await session.exec(select(OutboxMessage).where(OutboxMessage.kind == contributions.REVIEWED))).all()
    assert sorted(contributions.Reviewed.of(json.loads(row.params)).approved for row in told) == [False, True]


async def test_contributions_are_in_their_authors_export_and_erased_with_them(session, library):
    nadia = await factories.staff(session, 41, Role.animator, "Nadia")
    claire = await factories.staff(session, 42, Role.coordinator, "Claire")
    mine = await _add(session, nadia, library)
    theirs = await _add(session, claire, library, file_id="voice-2")
    await contributions.review(session, claire, mine.id, approve=True, now=NOW)
    exported = await privacy.export(session, nadia, now=NOW)
    assert [row["file_id"] for row in exported.tutorial_contributions] == ["voice-1"]
    await erasure.erase(session, nadia, now=NOW)
    assert (await session.exec(select(StepContribution.file_id))).all() == ["voice-2"]
    await erasure.erase(session, claire, now=NOW)
    assert (await session.exec(select(StepContribution))).all() == []
    assert theirs.id is not None


async def test_who_may_withdraw_an_approved_one_and_a_refusal_changes_nothing(sessionmaker, library):
    async with sessionmaker() as session:
        claire = await factories.staff(session, 10, Role.coordinator, "Claire")
        nadia = await factories.staff(session, 11, Role.animator, "Nadia")
        karim = await factories.staff(session, 12, Role.animator, "Karim")
        tenant = await factories.tenant(session, 13)
        mine = await _add(session, nadia, library)
        waiting = await _add(session, nadia, library, file_id="voice-2")
        await contributions.review(session, claire, mine.id, approve=True, now=NOW)
        await session.commit()
        ids = (claire.id, nadia.id, karim.id, tenant.id, mine.id, waiting.id)
    claire_id, nadia_id, karim_id, tenant_id, mine_id, waiting_id = ids
    for who, target, reason in (
        (karim_id, mine_id, ContributionRefusal.not_yours),  # another animator's
        (tenant_id, mine_id, ContributionRefusal.not_staff),
        (claire_id, waiting_id, ContributionRefusal.not_found),  # still waiting: rejected, not withdrawn
        (claire_id, 999_999, ContributionRefusal.not_found),
    ):
        before = await dump(sessionmaker)
        async with sessionmaker() as session:
            person = await session.get(Person, who)
            with pytest.raises(ContributionRefused) as refused:
                await contributions.withdraw(session, person, target, now=NOW)
            assert refused.value.reason is reason
            await session.commit()
        assert await dump(sessionmaker) == before
    async with sessionmaker() as session:
        assert [
            w.author
            for w in await contributions.withdrawable(session, await session.get(Person, nadia_id), TUTORIAL, 2)
        ] == ["Nadia"]
        assert await contributions.withdrawable(session, await session.get(Person, karim_id), TUTORIAL, 2) == []
        assert await contributions.withdrawable(session, await session.get(Person, tenant_id), TUTORIAL, 2) == []
        await contributions.withdraw(session, await session.get(Person, nadia_id), mine_id, now=NOW)  # her own
        await session.commit()
        assert await session.get(StepContribution, mine_id) is None
        assert (await contributions.on_step(session, TUTORIAL, 2, "fr")).voices == ()
        told = await session.exec(select(OutboxMessage).where(OutboxMessage.kind == contributions.WITHDRAWN))
        assert told.all() == []  # she removed it herself: no message
