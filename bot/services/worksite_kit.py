"""The worksite kit's figures in one place, for the screens and reports other features own:
a household's card (tools out, energy kit, mutual help given and received) and the Bilan
(hours of mutual help, tools lent and overdue, kits installed and their estimated savings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import KitItem, ToolLoan
from bot.services import energy_kit, lending, mutual_help
from bot.services.energy_kit import KitFigures, Savings
from bot.services.lending import LendingFigures
from bot.services.mutual_help import HelpFigures


@dataclass(frozen=True)
class CardSummary:
    tools_out: int
    tools_late: int
    kit_items: int
    savings: Savings
    help_given_minutes: int
    help_received_minutes: int


async def card_summary(session: AsyncSession, household_id: int, *, today: date) -> CardSummary:
    """For staff who already may open the household's card (the card checks that)."""
    loans = list(
        (
            await session.exec(
                select(ToolLoan).where(col(ToolLoan.household_id) == household_id, col(ToolLoan.returned_at).is_(None))
            )
        ).all()
    )
    items = list((await session.exec(select(KitItem).where(col(KitItem.household_id) == household_id))).all())
    hours = await mutual_help.hours_of_household(session, household_id)
    return CardSummary(
        sum(loan.quantity for loan in loans),
        sum(loan.quantity for loan in loans if loan.due_on < today),
        sum(item.count for item in items),
        energy_kit.savings_of(items),
        hours.given_minutes,
        hours.received_minutes,
    )


@dataclass(frozen=True)
class BilanFigures:
    help: HelpFigures
    tools: LendingFigures
    kit: KitFigures


async def bilan_figures(session: AsyncSession, *, start: datetime | None, now: datetime, tz: ZoneInfo) -> BilanFigures:
    today = now.astimezone(tz).date()
    start_day = start.astimezone(tz).date() if start is not None else None
    return BilanFigures(
        await mutual_help.bilan_figures(session, start=start, now=now),
        await lending.figures(session, start=start, now=now, today=today),
        await energy_kit.bilan_figures(session, start=start_day, today=today),
    )
