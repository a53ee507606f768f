"""Exports opened in a spreadsheet: what people wrote is shown, never run.

A written answer `=HYPERLINK("http://…","click")` in a cell is a live formula for Excel or
LibreOffice (CSV/formula injection). In CSV every field starting with `= + - @`, a tab or a
carriage return gets a leading apostrophe (OWASP's advice: the spreadsheet shows the text);
in XLSX such a text is stored as a string cell, which no spreadsheet evaluates (openpyxl
would otherwise store a text starting with `=` as a formula).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_field(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_field(value) for value in values]


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The row for `sheet.append()`: texts that would be formulas become string cells."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row


def make_inert(row: Iterable[Any]) -> None:
    """The cells of a row just appended to an ordinary (not write-only) sheet."""
    for cell in row:
        if cell.data_type == "f":
            cell.data_type = "s"
