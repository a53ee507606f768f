"""Photos and voice notes the team adds to tutorial steps (seed 003: tutorials made from the
workshops), and their review.

Any team member (animator, coordinator, administrator) adds a photo, or a voice note in
French or Arabic, to a step of a tutorial. It waits, shown to nobody but the reviewers, until a
coordinator or an administrator approves it; then tenants see the photo on the step and hear
the voice note with "🔊 Listen" (readers of its language only). A rejected one is deleted at
once. The contributor is told either way, through the outbox; so are the reviewers when one
arrives. Telegram keeps the files: a row holds the `file_id` only.

An approved one can be withdrawn (it shows a face, or it is wrong): by a coordinator or an
administrator, or by the team member who added it. The row is deleted, so tenants stop seeing it
on their next screen; the audit log keeps who withdrew what, and the contributor is told when
someone else withdrew theirs.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import ContributionKind, ContributionStatus, Person, Role, StepContribution
from bot.services import audit, delivery
from bot.services.content import ContentLibrary
from bot.services.paging import Page
from bot.services.payloads import Payload
from bot.services.refusals import Refused

VOICE_LOCALES = ("fr", "ar")  # the languages a voice note may be recorded in (the programmes' two)

SUBMITTED = "contribution.submitted"
REVIEWED = "contribution.reviewed"
WITHDRAWN = "contribution.withdrawn"


class Submitted(Payload):
    """SUBMITTED, to each coordinator and administrator: what waits, and a button to review it.
    No name: the review screen reads the author from the row, which goes when they erase."""

    contribution_id: int
    tutorial_id: str
    step: int
    kind: ContributionKind


class Reviewed(Payload):
    """REVIEWED, to the contributor: approved (now shown to tenants) or not kept."""

    tutorial_id: str
    step: int
    kind: ContributionKind
    approved: bool


class Withdrawn(Payload):
    """WITHDRAWN, to the contributor when someone else took their approved one off the step."""

    tutorial_id: str
    step: int
    kind: ContributionKind


class ContributionRefusal(str, enum.Enum):
    not_staff = "not_staff"  # tenants add nothing to the tutorials
    not_reviewer = "not_reviewer"  # only coordinators and administrators approve
    no_such_step = "no_such_step"  # the tutorial or the step is not in the library
    no_language = "no_language"  # a voice note needs French or Arabic
    not_found = "not_found"  # no such contribution, or it was reviewed (or withdrawn) already
    not_yours = "not_yours"  # an animator withdraws only what they added


class ContributionRefused(Refused[ContributionRefusal]):
    """Nothing was stored or changed, for `reason`."""


def may_contribute(person: Person) -> bool:
    return person.role.is_staff


def may_review(person: Person) -> bool:
    return person.role.manages_programme


def may_withdraw(person: Person, contribution: StepContribution) -> bool:
    """Coordinators and administrators withdraw any approved one; a team member their own."""
    return may_review(person) or (may_contribute(person) and contribution.author_id == person.id)


def _check_contributor(person: Person) -> None:
    if not may_contribute(person):
        raise ContributionRefused(ContributionRefusal.not_staff)


def _check_reviewer(person: Person) -> None:
    if not may_review(person):
        raise ContributionRefused(ContributionRefusal.not_reviewer)


def check_step(person: Person, library: ContentLibrary, tutorial_id: str, step: int) -> None:
    """`person` may add to step `step` (1-based) of the tutorial, which exists."""
    _check_contributor(person)
    tutorial = library.tutorial(tutorial_id, "fr")
    if tutorial is None or not 1 <= step <= len(tutorial.steps):
        raise ContributionRefused(ContributionRefusal.no_such_step)


async def contribute(
    session: AsyncSession,
    author: Person,
    library: ContentLibrary,
    *,
    tutorial_id: str,
    step: int,
    kind: ContributionKind,
    file_id: str,
    locale: str | None,
    now: datetime,
) -> StepContribution:
    """Store a photo (every language) or a voice note (`locale`: fr or ar), pending review,
    and tell the reviewers."""
    check_step(author, library, tutorial_id, step)
    if kind is ContributionKind.voice and locale not in VOICE_LOCALES:
        raise ContributionRefused(ContributionRefusal.no_language)
    contribution = StepContribution(
        tutorial_id=tutorial_id,
        step=step,
        kind=kind,
        locale=locale if kind is ContributionKind.voice else None,
        file_id=file_id[:255],
        author_id=author.id,
        status=ContributionStatus.pending,
        created_at=now,
    )
    session.add(contribution)
    await session.flush()
    await audit.record(
        session,
        "contribution.add",
        actor_id=author.id,
        target_type="contribution",
        target_id=contribution.id,
        details=f"{tutorial_id}:{step}:{kind.value}",
        now=now,
    )
    reviewers = await session.exec(
        select(Person.id).where(col(Person.role).in_([Role.coordinator, Role.admin]), col(Person.active).is_(True))
    )
    payload = Submitted(contribution_id=contribution.id, tutorial_id=tutorial_id, step=step, kind=kind)
    for reviewer_id in reviewers.all():
        if reviewer_id == author.id:
            continue  # a coordinator's own contribution waits in their list; no message to themselves
        await delivery.schedule(
            session,
            recipient_id=reviewer_id,
            kind=SUBMITTED,
            dedup_key=f"contribution:{contribution.id}:submitted:to:{reviewer_id}",
            due_at=now,
            now=now,
            params=payload,
        )
    return contribution


async def pending_count(session: AsyncSession, reviewer: Person) -> int:
    """How many wait for review; 0 for anyone who may not review."""
    if not may_review(reviewer):
        return 0
    counted = await session.exec(
        select(func.count())
        .select_from(StepContribution)
        .where(col(StepContribution.status) == ContributionStatus.pending)
    )
    return counted.one()


@dataclass(frozen=True)
class Waiting:
    contribution: StepContribution
    author: str  # the contributor's name, for the reviewer


async def pending(session: AsyncSession, reviewer: Person, *, offset: int, limit: int) -> Page[Waiting]:
    """The contributions waiting for review, the oldest first."""
    _check_reviewer(reviewer)
    total = await pending_count(session, reviewer)
    offset = max(0, min(offset, max(0, total - 1)))
    rows = await session.exec(
        select(StepContribution, Person.name)
        .join(Person, col(Person.id) == col(StepContribution.author_id))
        .where(col(StepContribution.status) == ContributionStatus.pending)
        .order_by(col(StepContribution.created_at), col(StepContribution.id))
        .offset(offset)
        .limit(limit)
    )
    return Page([Waiting(row, name) for row, name in rows.all()], total, offset, limit)


async def to_review(session: AsyncSession, reviewer: Person, contribution_id: int) -> Waiting:
    """One contribution still waiting, for `reviewer` to look at."""
    _check_reviewer(reviewer)
    contribution = await session.get(StepContribution, contribution_id)
    if contribution is None or contribution.status is not ContributionStatus.pending:
        raise ContributionRefused(ContributionRefusal.not_found)
    author = await session.get(Person, contribution.author_id)
    return Waiting(contribution, author.name if author is not None else "")


async def review(
    session: AsyncSession, reviewer: Person, contribution_id: int, *, approve: bool, now: datetime
) -> StepContribution:
    """Approve (tenants see it from now on) or reject (deleted); the contributor is told."""
    contribution = (await to_review(session, reviewer, contribution_id)).contribution
    if approve:
        contribution.status = ContributionStatus.approved
        contribution.reviewed_by_id = reviewer.id
        contribution.reviewed_at = now
        session.add(contribution)
    else:
        await session.delete(contribution)
    await session.flush()
    await audit.record(
        session,
        "contribution.approve" if approve else "contribution.reject",
        actor_id=reviewer.id,
        target_type="contribution",
        target_id=contribution_id,
        details=f"{contribution.tutorial_id}:{contribution.step}:{contribution.kind.value}",
        now=now,
    )
    await delivery.schedule(
        session,
        recipient_id=contribution.author_id,
        kind=REVIEWED,
        dedup_key=f"contribution:{contribution_id}:reviewed",
        due_at=now,
        now=now,
        params=Reviewed(
            tutorial_id=contribution.tutorial_id, step=contribution.step, kind=contribution.kind, approved=approve
        ),
    )
    return contribution


@dataclass(frozen=True)
class OnStep:
    """What tenants get on a step besides the content: approved photos and voice notes."""

    photos: tuple[str, ...] = ()  # file ids, the oldest first
    voices: tuple[str, ...] = ()  # file ids of the voice notes in the reader's language


async def on_step(session: AsyncSession, tutorial_id: str, step: int, locale: str) -> OnStep:
    """The approved photos of step `step` (1-based), and its approved voice notes in `locale`.
    Pending ones are never shown here, to anyone."""
    rows = await session.exec(
        select(StepContribution)
        .where(
            col(StepContribution.tutorial_id) == tutorial_id,
            col(StepContribution.step) == step,
            col(StepContribution.status) == ContributionStatus.approved,
        )
        .order_by(col(StepContribution.created_at), col(StepContribution.id))
    )
    found = rows.all()
    return OnStep(
        photos=tuple(c.file_id for c in found if c.kind is ContributionKind.photo),
        voices=tuple(c.file_id for c in found if c.kind is ContributionKind.voice and c.locale == locale),
    )


# --- withdrawing an approved one ---


async def withdrawable(session: AsyncSession, person: Person, tutorial_id: str, step: int) -> list[Waiting]:
    """The approved photos and voice notes of step `step` (1-based) that `person` may withdraw,
    the oldest first; none for a tenant."""
    if not may_contribute(person):
        return []
    rows = await session.exec(
        select(StepContribution, Person.name)
        .join(Person, col(Person.id) == col(StepContribution.author_id))
        .where(
            col(StepContribution.tutorial_id) == tutorial_id,
            col(StepContribution.step) == step,
            col(StepContribution.status) == ContributionStatus.approved,
        )
        .order_by(col(StepContribution.created_at), col(StepContribution.id))
    )
    return [Waiting(row, name) for row, name in rows.all() if may_withdraw(person, row)]


async def to_withdraw(session: AsyncSession, person: Person, contribution_id: int) -> Waiting:
    """One approved contribution that `person` may withdraw."""
    _check_contributor(person)
    contribution = await session.get(StepContribution, contribution_id)
    if contribution is None or contribution.status is not ContributionStatus.approved:
        raise ContributionRefused(ContributionRefusal.not_found)
    if not may_withdraw(person, contribution):
        raise ContributionRefused(ContributionRefusal.not_yours)
    author = await session.get(Person, contribution.author_id)
    return Waiting(contribution, author.name if author is not None else "")


async def withdraw(session: AsyncSession, person: Person, contribution_id: int, *, now: datetime) -> StepContribution:
    """Take an approved photo or voice note off its step: deleted, recorded in the audit log, and
    its contributor told if someone else withdrew it."""
    contribution = (await to_withdraw(session, person, contribution_id)).contribution
    await session.delete(contribution)
    await session.flush()
    await audit.record(
        session,
        "contribution.withdraw",
        actor_id=person.id,
        target_type="contribution",
        target_id=contribution_id,
        details=f"{contribution.tutorial_id}:{contribution.step}:{contribution.kind.value}",
        now=now,
    )
    if contribution.author_id != person.id:
        await delivery.schedule(
            session,
            recipient_id=contribution.author_id,
            kind=WITHDRAWN,
            dedup_key=f"contribution:{contribution_id}:withdrawn",
            due_at=now,
            now=now,
            params=Withdrawn(tutorial_id=contribution.tutorial_id, step=contribution.step, kind=contribution.kind),
        )
    return contribution
