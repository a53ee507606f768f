"""How much to buy, from what the animator measures: content/worksite.yaml links each work kind
to its tutorials and names the material measured in m²; content/quantities.yaml holds the rules,
each with its source. Read once per process (the files ship with the code)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.models import WorkKind
from bot.services.content.model import default_content_root


@dataclass(frozen=True)
class Measured:
    tutorial: str
    material: int
    rule: str  # paint, wallpaper, floor, tiles
    pack_litres: float | None = None


@dataclass(frozen=True)
class KindRule:
    tutorials: tuple[str, ...]
    measured: Measured | None


@dataclass(frozen=True)
class Quantity:
    amount: float
    unit: str  # tin, roll, m2, piece


def _load(name: str, root: Path | None) -> dict[str, Any]:
    path = (root or default_content_root()) / name
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: expected a mapping")
    return loaded


@cache
def kind_rules(root: Path | None = None) -> dict[WorkKind, KindRule]:
    raw = _load("worksite.yaml", root)
    rules = {}
    for kind in WorkKind:
        entry = raw[kind.value]
        measured = entry.get("measured")
        rules[kind] = KindRule(
            tuple(entry["tutorials"]),
            Measured(measured["tutorial"], int(measured["material"]), measured["rule"], measured.get("pack_litres"))
            if measured
            else None,
        )
    return rules


@cache
def quantity_rules(root: Path | None = None) -> dict[str, Any]:
    return _load("quantities.yaml", root)


def measured_quantity(measured: Measured, area_m2: float, rules: dict[str, Any] | None = None) -> Quantity:
    """The quantity of the measured material for `area_m2` of wall or floor."""
    rules = rules or quantity_rules()
    if measured.rule == "paint":
        paint = rules["paint"]
        # The lower coverage: better a little paint left over than a wall half done.
        litres = area_m2 * paint["coats"] / min(paint["coverage_m2_per_litre"])
        return Quantity(math.ceil(litres / (measured.pack_litres or 1)), "tin")
    if measured.rule == "wallpaper":
        paper = rules["wallpaper"]
        height = float(rules["wall_height_m"])
        strips = math.ceil(area_m2 / height / paper["roll_width_m"])
        per_roll = max(1, math.floor(paper["roll_length_m"] / (height + paper["extra_per_strip_m"])))
        return Quantity(math.ceil(strips / per_roll) + paper["spare_rolls"], "roll")
    if measured.rule in ("floor", "tiles"):
        return Quantity(math.ceil(area_m2 * (1 + rules[measured.rule]["extra_fraction"])), "m2")
    raise ValueError(f"unknown quantity rule {measured.rule!r}")


def sources(rules: dict[str, Any] | None = None) -> list[str]:
    """Where the rules come from, for the shopping list and the workbook."""
    rules = rules or quantity_rules()
    found = [rules[name]["source"] for name in ("paint", "wallpaper", "floor", "tiles")]
    return [*found, rules["wall_height_source"]]
