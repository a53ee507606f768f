"""Messages from the programme team to a group of tenants ("the centre is
closed on Tuesday"), sent through the outbox as one broadcast."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from pydantic import Field
from sqlalchemy import distinct
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Broadcast, Household, Person, Phase, Role
from bot.services import audit, delivery, languages
from bot.services.languages import Readers
from bot.services.payloads import Payload
from bot.services.people import CONSENT_VERSION
from bot.services.refusals import Refused

# The outbox kind. The row's text is the message as written in the programme's language;
# its payload holds the versions in other languages; the renderer picks the tenant's and adds
# the header in their language.
KIND = "announcement"
MAX_LENGTH = 3000  # leaves room for the header within Telegram's 4096


class AnnouncementPayload(Payload):
    """KIND: the message in other languages, by locale (rows queued before it have none)."""

    versions: dict[str, str] = Field(default_factory=dict)


class AudienceKind(str, enum.Enum):
    all = "all"
    site = "site"
    phase = "phase"


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    site: str | None = None
    phase: Phase | None = None


class AnnouncementRefusal(str, enum.Enum):
    not_a_manager = "not_a_manager"  # only coordinators and administrators write to tenants
    empty = "empty"
    too_long = "too_long"
    nobody = "nobody"  # nobody in the audience can receive it


class AnnouncementRefused(Refused[AnnouncementRefusal]):
    """Nothing was queued, for `reason`."""


def clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise AnnouncementRefused(AnnouncementRefusal.empty)
    if len(text) > MAX_LENGTH:
        raise AnnouncementRefused(AnnouncementRefusal.too_long)
    return text


async def sites(session: AsyncSession) -> list[str]:
    rows = await session.exec(select(distinct(col(Household.site))).order_by(col(Household.site)))
    return list(rows.all())


async def recipients(session: AsyncSession, audience: Audience) -> list[int]:
    """Tenants who joined, consented and can be reached, in the audience."""
    query = (
        select(Person.id)
        .join(Household, col(Household.id) == col(Person.household_id))
        .where(
            col(Person.role) == Role.tenant,
            col(Person.active).is_(True),
            col(Person.consent_version) == CONSENT_VERSION,
            col(Person.unreachable_since).is_(None),
            col(Person.paused_at).is_(None),
        )
        .order_by(col(Person.id))
    )
    if audience.kind is AudienceKind.site:
        query = query.where(col(Household.site) == audience.site)
    elif audience.kind is AudienceKind.phase:
        query = query.where(col(Household.phase) == audience.phase)
    return [person_id for person_id in (await session.exec(query)).all() if person_id is not None]


async def readers(session: AsyncSession, audience: Audience, *, main_locale: str, versions: dict[str, str]) -> Readers:
    """Who in the audience reads which language, for the preview ("12 in French, 3 in Arabic")."""
    people = await recipients(session, audience)
    return await languages.readers(session, people, main_locale=main_locale, versions=versions)


async def send(
    session: AsyncSession,
    *,
    audience: Audience,
    text: str,
    sender: Person,
    now: datetime,
    versions: dict[str, str] | None = None,
) -> tuple[Broadcast, int]:
    """Queue the message for everyone in the audience; returns the broadcast and its size.
    `versions`: the same message in other languages; each tenant gets theirs at send time."""
    if not sender.role.manages_programme:
        raise AnnouncementRefused(AnnouncementRefusal.not_a_manager)
    text = clean_text(text)
    cleaned = {locale: clean_text(version) for locale, version in (versions or {}).items()}
    people = await recipients(session, audience)
    if not people:
        raise AnnouncementRefused(AnnouncementRefusal.nobody)
    broadcast = await delivery.create_broadcast(
        session,
        kind=KIND,
        recipient_ids=people,
        created_by_id=sender.id,
        now=now,
        text=text,
        params=AnnouncementPayload(versions=cleaned) if cleaned else None,
    )
    await audit.record(
        session,
        "broadcast.create",
        actor_id=sender.id,
        target_type="broadcast",
        target_id=broadcast.id,
        details=f"{audience.kind.value} recipients={len(people)}",
        now=now,
    )
    return broadcast, len(people)
