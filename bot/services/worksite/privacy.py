"""The worksite in /mes_donnees, /supprimer and retention, in one place (bot/services/privacy.py,
erasure.py and retention.py call here).

- Export: a tenant gets their household's worksite (contract, items, materials, acceptances,
  sessions, photos); a team member the acceptances, sessions and photos they recorded.
- Erasing a tenant: the photos they sent (rows and files); their name leaves the acceptances
  (the fact that a version was accepted stays). Erasing a team member: their name leaves what
  they recorded; the household's journal stays.
- Retention (a household anonymised): every photo of the household (rows and files), the
  sessions' notes, the rooms' names and the contract's acceptances' names."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    ContractAcceptance,
    MaterialLine,
    Person,
    Role,
    WorksiteContract,
    WorksItem,
    WorksPhoto,
    WorksSession,
)
from bot.services.worksite import photos


def _rows(rows: Any) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json") for row in rows]


def _row(row: SQLModel) -> dict[str, Any]:
    return row.model_dump(mode="json")


async def of_person(session: AsyncSession, person: Person) -> dict[str, Any] | None:
    if person.role is Role.tenant and person.household_id is not None:
        contract = (
            await session.exec(
                select(WorksiteContract).where(col(WorksiteContract.household_id) == person.household_id)
            )
        ).first()
        found: dict[str, Any] = {"contract": _row(contract) if contract else None}
        if contract is not None:
            found["items"] = _rows(
                (await session.exec(select(WorksItem).where(col(WorksItem.contract_id) == contract.id))).all()
            )
            found["materials"] = _rows(
                (await session.exec(select(MaterialLine).where(col(MaterialLine.contract_id) == contract.id))).all()
            )
            found["acceptances"] = _rows(
                (
                    await session.exec(
                        select(ContractAcceptance).where(col(ContractAcceptance.contract_id) == contract.id)
                    )
                ).all()
            )
        found["sessions"] = _rows(
            (
                await session.exec(select(WorksSession).where(col(WorksSession.household_id) == person.household_id))
            ).all()
        )
        found["photos"] = _rows(
            (await session.exec(select(WorksPhoto).where(col(WorksPhoto.household_id) == person.household_id))).all()
        )
        return found
    recorded = (await session.exec(select(WorksSession).where(col(WorksSession.recorded_by_id) == person.id))).all()
    sent = (await session.exec(select(WorksPhoto).where(col(WorksPhoto.author_id) == person.id))).all()
    if not recorded and not sent:
        return None
    return {"sessions_recorded": _rows(recorded), "photos_sent": _rows(sent)}


async def forget_person(session: AsyncSession, person: Person) -> None:
    if person.role is Role.tenant:
        theirs = (await session.exec(select(WorksPhoto).where(col(WorksPhoto.author_id) == person.id))).all()
        await photos.delete(session, list(theirs))
    person_id = person.id
    await session.exec(
        update(ContractAcceptance).where(col(ContractAcceptance.person_id) == person_id).values(person_id=None)
    )
    await session.exec(update(WorksPhoto).where(col(WorksPhoto.author_id) == person_id).values(author_id=None))
    await session.exec(
        update(WorksSession).where(col(WorksSession.recorded_by_id) == person_id).values(recorded_by_id=None)
    )
    await session.exec(
        update(WorksiteContract).where(col(WorksiteContract.created_by_id) == person_id).values(created_by_id=None)
    )


async def forget_household(session: AsyncSession, household_id: int) -> None:
    kept = (await session.exec(select(WorksPhoto).where(col(WorksPhoto.household_id) == household_id))).all()
    await photos.delete(session, list(kept))
    await session.exec(update(WorksSession).where(col(WorksSession.household_id) == household_id).values(note=None))
    contract = select(WorksiteContract.id).where(col(WorksiteContract.household_id) == household_id)
    await session.exec(update(WorksItem).where(col(WorksItem.contract_id).in_(contract)).values(room="-"))
    await session.exec(
        update(ContractAcceptance).where(col(ContractAcceptance.contract_id).in_(contract)).values(person_id=None)
    )
