"""A contract's shopping list: pre-filled from the materials of the tutorials linked to each
works item's kind, the measured material's quantity from the area the animator measured
(quantities.py), an estimated price (the middle of the tutorial's range), who buys each line and
whether it is bought. The household's contribution is computed from it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Buyer, MaterialLine, Person, WorksiteContract, WorksItem
from bot.services.content import ContentLibrary
from bot.services.content.model import REFERENCE_LOCALE
from bot.services.worksite import quantities
from bot.services.worksite.rules import WorksiteRefusal, WorksiteRefused, household_to_edit


def _estimate(price: tuple[float, float] | None) -> int | None:
    return round((price[0] + price[1]) / 2 * 100) if price is not None else None


async def prefill(session: AsyncSession, contract: WorksiteContract, item: WorksItem, library: ContentLibrary) -> None:
    """The lines of a new item; a material two of its tutorials share comes once."""
    rule = quantities.kind_rules()[item.kind]
    seen: set[str] = set()
    for tutorial_id in rule.tutorials:
        tutorial = library.tutorial(tutorial_id, REFERENCE_LOCALE)
        if tutorial is None:
            continue
        for index, material in enumerate(tutorial.materials):
            if material.name in seen:
                continue
            seen.add(material.name)
            line = MaterialLine(
                contract_id=contract.id,
                item_id=item.id,
                tutorial_id=tutorial_id,
                material_index=index,
                unit_price_cents=_estimate(material.price_eur),
                buyer=Buyer.association,
            )
            _measure(line, item)
            session.add(line)
    await session.flush()


def _measure(line: MaterialLine, item: WorksItem) -> None:
    measured = quantities.kind_rules()[item.kind].measured
    if measured is None or (measured.tutorial, measured.material) != (line.tutorial_id, line.material_index):
        return
    if item.area_m2 is None:
        line.quantity, line.unit = 1, "piece"
        return
    found = quantities.measured_quantity(measured, item.area_m2)
    line.quantity, line.unit = found.amount, found.unit


async def remeasure(session: AsyncSession, item: WorksItem) -> None:
    for line in (await session.exec(select(MaterialLine).where(col(MaterialLine.item_id) == item.id))).all():
        _measure(line, item)
        session.add(line)


async def lines_of(session: AsyncSession, contract_id: int) -> list[MaterialLine]:
    rows = await session.exec(
        select(MaterialLine).where(col(MaterialLine.contract_id) == contract_id).order_by(col(MaterialLine.id))
    )
    return list(rows.all())


async def line_to_edit(session: AsyncSession, person: Person, line_id: int) -> MaterialLine:
    line = await session.get(MaterialLine, line_id)
    contract = await session.get(WorksiteContract, line.contract_id) if line is not None else None
    if line is None or contract is None:
        raise WorksiteRefused(WorksiteRefusal.not_allowed)
    await household_to_edit(session, person, contract.household_id)
    return line


async def set_buyer(session: AsyncSession, person: Person, line_id: int, buyer: Buyer) -> MaterialLine:
    line = await line_to_edit(session, person, line_id)
    line.buyer = buyer
    session.add(line)
    await session.flush()
    return line


async def toggle_bought(session: AsyncSession, person: Person, line_id: int) -> MaterialLine:
    line = await line_to_edit(session, person, line_id)
    line.bought = not line.bought
    session.add(line)
    await session.flush()
    return line


def line_cents(line: MaterialLine) -> int | None:
    return round(line.quantity * line.unit_price_cents) if line.unit_price_cents is not None else None


@dataclass(frozen=True)
class Totals:
    by_buyer: dict[Buyer, int]  # estimated cents, lines without a price left out
    unpriced: int  # lines with no price estimate
    contribution_cents: int  # what the household gives

    @property
    def total(self) -> int:
        return sum(self.by_buyer.values())


def totals(contract: WorksiteContract, lines: list[MaterialLine]) -> Totals:
    """The household's contribution: the contract's amount, or its share of what the association buys."""
    by_buyer = dict.fromkeys(Buyer, 0)
    unpriced = 0
    for line in lines:
        cents = line_cents(line)
        if cents is None:
            unpriced += 1
        else:
            by_buyer[line.buyer] += cents
    if contract.contribution_cents is not None:
        contribution = contract.contribution_cents
    else:
        contribution = math.ceil(by_buyer[Buyer.association] * (contract.contribution_percent or 0) / 100)
    return Totals(by_buyer, unpriced, contribution)


# Spreadsheet programs run a cell that starts with one of these as a formula (CSV/formula injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value safe to write in a cell: text that a spreadsheet would run as a formula is quoted.
    (Local guard: the project's shared helper for cells had not landed on main.)"""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class WorkbookWords:
    """The coordinator's words for the workbook (services do not translate)."""

    sheet: str
    headers: list[str]  # room, work, material, quantity, unit, unit price, total, buyer, bought
    units: dict[str, str]
    buyers: dict[Buyer, str]
    kinds: Callable[[WorksItem], str]
    yes: str
    no: str
    total: str
    contribution: str
    sources: str


def write_xlsx(
    path: Path,
    reference: str,
    contract: WorksiteContract,
    items: list[WorksItem],
    lines: list[MaterialLine],
    library: ContentLibrary,
    words: WorkbookWords,
) -> None:
    """The materials for the association's accounts: numbers as numbers, euros formatted."""
    from openpyxl import Workbook

    by_id = {item.id: item for item in items}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = words.sheet[:31]
    sheet.append([cell(reference)])
    sheet.append(words.headers)
    for line in lines:
        item = by_id.get(line.item_id)
        tutorial = library.tutorial(line.tutorial_id, REFERENCE_LOCALE)
        name = tutorial.materials[line.material_index].name if tutorial is not None else line.tutorial_id
        cents = line_cents(line)
        sheet.append(
            [
                cell(item.room if item else ""),
                cell(words.kinds(item) if item else ""),
                cell(name),
                line.quantity,
                words.units.get(line.unit, line.unit),
                line.unit_price_cents / 100 if line.unit_price_cents is not None else None,
                cents / 100 if cents is not None else None,
                words.buyers[line.buyer],
                words.yes if line.bought else words.no,
            ]
        )
        for column in (6, 7):
            sheet.cell(row=sheet.max_row, column=column).number_format = "#,##0.00 €"
    found = totals(contract, lines)
    sheet.append([])
    sheet.append([words.total, None, None, None, None, None, found.total / 100])
    sheet.append([words.contribution, None, None, None, None, None, found.contribution_cents / 100])
    for row in (sheet.max_row - 1, sheet.max_row):
        sheet.cell(row=row, column=7).number_format = "#,##0.00 €"
    sheet.append([])
    sheet.append([words.sources])
    for source in quantities.sources():
        sheet.append([cell(source)])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["C"].width = 50
    workbook.save(path)
