"""The energy kit: items installed at a household's home (tap aerators, shower heads, LED
bulbs…), with their estimated yearly savings from the sourced figures of
content/energy_kit.yaml (one item's savings, a source beside each figure), summed per
household and for the Bilan.

Staff who follow the household record and remove items (an animator theirs, coordinators
all); its tenants see their own household's kit."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, KitItem, Person, Role
from bot.services import audit, households
from bot.services.content import default_content_root
from bot.services.refusals import Refused

COUNT_MAX = 30


class KitKind(str, enum.Enum):
    tap_aerator = "tap_aerator"
    shower_head = "shower_head"
    led_bulb = "led_bulb"
    power_strip = "power_strip"
    door_draught_strip = "door_draught_strip"


class KitRefusal(str, enum.Enum):
    not_yours = "not_yours"
    bad_count = "bad_count"
    bad_date = "bad_date"
    no_such_item = "no_such_item"


class KitRefused(Refused[KitRefusal]):
    pass


@dataclass(frozen=True)
class Savings:
    """Estimated yearly savings; `estimated` is False when no item counted has a sourced figure."""

    water_m3: float = 0.0
    kwh: float = 0.0
    euros: float = 0.0
    estimated: bool = False

    def __add__(self, other: Savings) -> Savings:
        return Savings(
            self.water_m3 + other.water_m3,
            self.kwh + other.kwh,
            self.euros + other.euros,
            self.estimated or other.estimated,
        )

    def times(self, count: int) -> Savings:
        return Savings(self.water_m3 * count, self.kwh * count, self.euros * count, self.estimated)


@dataclass(frozen=True)
class Figures:
    per_unit: dict[KitKind, Savings]
    sources: dict[KitKind, list[str]]


def load_figures(path: Path) -> Figures:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    water_price = float(data["prices"]["water_euros_per_m3"])
    power_price = float(data["prices"]["electricity_euros_per_kwh"])
    per_unit: dict[KitKind, Savings] = {}
    sources: dict[KitKind, list[str]] = {}
    for kind in KitKind:
        entry = data["kinds"][kind.value]
        sources[kind] = [str(source) for source in entry.get("sources") or []]
        if not sources[kind]:
            raise ValueError(f"{path}: {kind.value} has no source")
        if "water_m3" not in entry and "kwh" not in entry:
            per_unit[kind] = Savings()
            continue
        water, kwh = float(entry.get("water_m3", 0)), float(entry.get("kwh", 0))
        per_unit[kind] = Savings(water, kwh, water * water_price + kwh * power_price, True)
    return Figures(per_unit, sources)


@lru_cache(maxsize=1)
def figures() -> Figures:
    return load_figures(default_content_root() / "energy_kit.yaml")


def savings_of(items: list[KitItem]) -> Savings:
    table = figures().per_unit
    total = Savings()
    for item in items:
        kind = KitKind(item.kind)
        total += table[kind].times(item.count)
    return total


async def _followed(session: AsyncSession, actor: Person, household_id: int) -> Household:
    household = await session.get(Household, household_id)
    if household is None or not households.follows(actor, household):
        raise KitRefused(KitRefusal.not_yours)
    return household


async def add(
    session: AsyncSession,
    actor: Person,
    household_id: int,
    *,
    kind: KitKind,
    count: int,
    installed_on: date,
    now: datetime,
    tz: ZoneInfo,
) -> KitItem:
    household = await _followed(session, actor, household_id)
    if not 1 <= count <= COUNT_MAX:
        raise KitRefused(KitRefusal.bad_count)
    today = now.astimezone(tz).date()
    if not today - timedelta(days=366) <= installed_on <= today:
        raise KitRefused(KitRefusal.bad_date)
    item = KitItem(
        household_id=household.id, kind=kind.value, count=count, installed_on=installed_on, installed_by_id=actor.id
    )
    session.add(item)
    await session.flush()
    await audit.record(session, actor_id=actor.id, action="kit.add", target_type="kit_item", target_id=item.id)
    return item


async def remove(session: AsyncSession, actor: Person, item_id: int) -> int:
    """A mistake corrected; returns the household's id."""
    item = await session.get(KitItem, item_id)
    if item is None:
        raise KitRefused(KitRefusal.no_such_item)
    await _followed(session, actor, item.household_id)
    household_id = item.household_id
    await session.delete(item)
    await session.flush()
    await audit.record(session, actor_id=actor.id, action="kit.remove", target_type="kit_item", target_id=item_id)
    return household_id


async def of_household(session: AsyncSession, actor: Person, household_id: int) -> list[KitItem]:
    if actor.role is Role.tenant:
        if actor.household_id != household_id:
            raise KitRefused(KitRefusal.not_yours)
    else:
        await _followed(session, actor, household_id)
    rows = await session.exec(
        select(KitItem)
        .where(col(KitItem.household_id) == household_id)
        .order_by(col(KitItem.installed_on), col(KitItem.id))
    )
    return list(rows.all())


@dataclass(frozen=True)
class KitFigures:
    items: int  # items installed in the period (sum of counts)
    households: int
    savings: Savings


async def bilan_figures(session: AsyncSession, *, start: date | None, today: date) -> KitFigures:
    query = select(KitItem).where(col(KitItem.installed_on) <= today)
    if start is not None:
        query = query.where(col(KitItem.installed_on) >= start)
    items = list((await session.exec(query)).all())
    return KitFigures(sum(item.count for item in items), len({item.household_id for item in items}), savings_of(items))


async def count_for_household(session: AsyncSession, household_id: int) -> int:
    total = await session.exec(
        select(func.coalesce(func.sum(KitItem.count), 0)).where(col(KitItem.household_id) == household_id)
    )
    return int(total.one())
