"""Content vocabulary, limits and data: what a tutorial or a tip is once loaded."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

LOCALES = ("fr", "ar", "en")
REFERENCE_LOCALE = "fr"
TUTORIAL_CATEGORIES = (
    "painting",
    "walls",
    "tiling",
    "plumbing",
    "heating",
    "electricity",
    "damp",
    "fixing",
)
TIP_CATEGORIES = (
    "heating",
    "hot_water",
    "water",
    "ventilation",
    "lighting",
    "appliances",
    "cooking",
    "bills",
    "standby",
)
SEASONS = ("all", "heating", "summer")
HEATING_MONTHS = frozenset({10, 11, 12, 1, 2, 3, 4})  # October to April
DIFFICULTIES = (1, 2, 3)

MAX_TITLE_CHARS = 80
MAX_STEP_CHARS = 3500  # Telegram allows 4096; the rest is left for the step header
MAX_CAPTION_CHARS = 1024
MAX_IMAGE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Item:
    """A tool or a material; `price_eur` is None, (price, price) or (low, high)."""

    name: str
    price_eur: tuple[float, float] | None = None


@dataclass(frozen=True)
class Image:
    file: str
    caption: str
    path: Path


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    text: str
    line: int


@dataclass(frozen=True)
class Tutorial:
    id: str
    locale: str
    title: str
    category: str
    difficulty: int
    duration_minutes: int
    tools: tuple[Item, ...]
    materials: tuple[Item, ...]
    safety: tuple[str, ...]
    tags: tuple[str, ...]
    sources: tuple[Source, ...]
    steps: tuple[Step, ...]
    images: tuple[Image, ...] = ()
    added_after_launch: bool = False
    fallback: bool = False  # True: shown in French because the translation is missing
    path: Path | None = None


@dataclass(frozen=True)
class Tip:
    id: str
    locale: str
    title: str
    category: str
    season: str
    text: str
    sources: tuple[Source, ...]
    saving: str | None = None
    added_after_launch: bool = False
    fallback: bool = False
    path: Path | None = None


@dataclass(frozen=True)
class ContentProblem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        first = "\n".join(str(problem) for problem in problems[:5])
        more = f"\n… and {len(problems) - 5} more" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} content problem(s):\n{first}{more}")


def current_season(day: date) -> str:
    """ "heating" from October to April, "summer" from May to September."""
    return "heating" if day.month in HEATING_MONTHS else "summer"


def default_content_root() -> Path:
    """CONTENT_DIR if set; else `content/` beside the packages (editable install, Docker) or in the working folder."""
    configured = os.environ.get("CONTENT_DIR")
    if configured:
        return Path(configured)
    beside_package = Path(__file__).resolve().parents[3] / "content"  # this file is bot/services/content/model.py
    return beside_package if beside_package.is_dir() else Path.cwd() / "content"
