"""What staff type, in several languages.

Staff write in the programme's language (French by default) and may add a version in each
other language of the assistant. Every tenant gets the version in their language, the main
one otherwise; the choice is made at send time, from the recipient's locale. Before sending,
staff see who will read which (`readers`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Person


class TextVersion(BaseModel):
    """A title (or a message) and an optional description, in one language."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    title: str
    description: str | None = None


@dataclass(frozen=True)
class Readers:
    """How many recipients read each language, and which languages have a version."""

    by_locale: dict[str, int]
    main_locale: str
    versions: frozenset[str]

    def reads_own(self, locale: str) -> bool:
        return locale == self.main_locale or locale in self.versions


async def locales_of(session: AsyncSession, person_ids: Iterable[int]) -> dict[str, int]:
    """How many of these people use each language, most first."""
    ids = list(person_ids)
    counts: Counter[str] = Counter()
    for start in range(0, len(ids), 1000):
        rows = await session.exec(select(Person.locale).where(col(Person.id).in_(ids[start : start + 1000])))
        counts.update(rows.all())
    return dict(counts.most_common())


async def readers(
    session: AsyncSession, person_ids: Iterable[int], *, main_locale: str, versions: Iterable[str]
) -> Readers:
    return Readers(await locales_of(session, person_ids), main_locale, frozenset(versions))


def pick(main: str, versions: Mapping[str, str], locale: str) -> str:
    """The text in `locale` when there is a version in it, the main one otherwise."""
    return versions.get(locale) or main
