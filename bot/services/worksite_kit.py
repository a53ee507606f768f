"""The worksite kit in one place for what other features own: a household's card (tools out,
energy kit, mutual help given and received), the Bilan (hours of mutual help, tools lent and
overdue, kits installed and their estimated savings), erasure and retention."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import HelpOffer, KitItem, OutboxMessage, ToolLoan, Visit, VisitGuest
from bot.services import energy_kit, lending, mutual_help
from bot.services.energy_kit import KitFigures, Savings
from bot.services.lending import LendingFigures
from bot.services.mutual_help import HelpFigures
from bot.services.visits import guests


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


async def forget_person(session: AsyncSession, person_id: int) -> None:
    """/supprimer (bot/services/erasure.py): the offers of help they wrote go; the hours they
    gave stay counted for their household, without them; staff are unlinked from what they did."""
    offers = select(HelpOffer.id).where(col(HelpOffer.person_id) == person_id)
    await session.exec(update(VisitGuest).where(col(VisitGuest.offer_id).in_(offers)).values(offer_id=None))
    await session.exec(delete(HelpOffer).where(col(HelpOffer.person_id) == person_id))
    await session.exec(update(VisitGuest).where(col(VisitGuest.person_id) == person_id).values(person_id=None))
    await session.exec(update(VisitGuest).where(col(VisitGuest.invited_by_id) == person_id).values(invited_by_id=None))
    await session.exec(update(ToolLoan).where(col(ToolLoan.lent_by_id) == person_id).values(lent_by_id=None))
    await session.exec(update(KitItem).where(col(KitItem.installed_by_id) == person_id).values(installed_by_id=None))


async def forget_household(session: AsyncSession, household_id: int) -> None:
    """Retention (bot/services/retention.py): loans, kit and hours stay for the counts; the
    household's offers of help go, and its address leaves the invitations its helpers received."""
    offers = select(HelpOffer.id).where(col(HelpOffer.household_id) == household_id)
    await session.exec(update(VisitGuest).where(col(VisitGuest.offer_id).in_(offers)).values(offer_id=None))
    await session.exec(delete(HelpOffer).where(col(HelpOffer.household_id) == household_id))
    visit_ids = set((await session.exec(select(Visit.id).where(col(Visit.household_id) == household_id))).all())
    if not visit_ids:
        return
    rows = await session.exec(select(OutboxMessage).where(col(OutboxMessage.kind).in_(guests.ALL_KINDS)))
    for row in rows.all():
        params = json.loads(row.params or "{}")
        if params.get("visit_id") in visit_ids and params.get("address"):
            params["address"] = ""
            row.params = json.dumps(params, ensure_ascii=False)
            session.add(row)
