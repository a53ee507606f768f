"""The worksite's figures: for a household's card, and for the programme report (Bilan)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import ContractAcceptance, ItemProgress, WorksiteContract, WorksItem, WorksSession

DONE = (ItemProgress.done_with_help, ItemProgress.done_alone)


@dataclass(frozen=True)
class CardSummary:
    """None of it when the household has no contract yet (`version` None)."""

    version: int | None
    signed: bool
    progress: dict[ItemProgress, int]
    sessions: int
    hours: float

    @property
    def items(self) -> int:
        return sum(self.progress.values())


async def card_summary(session: AsyncSession, household_id: int) -> CardSummary:
    contract = (
        await session.exec(select(WorksiteContract).where(col(WorksiteContract.household_id) == household_id))
    ).first()
    progress = dict.fromkeys(ItemProgress, 0)
    signed = False
    if contract is not None:
        rows = await session.exec(
            select(WorksItem.progress, func.count())
            .where(col(WorksItem.contract_id) == contract.id)
            .group_by(col(WorksItem.progress))
        )
        for value, count in rows.all():
            progress[ItemProgress(value)] = count
        signed = (
            await session.exec(
                select(ContractAcceptance.id).where(
                    col(ContractAcceptance.contract_id) == contract.id,
                    col(ContractAcceptance.version) == contract.version,
                )
            )
        ).first() is not None
    sessions = (await session.exec(select(WorksSession).where(col(WorksSession.household_id) == household_id))).all()
    hours = sum((works.ended_at - works.started_at).total_seconds() for works in sessions) / 3600
    return CardSummary(contract.version if contract else None, signed, progress, len(sessions), hours)


@dataclass(frozen=True)
class BilanFigures:
    contracts_signed: int  # contracts with a version accepted in the period
    items_done: int  # done, with help or alone, in the period
    items_done_alone: int
    session_hours: float  # hours of works sessions started in the period


async def bilan_figures(session: AsyncSession, start: datetime | None, now: datetime) -> BilanFigures:
    def window(column: Any) -> list[Any]:
        conditions = [column <= now]
        if start is not None:
            conditions.append(column >= start)
        return conditions

    signed = (
        await session.exec(
            select(func.count(func.distinct(col(ContractAcceptance.contract_id)))).where(
                *window(col(ContractAcceptance.accepted_at))
            )
        )
    ).one()
    done_rows = await session.exec(
        select(WorksItem.progress, func.count())
        .where(col(WorksItem.progress).in_(DONE), *window(col(WorksItem.progress_at)))
        .group_by(col(WorksItem.progress))
    )
    done = {ItemProgress(value): count for value, count in done_rows.all()}
    sessions = (await session.exec(select(WorksSession).where(*window(col(WorksSession.started_at))))).all()
    hours = sum((works.ended_at - works.started_at).total_seconds() for works in sessions) / 3600
    return BilanFigures(signed, sum(done.values()), done.get(ItemProgress.done_alone, 0), round(hours, 1))


BILAN_LABELS = ("contracts_signed", "items_done", "items_done_alone", "works_hours")


def bilan_rows(figures: BilanFigures, labels: Mapping[str, str]) -> list[tuple[str, float]]:
    """The Bilan's worksite lines (label, value), for the labels the reader's words have."""
    values = {
        "contracts_signed": figures.contracts_signed,
        "items_done": figures.items_done,
        "items_done_alone": figures.items_done_alone,
        "works_hours": figures.session_hours,
    }
    return [(labels[key], values[key]) for key in BILAN_LABELS if key in labels]
