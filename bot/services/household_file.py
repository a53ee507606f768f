"""The household file for staff: make-up and situation (only what the indicators need), the
referent and the landlord. Made when a referral is accepted (bot/services/referrals.py); shown on
the household's card to whoever follows the household (households.follows)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, HouseholdFile, Organisation, Person
from bot.services import households


@dataclass(frozen=True)
class FileView:
    file: HouseholdFile
    referent: str  # the referent's name, "" when they left
    organisation: str


async def file_for(session: AsyncSession, reader: Person, household: Household) -> FileView | None:
    """The household's file, for staff who follow it; None for anyone else or when there is none."""
    if not households.follows(reader, household):
        return None
    found = (await session.exec(select(HouseholdFile).where(HouseholdFile.household_id == household.id))).first()
    if found is None:
        return None
    referent = await session.get(Person, found.referent_id) if found.referent_id else None
    organisation = await session.get(Organisation, found.organisation_id) if found.organisation_id else None
    return FileView(found, referent.name if referent else "", organisation.name if organisation else "")
