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
MAX_SHORT_TITLE_CHARS = 28  # a button on a phone: a longer `title` needs a `short_title`
MAX_STEP_CHARS = 3500  # Telegram allows 4096; the rest is left for the step header
MAX_CAPTION_CHARS = 1024
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # Telegram's limit for a photo
MAX_CONTENT_IMAGE_BYTES = 500 * 1024  # content pictures stay small: they load on a phone with little data
MAX_IMAGE_SIDE_SUM = 10000  # Telegram: width + height of a photo
MAX_IMAGE_RATIO = 20  # Telegram: longest side / shortest side
IMAGE_LICENCES = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "public-domain")


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
    """A picture: `step` None is shown with the overview, a number with that step (1-based)."""

    file: str
    caption: str
    path: Path
    source: str = ""  # who made it (attribution), e.g. "Drawn for ARA Assistant (scripts/draw_diagrams.py)"
    licence: str = ""  # one of IMAGE_LICENCES
    step: int | None = None


@dataclass(frozen=True)
class BeforeYouStart:
    """The card shown before a tutorial's first step; every text is in the tutorial's language.

    `building`: the building's age (lead paint before 1949 and the CREP; asbestos when the
    permit is older than 1 July 1997 and the DAPP); `who_pays`: tenant or landlord (décret
    n°87-712); `landlord_agreement`: when the landlord must agree in writing (loi n°89-462,
    art. 7 f); `stop_and_call`: when to stop and call the animator. `disturbs_surfaces` is True
    when the work drills, sands or scrapes (the check then requires the lead and asbestos words).
    """

    building: str
    who_pays: str
    landlord_agreement: str
    stop_and_call: str
    disturbs_surfaces: bool


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    text: str
    line: int
    images: tuple[Image, ...] = ()  # pictures for this step (Image.step == number)


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
    images: tuple[Image, ...] = ()  # the overview's pictures (no `step`); step pictures are on Step.images
    added_after_launch: bool = False
    fallback: bool = False  # True: shown in French because the translation is missing
    path: Path | None = None
    before_you_start: BeforeYouStart | None = None  # always set on loaded content (the check requires it)
    short_title: str = ""  # at most 28 characters, for buttons; the title itself when that is short enough
    drying_hours: int | None = None  # waiting time after the work (`duration_minutes`), e.g. paint drying

    @property
    def all_images(self) -> tuple[Image, ...]:
        """The overview's pictures, then each step's, in step order."""
        return self.images + tuple(image for step in self.steps for image in step.images)


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
    short_title: str = ""  # at most 28 characters, for buttons; the title itself when that is short enough


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
