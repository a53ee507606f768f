"""The tool library (outilthèque): the inventory, loans to households, returns, overdue loans.

The inventory is the team's (animators, coordinators, administrators). A loan is made and
returned by staff who follow the household (an animator theirs, coordinators all). Tenants
see only their own household's loans. `Tool.available` moves only by conditional UPDATEs
(`… WHERE available >= :n`, `… WHERE available + :n <= count`) and a CHECK constraint backs
them: two people lending the last drill at the same moment, one gets it, on both databases.

The day before the return day, at 18:00 local time, each tenant of the household gets a
reminder through the outbox (kind tool.reminder); a loan returned since is not reminded
(refresh_reminder drops it at send time)."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, Person, Role, Tool, ToolCondition, ToolLoan
from bot.services import audit, delivery, households, people
from bot.services.delivery import Claimed
from bot.services.payloads import Payload
from bot.services.refusals import Refused
from bot.timeutil import local_to_utc

REMINDER = "tool.reminder"
REMINDER_AT = time(18, 0)
NAME_MAX = 80
COUNT_MAX = 99
LOAN_DAYS_MAX = 92


class LendingRefusal(str, enum.Enum):
    not_staff = "not_staff"
    not_yours = "not_yours"  # a household the person does not follow, or another household's loans
    no_such_tool = "no_such_tool"
    no_such_loan = "no_such_loan"
    none_available = "none_available"
    bad_name = "bad_name"
    bad_count = "bad_count"
    bad_date = "bad_date"
    already_returned = "already_returned"
    still_lent = "still_lent"  # fewer in the inventory than are out on loan


class LendingRefused(Refused[LendingRefusal]):
    pass


class ToolReminderPayload(Payload):
    """tool.reminder: to each tenant of the household, the evening before the return day."""

    loan_id: int
    tool: str
    quantity: int = 1
    due_on: date


@dataclass(frozen=True)
class LoanView:
    loan: ToolLoan
    tool: Tool
    reference: str  # the household's

    def overdue(self, today: date) -> bool:
        return self.loan.returned_at is None and self.loan.due_on < today


def _check_staff(person: Person) -> None:
    if not person.role.is_staff:
        raise LendingRefused(LendingRefusal.not_staff)


def clean_name(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned if 0 < len(cleaned) <= NAME_MAX else None


def parse_count(text: str | None) -> int | None:
    raw = (text or "").strip()
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= COUNT_MAX else None


async def add_tool(
    session: AsyncSession, actor: Person, *, name: str, count: int, photo_file_id: str | None = None
) -> Tool:
    _check_staff(actor)
    cleaned = clean_name(name)
    if cleaned is None:
        raise LendingRefused(LendingRefusal.bad_name)
    if not 1 <= count <= COUNT_MAX:
        raise LendingRefused(LendingRefusal.bad_count)
    tool = Tool(name=cleaned, count=count, available=count, condition=ToolCondition.good, photo_file_id=photo_file_id)
    session.add(tool)
    await session.flush()
    await audit.record(session, actor_id=actor.id, action="tool.add", target_type="tool", target_id=tool.id)
    return tool


async def set_count(session: AsyncSession, actor: Person, tool_id: int, count: int) -> Tool:
    """A new total (bought more, one broke): never below what is out on loan."""
    _check_staff(actor)
    if not 0 <= count <= COUNT_MAX:
        raise LendingRefused(LendingRefusal.bad_count)
    tool = await _tool(session, tool_id)
    result = await session.exec(
        update(Tool)
        .where(col(Tool.id) == tool.id, col(Tool.available) + (count - col(Tool.count)) >= 0)
        .values(available=col(Tool.available) + (count - col(Tool.count)), count=count)
    )
    if not result.rowcount:
        raise LendingRefused(LendingRefusal.still_lent)
    await session.refresh(tool)
    await audit.record(session, actor_id=actor.id, action="tool.count", target_type="tool", target_id=tool.id)
    return tool


async def set_photo(session: AsyncSession, actor: Person, tool_id: int, photo_file_id: str) -> Tool:
    _check_staff(actor)
    tool = await _tool(session, tool_id)
    tool.photo_file_id = photo_file_id[:255]
    session.add(tool)
    await session.flush()
    return tool


async def _tool(session: AsyncSession, tool_id: int) -> Tool:
    tool = await session.get(Tool, tool_id)
    if tool is None:
        raise LendingRefused(LendingRefusal.no_such_tool)
    return tool


async def get_tool(session: AsyncSession, actor: Person, tool_id: int) -> Tool:
    _check_staff(actor)
    return await _tool(session, tool_id)


async def inventory(session: AsyncSession, actor: Person) -> list[Tool]:
    _check_staff(actor)
    rows = await session.exec(select(Tool).order_by(func.lower(col(Tool.name)), col(Tool.id)))
    return list(rows.all())


async def _followed(session: AsyncSession, actor: Person, household_id: int) -> Household:
    household = await session.get(Household, household_id)
    if household is None or not households.follows(actor, household):
        raise LendingRefused(LendingRefusal.not_yours)
    return household


def reminder_due(due_on: date, tz: ZoneInfo) -> datetime:
    return local_to_utc(due_on - timedelta(days=1), REMINDER_AT, tz)


async def lend(
    session: AsyncSession,
    actor: Person,
    *,
    tool_id: int,
    household_id: int,
    due_on: date,
    quantity: int = 1,
    now: datetime,
    tz: ZoneInfo,
) -> ToolLoan:
    _check_staff(actor)
    household = await _followed(session, actor, household_id)
    today = now.astimezone(tz).date()
    if not today <= due_on <= today + timedelta(days=LOAN_DAYS_MAX):
        raise LendingRefused(LendingRefusal.bad_date)
    if not 1 <= quantity <= COUNT_MAX:
        raise LendingRefused(LendingRefusal.bad_count)
    tool = await _tool(session, tool_id)
    taken = await session.exec(
        update(Tool)
        .where(col(Tool.id) == tool.id, col(Tool.available) >= quantity)
        .values(available=col(Tool.available) - quantity)
    )
    if not taken.rowcount:
        raise LendingRefused(LendingRefusal.none_available)
    loan = ToolLoan(
        tool_id=tool.id, household_id=household.id, quantity=quantity, lent_at=now, due_on=due_on, lent_by_id=actor.id
    )
    session.add(loan)
    await session.flush()
    await session.refresh(tool)
    await _schedule_reminders(session, loan, tool, now=now, tz=tz)
    await audit.record(session, actor_id=actor.id, action="tool.lend", target_type="tool_loan", target_id=loan.id)
    return loan


async def _schedule_reminders(session: AsyncSession, loan: ToolLoan, tool: Tool, *, now: datetime, tz: ZoneInfo) -> int:
    due = reminder_due(loan.due_on, tz)
    if due <= now:  # lent for today or tomorrow evening: nothing to remind
        return 0
    queued = 0
    for tenant in await people.tenants_of(session, loan.household_id):
        queued += await delivery.schedule(
            session,
            recipient_id=tenant.id,
            kind=REMINDER,
            dedup_key=f"loan:{loan.id}:reminder:person:{tenant.id}",
            due_at=due,
            now=now,
            params=ToolReminderPayload(loan_id=loan.id, tool=tool.name, quantity=loan.quantity, due_on=loan.due_on),
        )
    return queued


async def give_back(
    session: AsyncSession, actor: Person, loan_id: int, *, condition: ToolCondition, now: datetime
) -> ToolLoan:
    """The tool came back in this condition: it is available again and the tool takes that condition."""
    _check_staff(actor)
    loan = await session.get(ToolLoan, loan_id)
    if loan is None:
        raise LendingRefused(LendingRefusal.no_such_loan)
    await _followed(session, actor, loan.household_id)
    marked = await session.exec(
        update(ToolLoan)
        .where(col(ToolLoan.id) == loan.id, col(ToolLoan.returned_at).is_(None))
        .values(returned_at=now, returned_condition=condition)
    )
    if not marked.rowcount:
        raise LendingRefused(LendingRefusal.already_returned)
    await session.exec(
        update(Tool)
        .where(col(Tool.id) == loan.tool_id, col(Tool.available) + loan.quantity <= col(Tool.count))
        .values(available=col(Tool.available) + loan.quantity, condition=condition)
    )
    await delivery.cancel(session, f"loan:{loan.id}:reminder:")
    await session.refresh(loan)
    await audit.record(session, actor_id=actor.id, action="tool.return", target_type="tool_loan", target_id=loan.id)
    return loan


async def _views(session: AsyncSession, *conditions: object) -> list[LoanView]:
    rows = await session.exec(
        select(ToolLoan, Tool, Household)
        .join(Tool, col(Tool.id) == col(ToolLoan.tool_id))
        .join(Household, col(Household.id) == col(ToolLoan.household_id))
        .where(*conditions)  # type: ignore[arg-type]  # SQL expressions built by the callers
        .order_by(col(ToolLoan.due_on), col(ToolLoan.id))
    )
    return [LoanView(loan, tool, household.reference) for loan, tool, household in rows.all()]


async def out_for_tool(session: AsyncSession, actor: Person, tool_id: int) -> list[LoanView]:
    """Where the tool is now (the inventory is the whole team's)."""
    _check_staff(actor)
    return await _views(session, col(ToolLoan.tool_id) == tool_id, col(ToolLoan.returned_at).is_(None))


async def get_loan(session: AsyncSession, actor: Person, loan_id: int) -> LoanView:
    _check_staff(actor)
    found = await _views(session, col(ToolLoan.id) == loan_id)
    if not found:
        raise LendingRefused(LendingRefusal.no_such_loan)
    await _followed(session, actor, found[0].loan.household_id)
    return found[0]


async def out_for_household(session: AsyncSession, actor: Person, household_id: int) -> list[LoanView]:
    """What the household has now: its tenants, or staff who follow it."""
    if actor.role is Role.tenant:
        if actor.household_id != household_id:
            raise LendingRefused(LendingRefusal.not_yours)
    else:
        await _followed(session, actor, household_id)
    return await _views(session, col(ToolLoan.household_id) == household_id, col(ToolLoan.returned_at).is_(None))


async def borrowed(session: AsyncSession, tenant: Person) -> list[LoanView]:
    """ "What I borrowed": the tenant's household's tools out now."""
    if tenant.role is not Role.tenant or tenant.household_id is None:
        raise LendingRefused(LendingRefusal.not_yours)
    return await out_for_household(session, tenant, tenant.household_id)


async def overdue(session: AsyncSession, actor: Person, *, today: date) -> list[LoanView]:
    """Loans past their return day: every household's for coordinators, an animator's own."""
    _check_staff(actor)
    conditions: list[object] = [col(ToolLoan.returned_at).is_(None), col(ToolLoan.due_on) < today]
    if actor.role is Role.animator:
        conditions.append(col(Household.animator_id) == actor.id)
    return await _views(session, *conditions)


async def refresh_reminder(session: AsyncSession, row: Claimed, now: datetime) -> Claimed | None:
    """No reminder for a loan returned (or gone) since it was queued."""
    payload = ToolReminderPayload.of(row.params)
    loan = await session.get(ToolLoan, payload.loan_id)
    if loan is None or loan.returned_at is not None:
        return None
    return dataclasses.replace(row, params=payload.params())


@dataclass(frozen=True)
class LendingFigures:
    loans: int  # lent in the period
    out: int  # not returned at the end
    overdue: int  # of those, past their return day


async def figures(session: AsyncSession, *, start: datetime | None, now: datetime, today: date) -> LendingFigures:
    """For the Bilan: loans made in the period, out now, overdue now."""
    lent = select(func.count()).select_from(ToolLoan).where(col(ToolLoan.lent_at) <= now)
    if start is not None:
        lent = lent.where(col(ToolLoan.lent_at) >= start)
    out = select(func.count()).select_from(ToolLoan).where(col(ToolLoan.returned_at).is_(None))
    late = out.where(col(ToolLoan.due_on) < today)
    return LendingFigures(
        (await session.exec(lent)).one(), (await session.exec(out)).one(), (await session.exec(late)).one()
    )
