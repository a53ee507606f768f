"""Tutorials and energy tips: Markdown files with YAML front matter, one per item and locale.

Coordinators edit `content/` without touching code, so everything a file can get
wrong is checked here and reported as `path:line: message` (`ara-bot content check`):

    content/tutorials/<locale>/<id>.md   front matter + steps (`## 1. Title` + paragraph)
    content/tips/<locale>/<id>.md        front matter + the tip text
    content/images/<file>                optional PNG/JPEG referenced by tutorials

French is the reference: every item exists in every locale, with the same steps,
except items flagged `added_after_launch: true`, which may show the French text
(`fallback=True`) until their translation arrives.

Rendering returns Telegram HTML; words such as "Step" come from `Labels`, which
the bot fills with gettext, so this module never hard-codes a language. Search is
fuzzy (rapidfuzz on unidecode-normalised words) over the user's locale and French.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from babel.numbers import format_decimal
from babel.units import format_unit
from rapidfuzz import fuzz, process
from unidecode import unidecode

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
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STEP_HEADING = re.compile(r"^##[ \t]+(\d+)[.)][ \t]+(\S.*?)[ \t]*$")
ANY_HEADING = re.compile(r"^#{1,6}[ \t]")
BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

TUTORIAL_FIELDS = {
    "id": True,
    "title": True,
    "category": True,
    "difficulty": True,
    "duration_minutes": True,
    "tools": True,
    "materials": True,
    "safety": True,
    "tags": True,
    "sources": True,
    "images": False,
    "added_after_launch": False,
}
TIP_FIELDS = {
    "id": True,
    "title": True,
    "category": True,
    "season": True,
    "saving": False,
    "sources": True,
    "added_after_launch": False,
}
ITEM_FIELDS = {"name", "price_eur"}
SOURCE_FIELDS = {"title", "url"}
IMAGE_FIELDS = {"file", "caption"}
LANGUAGE_WORDS = {"fr": "French", "ar": "Arabic", "en": "English"}


# ---------------------------------------------------------------------------
# Data


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
    """"heating" from October to April, "summer" from May to September."""
    return "heating" if day.month in HEATING_MONTHS else "summer"


def default_content_root() -> Path:
    """`content/` beside the packages (editable install, Docker) or in the working folder."""
    beside_package = Path(__file__).resolve().parents[2] / "content"
    return beside_package if beside_package.is_dir() else Path.cwd() / "content"


# ---------------------------------------------------------------------------
# The library


class ContentLibrary:
    """All tutorials and tips, per locale, with the search index built once."""

    def __init__(
        self,
        root: Path,
        tutorials: Mapping[str, Mapping[str, Tutorial]],
        tips: Mapping[str, Mapping[str, Tip]],
    ) -> None:
        self.root = root
        self._tutorials = {locale: dict(tutorials.get(locale, {})) for locale in LOCALES}
        self._tips = {locale: dict(tips.get(locale, {})) for locale in LOCALES}
        self._index = _SearchIndex(self)

    @staticmethod
    def _check_locale(locale: str) -> None:
        if locale not in LOCALES:
            raise ValueError(f"unknown locale {locale!r}; expected one of {', '.join(LOCALES)}")

    def tutorial(self, tutorial_id: str, locale: str) -> Tutorial | None:
        self._check_locale(locale)
        found = self._tutorials[locale].get(tutorial_id)
        if found is not None:
            return found
        reference = self._tutorials[REFERENCE_LOCALE].get(tutorial_id)
        if reference is not None and reference.added_after_launch:
            return replace(reference, fallback=True)
        return None

    def tutorials(self, locale: str, category: str | None = None) -> list[Tutorial]:
        """In menu order: category, then difficulty, then title."""
        self._check_locale(locale)
        if category is not None and category not in TUTORIAL_CATEGORIES:
            raise ValueError(f"unknown tutorial category {category!r}")
        found = [self.tutorial(tutorial_id, locale) for tutorial_id in self._ids(self._tutorials)]
        chosen = [t for t in found if t is not None and (category is None or t.category == category)]
        return sorted(chosen, key=lambda t: (TUTORIAL_CATEGORIES.index(t.category), t.difficulty, t.title.lower()))

    def categories(self, locale: str) -> list[str]:
        """The tutorial categories that have at least one tutorial, in menu order."""
        used = {tutorial.category for tutorial in self.tutorials(locale)}
        return [category for category in TUTORIAL_CATEGORIES if category in used]

    def tip(self, tip_id: str, locale: str) -> Tip | None:
        self._check_locale(locale)
        found = self._tips[locale].get(tip_id)
        if found is not None:
            return found
        reference = self._tips[REFERENCE_LOCALE].get(tip_id)
        if reference is not None and reference.added_after_launch:
            return replace(reference, fallback=True)
        return None

    def tips(self, locale: str, season: str | None = None) -> list[Tip]:
        """Every tip (season None), or those that apply in a season: its own and the all-year ones."""
        self._check_locale(locale)
        if season is not None and season not in ("heating", "summer"):
            raise ValueError(f"unknown season {season!r}; expected None, 'heating' or 'summer'")
        found = [self.tip(tip_id, locale) for tip_id in self._ids(self._tips)]
        chosen = [t for t in found if t is not None and (season is None or t.season in ("all", season))]
        return sorted(chosen, key=lambda t: (TIP_CATEGORIES.index(t.category), t.id))

    def tip_categories(self, locale: str) -> list[str]:
        used = {tip.category for tip in self.tips(locale)}
        return [category for category in TIP_CATEGORIES if category in used]

    @staticmethod
    def _ids(per_locale: Mapping[str, Mapping[str, Any]]) -> list[str]:
        return sorted(per_locale[REFERENCE_LOCALE])


def load_library(root: Path) -> ContentLibrary:
    """Load and validate everything under `root`; raise ContentError listing every problem."""
    library, problems = _load(Path(root))
    if problems or library is None:
        raise ContentError(problems)
    return library


def check_content(root: Path) -> list[ContentProblem]:
    """Every problem under `root`, sorted by file and line (empty when all is well)."""
    return _load(Path(root))[1]


# ---------------------------------------------------------------------------
# Loading and validation


@dataclass
class _Parsed:
    """One file after parsing: what cross-file checks need, even if the file is broken."""

    kind: str
    locale: str
    path: Path
    stem: str
    item: Tutorial | Tip | None = None
    lines: _Lines | None = None
    body_line: int = 1
    step_lines: list[int] = field(default_factory=list)


class _Lines:
    """File line numbers of front-matter keys (YAML line 0 is file line 2, after `---`)."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.node = node

    @staticmethod
    def _file_line(node: yaml.Node) -> int:
        return node.start_mark.line + 2

    def _value(self, key: str) -> yaml.Node | None:
        if isinstance(self.node, yaml.MappingNode):
            for key_node, value_node in self.node.value:
                if key_node.value == key:
                    return value_node
        return None

    def key(self, key: str) -> int:
        if isinstance(self.node, yaml.MappingNode):
            for key_node, _ in self.node.value:
                if key_node.value == key:
                    return self._file_line(key_node)
        return 1

    def item(self, key: str, index: int, subkey: str | None = None) -> int:
        value = self._value(key)
        if isinstance(value, yaml.SequenceNode) and index < len(value.value):
            element = value.value[index]
            if subkey is not None and isinstance(element, yaml.MappingNode):
                for key_node, _ in element.value:
                    if key_node.value == subkey:
                        return self._file_line(key_node)
            return self._file_line(element)
        return self.key(key)

    def duplicated_keys(self) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        if isinstance(self.node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, _ in self.node.value:
                if key_node.value in seen:
                    found.append((str(key_node.value), self._file_line(key_node)))
                seen.add(key_node.value)
        return found


class _Report:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ContentProblem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(ContentProblem(self.path, line, message))


def _load(root: Path) -> tuple[ContentLibrary | None, list[ContentProblem]]:
    problems: list[ContentProblem] = []
    if not root.is_dir():
        return None, [ContentProblem(root, 1, "content folder not found")]
    parsed: list[_Parsed] = []
    for kind in ("tutorials", "tips"):
        kind_dir = root / kind
        if not kind_dir.is_dir():
            continue
        for locale_dir in sorted(kind_dir.iterdir()):
            if not locale_dir.is_dir():
                continue  # a README beside the locale folders is fine
            if locale_dir.name not in LOCALES:
                problems.append(
                    ContentProblem(locale_dir, 1, f"unknown locale folder; expected one of {', '.join(LOCALES)}")
                )
                continue
            for path in sorted(locale_dir.rglob("*")):
                if path.is_dir():
                    continue
                if path.suffix != ".md":
                    problems.append(ContentProblem(path, 1, "not a Markdown (.md) file"))
                    continue
                report = _Report(path)
                parsed.append(_parse_file(root, kind, locale_dir.name, path, report))
                problems.extend(report.problems)
    if not parsed and not problems:
        problems.append(ContentProblem(root, 1, "no tutorials or tips found"))
    problems.extend(_cross_check(parsed))
    problems.sort(key=lambda p: (str(p.path), p.line, p.message))
    if problems:
        return None, problems
    tutorials: dict[str, dict[str, Tutorial]] = {locale: {} for locale in LOCALES}
    tips: dict[str, dict[str, Tip]] = {locale: {} for locale in LOCALES}
    for entry in parsed:
        if isinstance(entry.item, Tutorial):
            tutorials[entry.locale][entry.item.id] = entry.item
        elif isinstance(entry.item, Tip):
            tips[entry.locale][entry.item.id] = entry.item
    return ContentLibrary(root, tutorials, tips), []


def _split_front_matter(text: str) -> tuple[str, list[str], int] | None:
    """(front matter, body lines, file line of the first body line) or None."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), lines[index + 1 :], index + 2
    return None


def _parse_file(root: Path, kind: str, locale: str, path: Path, report: _Report) -> _Parsed:
    entry = _Parsed(kind=kind, locale=locale, path=path, stem=path.stem)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        report.add(1, f"not UTF-8 text ({error.reason})")
        return entry
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    split = _split_front_matter(text)
    if split is None:
        report.add(1, "the file must start with front matter between two '---' lines")
        return entry
    front_matter, body, body_line = split
    entry.body_line = body_line
    try:
        node = yaml.compose(front_matter, Loader=yaml.SafeLoader)
        data = yaml.safe_load(front_matter)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        report.add(line, f"invalid YAML: {problem}" + (f" ({context})" if context else ""))
        return entry
    if not isinstance(data, dict):
        report.add(2, "the front matter must be a list of 'key: value' lines")
        return entry
    lines = _Lines(node)
    entry.lines = lines
    for key, line in lines.duplicated_keys():
        report.add(line, f"'{key}' is given twice")
    fields = TUTORIAL_FIELDS if kind == "tutorials" else TIP_FIELDS
    for key in data:
        if key not in fields:
            report.add(lines.key(str(key)), f"unknown field '{key}'; allowed: {', '.join(fields)}")
    for key, required in fields.items():
        if required and key not in data:
            report.add(1, f"missing field '{key}'")
    if kind == "tutorials":
        entry.item = _build_tutorial(root, locale, path, data, body, body_line, lines, report, entry)
    else:
        entry.item = _build_tip(locale, path, data, body, body_line, lines, report)
    return entry


def _quote_hint(value: Any) -> str:
    """French typography puts a space before ':', which YAML reads as 'key: value'."""
    if isinstance(value, dict):
        return ' (a text containing ": " must be written between double quotes)'
    return ""


def _text(data: dict, key: str, lines: _Lines, report: _Report, *, max_chars: int | None = None) -> str | None:
    value = data.get(key)
    if key not in data:
        return None
    if not isinstance(value, str) or not value.strip():
        report.add(lines.key(key), f"'{key}' must be a non-empty text{_quote_hint(value)}")
        return None
    value = value.strip()
    if max_chars is not None and len(value) > max_chars:
        report.add(lines.key(key), f"'{key}' is {len(value)} characters long; the limit is {max_chars}")
    return value


def _choice(data: dict, key: str, allowed: Iterable[Any], lines: _Lines, report: _Report) -> Any:
    if key not in data:
        return None
    allowed = tuple(allowed)
    value = data[key]
    if isinstance(value, bool) or value not in allowed:
        report.add(lines.key(key), f"'{key}' is {value!r}; allowed: {', '.join(str(a) for a in allowed)}")
        return None
    return value


def _flag(data: dict, key: str, lines: _Lines, report: _Report) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        report.add(lines.key(key), f"'{key}' must be true or false")
        return False
    return value


def _text_list(data: dict, key: str, lines: _Lines, report: _Report, *, non_empty: bool) -> tuple[str, ...]:
    if key not in data:
        return ()
    value = data[key]
    if value is None:
        value = []
    if not isinstance(value, list):
        report.add(lines.key(key), f"'{key}' must be a list ('- …' lines)")
        return ()
    found: list[str] = []
    for index, element in enumerate(value):
        if not isinstance(element, str) or not element.strip():
            report.add(lines.item(key, index), f"'{key}' entry {index + 1} must be a non-empty text{_quote_hint(element)}")
        else:
            found.append(element.strip())
    if non_empty and not value:
        report.add(lines.key(key), f"'{key}' must not be empty")
    return tuple(found)


def _mappings(data: dict, key: str, allowed: set[str], lines: _Lines, report: _Report) -> list[tuple[int, dict]]:
    if key not in data:
        return []
    value = data[key]
    if value is None:
        value = []
    if not isinstance(value, list):
        report.add(lines.key(key), f"'{key}' must be a list ('- …' entries)")
        return []
    found: list[tuple[int, dict]] = []
    for index, element in enumerate(value):
        if not isinstance(element, dict):
            report.add(lines.item(key, index), f"'{key}' entry {index + 1} must have named fields")
            continue
        for sub in element:
            if sub not in allowed:
                report.add(
                    lines.item(key, index, str(sub)),
                    f"unknown field '{sub}' in '{key}' entry {index + 1}; allowed: {', '.join(sorted(allowed))}",
                )
        found.append((index, element))
    return found


def _items(data: dict, key: str, lines: _Lines, report: _Report) -> tuple[Item, ...]:
    items: list[Item] = []
    for index, element in _mappings(data, key, ITEM_FIELDS, lines, report):
        name = element.get("name")
        if not isinstance(name, str) or not name.strip():
            report.add(lines.item(key, index, "name"), f"'{key}' entry {index + 1} needs a 'name'")
            continue
        price = element.get("price_eur")
        price_range: tuple[float, float] | None = None
        if price is not None:
            price_range = _price(price)
            if price_range is None:
                report.add(
                    lines.item(key, index, "price_eur"),
                    f"'price_eur' of '{name}' must be a number or [min, max] with min ≤ max",
                )
        items.append(Item(name.strip(), price_range))
    return tuple(items)


def _price(value: Any) -> tuple[float, float] | None:
    def number(x: Any) -> bool:
        return isinstance(x, int | float) and not isinstance(x, bool) and x >= 0

    if number(value):
        return (float(value), float(value))
    if isinstance(value, list) and len(value) == 2 and all(number(x) for x in value) and value[0] <= value[1]:
        return (float(value[0]), float(value[1]))
    return None


def _sources(data: dict, lines: _Lines, report: _Report) -> tuple[Source, ...]:
    if "sources" not in data:
        return ()
    entries = _mappings(data, "sources", SOURCE_FIELDS, lines, report)
    if not entries and isinstance(data["sources"], list | None):
        report.add(lines.key("sources"), "'sources' must list at least one source")
    sources: list[Source] = []
    for index, element in entries:
        title = element.get("title")
        url = element.get("url")
        if not isinstance(title, str) or not title.strip():
            report.add(lines.item("sources", index, "title"), f"source {index + 1} needs a 'title'")
            continue
        if url is not None and (not isinstance(url, str) or not re.match(r"^https?://\S+$", url)):
            report.add(lines.item("sources", index, "url"), f"source {index + 1}: 'url' must start with https://")
            url = None
        sources.append(Source(title.strip(), url))
    return tuple(sources)


def _images(root: Path, data: dict, lines: _Lines, report: _Report) -> tuple[Image, ...]:
    images: list[Image] = []
    images_dir = root / "images"
    for index, element in _mappings(data, "images", IMAGE_FIELDS, lines, report):
        file = element.get("file")
        caption = element.get("caption")
        file_line = lines.item("images", index, "file")
        if not isinstance(file, str) or not file.strip():
            report.add(file_line, f"image {index + 1} needs a 'file'")
            continue
        if not isinstance(caption, str) or not caption.strip():
            report.add(lines.item("images", index, "caption"), f"image {index + 1} needs a 'caption'")
            caption = ""
        elif len(caption.strip()) > MAX_CAPTION_CHARS:
            report.add(
                lines.item("images", index, "caption"),
                f"image caption is {len(caption.strip())} characters long; the limit is {MAX_CAPTION_CHARS}",
            )
        relative = Path(file)
        path = images_dir / relative
        if relative.is_absolute() or ".." in relative.parts:
            report.add(file_line, f"image '{file}' must be a path inside content/images/")
            continue
        if not path.is_file():
            report.add(file_line, f"image '{file}' not found in {images_dir}")
            continue
        if path.stat().st_size > MAX_IMAGE_BYTES:
            report.add(file_line, f"image '{file}' is larger than 10 MB")
        with path.open("rb") as handle:
            head = handle.read(8)
        if not (head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC)):
            report.add(file_line, f"image '{file}' is not a PNG or JPEG file")
        images.append(Image(file.strip(), caption.strip(), path))
    return tuple(images)


def _check_id(data: dict, path: Path, lines: _Lines, report: _Report) -> str | None:
    if "id" not in data:
        return None
    value = data["id"]
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        report.add(lines.key("id"), f"'id' {value!r} must be lowercase letters, digits and dashes")
        return None
    if value != path.stem:
        report.add(lines.key("id"), f"'id' is '{value}' but the file is named '{path.stem}.md'; they must match")
    return value


def _body_text(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def _steps(body: list[str], body_line: int, report: _Report, entry: _Parsed) -> tuple[Step, ...]:
    steps: list[Step] = []
    current: tuple[int, str, int] | None = None
    buffer: list[str] = []

    def close() -> None:
        if current is None:
            return
        number, title, line = current
        text = _body_text(buffer)
        if not text:
            report.add(line, f"step {number} has no text under its title")
        if len(title) > MAX_TITLE_CHARS:
            report.add(line, f"step {number} title is {len(title)} characters long; the limit is {MAX_TITLE_CHARS}")
        length = len(title) + len(text)
        if length > MAX_STEP_CHARS:
            report.add(line, f"step {number} is {length} characters long; the limit is {MAX_STEP_CHARS}")
        steps.append(Step(number, title, text, line))

    for offset, raw in enumerate(body):
        line = body_line + offset
        heading = STEP_HEADING.match(raw)
        if heading:
            close()
            number = int(heading.group(1))
            expected = len(steps) + 1
            if number != expected:
                report.add(line, f"step number {number} should be {expected} (steps are numbered 1, 2, 3…)")
            current, buffer = (expected, heading.group(2), line), []
            entry.step_lines.append(line)
        elif ANY_HEADING.match(raw):
            report.add(line, "a step title must look like '## 1. Title' (level-2 heading, number, dot)")
        elif current is None:
            if raw.strip():
                report.add(line, "text before the first step is not shown; start with '## 1. Title'")
        else:
            buffer.append(raw)
    close()
    if not steps:
        report.add(body_line if body else 1, "a tutorial needs at least one step ('## 1. Title' then its text)")
    return tuple(steps)


def _build_tutorial(
    root: Path,
    locale: str,
    path: Path,
    data: dict,
    body: list[str],
    body_line: int,
    lines: _Lines,
    report: _Report,
    entry: _Parsed,
) -> Tutorial | None:
    tutorial_id = _check_id(data, path, lines, report)
    title = _text(data, "title", lines, report, max_chars=MAX_TITLE_CHARS)
    category = _choice(data, "category", TUTORIAL_CATEGORIES, lines, report)
    difficulty = _choice(data, "difficulty", DIFFICULTIES, lines, report)
    duration = data.get("duration_minutes")
    if "duration_minutes" in data and (not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0):
        report.add(lines.key("duration_minutes"), "'duration_minutes' must be a whole number of minutes above 0")
    tools = _items(data, "tools", lines, report)
    materials = _items(data, "materials", lines, report)
    safety = _text_list(data, "safety", lines, report, non_empty=False)
    tags = _text_list(data, "tags", lines, report, non_empty=True)
    sources = _sources(data, lines, report)
    images = _images(root, data, lines, report)
    added = _flag(data, "added_after_launch", lines, report)
    steps = _steps(body, body_line, report, entry)
    if report.problems:  # this file's problems, including missing fields
        return None
    assert tutorial_id and title and category and difficulty and isinstance(duration, int)
    return Tutorial(
        id=tutorial_id,
        locale=locale,
        title=title,
        category=category,
        difficulty=difficulty,
        duration_minutes=duration,
        tools=tools,
        materials=materials,
        safety=safety,
        tags=tags,
        sources=sources,
        steps=steps,
        images=images,
        added_after_launch=added,
        path=path,
    )


def _build_tip(
    locale: str, path: Path, data: dict, body: list[str], body_line: int, lines: _Lines, report: _Report
) -> Tip | None:
    tip_id = _check_id(data, path, lines, report)
    title = _text(data, "title", lines, report, max_chars=MAX_TITLE_CHARS)
    category = _choice(data, "category", TIP_CATEGORIES, lines, report)
    season = _choice(data, "season", SEASONS, lines, report)
    saving = _text(data, "saving", lines, report, max_chars=300)
    sources = _sources(data, lines, report)
    added = _flag(data, "added_after_launch", lines, report)
    for offset, raw in enumerate(body):
        if ANY_HEADING.match(raw):
            report.add(body_line + offset, "a tip is plain text: no '#' headings")
    text = _body_text(body)
    if not text:
        report.add(body_line if body else 1, "the tip text is missing (write it under the front matter)")
    elif len(text) + len(title or "") > MAX_STEP_CHARS:
        report.add(body_line, f"the tip is {len(text)} characters long; the limit is {MAX_STEP_CHARS}")
    if report.problems:  # this file's problems, including missing fields
        return None
    assert tip_id and title and category and season
    return Tip(
        id=tip_id,
        locale=locale,
        title=title,
        category=category,
        season=season,
        text=text,
        sources=sources,
        saving=saving,
        added_after_launch=added,
        path=path,
    )


def _cross_check(parsed: list[_Parsed]) -> list[ContentProblem]:
    """Duplicates, missing translations, and translations that drift from the French reference."""
    problems: list[ContentProblem] = []
    for kind in ("tutorials", "tips"):
        by_locale: dict[str, dict[str, _Parsed]] = {locale: {} for locale in LOCALES}
        for entry in (e for e in parsed if e.kind == kind):
            known = by_locale[entry.locale]
            if entry.stem in known:
                line = entry.lines.key("id") if entry.lines else 1
                problems.append(
                    ContentProblem(entry.path, line, f"id '{entry.stem}' is also used by {known[entry.stem].path}")
                )
                continue
            known[entry.stem] = entry
        reference = by_locale[REFERENCE_LOCALE]
        for locale in LOCALES:
            if locale == REFERENCE_LOCALE:
                continue
            for stem, entry in by_locale[locale].items():
                if stem not in reference:
                    problems.append(
                        ContentProblem(
                            entry.path,
                            entry.lines.key("id") if entry.lines else 1,
                            f"no French reference: {kind}/{REFERENCE_LOCALE}/{stem}.md is missing",
                        )
                    )
            for stem, original in reference.items():
                translation = by_locale[locale].get(stem)
                if translation is None:
                    if not (original.item is not None and original.item.added_after_launch):
                        problems.append(
                            ContentProblem(
                                original.path,
                                original.lines.key("id") if original.lines else 1,
                                f"missing {LANGUAGE_WORDS[locale]} translation: create {kind}/{locale}/{stem}.md "
                                "(or mark this item 'added_after_launch: true')",
                            )
                        )
                    continue
                problems.extend(_compare(original, translation))
    return problems


def _compare(original: _Parsed, translation: _Parsed) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    if original.item is None or translation.item is None:
        return problems  # the broken file already has its own problem
    assert translation.lines is not None
    keys = ("category", "difficulty") if isinstance(original.item, Tutorial) else ("category", "season")
    for key in keys:
        mine, theirs = getattr(translation.item, key), getattr(original.item, key)
        if mine != theirs:
            problems.append(
                ContentProblem(translation.path, translation.lines.key(key), f"'{key}' is {mine!r} but French has {theirs!r}")
            )
    if isinstance(original.item, Tutorial) and isinstance(translation.item, Tutorial):
        mine_count, theirs_count = len(translation.item.steps), len(original.item.steps)
        if mine_count != theirs_count:
            if mine_count > theirs_count:
                line = translation.step_lines[theirs_count]
            else:
                line = translation.step_lines[-1] if translation.step_lines else translation.body_line
            problems.append(
                ContentProblem(
                    translation.path,
                    line,
                    f"{mine_count} steps but the French reference has {theirs_count}; translations keep the same steps",
                )
            )
    return problems


# ---------------------------------------------------------------------------
# Rendering (Telegram HTML)


@dataclass(frozen=True)
class Labels:
    """Words the bot translates with gettext; English defaults are the source strings."""

    step: str = "Step {number}/{total}"
    tools: str = "Tools"
    materials: str = "Materials"
    safety: str = "Safety"
    price: str = "€{amount}"
    price_range: str = "€{low}–{high}"


def inline_html(text: str) -> str:
    """Escape &, <, > and turn **bold** into <b>bold</b>."""
    escaped = html.escape(text, quote=False)
    return BOLD.sub(lambda match: f"<b>{match.group(1)}</b>", escaped)


def _plain(text: str) -> str:
    """Escaped, with ** markers dropped (for text already inside <b>)."""
    return html.escape(text.replace("**", ""), quote=False)


def render_step(tutorial: Tutorial, index: int, labels: Labels) -> str:
    """Step `index` (0-based) as one message: "<b>Step 2/7 — Title</b>\\n\\ntext"."""
    if not 0 <= index < len(tutorial.steps):
        raise IndexError(f"{tutorial.id} has {len(tutorial.steps)} steps; no step index {index}")
    step = tutorial.steps[index]
    header = labels.step.format(number=index + 1, total=len(tutorial.steps))
    return f"<b>{_plain(header)} — {_plain(step.title)}</b>\n\n{inline_html(step.text)}"


def _number(value: float, locale: str) -> str:
    return format_decimal(value, format="#,##0.##", locale=locale)


def format_price(price: tuple[float, float] | None, locale: str, labels: Labels) -> str | None:
    if price is None:
        return None
    low, high = price
    if low == high:
        return labels.price.format(amount=_number(low, locale))
    return labels.price_range.format(low=_number(low, locale), high=_number(high, locale))


def format_duration(minutes: int, locale: str) -> str:
    if minutes < 60:
        return format_unit(minutes, "duration-minute", length="long", locale=locale)
    return format_unit(round(minutes / 60, 1), "duration-hour", length="long", locale=locale)


def render_materials(tutorial: Tutorial, labels: Labels) -> str:
    """Duration and difficulty, tools and materials with prices, safety warnings with ⚠️."""
    stars = "★" * tutorial.difficulty + "☆" * (max(DIFFICULTIES) - tutorial.difficulty)
    parts = [f"<b>{_plain(tutorial.title)}</b>\n⏱ {format_duration(tutorial.duration_minutes, tutorial.locale)} · {stars}"]
    for heading, items in ((labels.tools, tutorial.tools), (labels.materials, tutorial.materials)):
        if not items:
            continue
        rows = []
        for item in items:
            price = format_price(item.price_eur, tutorial.locale, labels)
            rows.append(f"• {inline_html(item.name)}" + (f" — {html.escape(price, quote=False)}" if price else ""))
        parts.append(f"<b>{_plain(heading)}</b>\n" + "\n".join(rows))
    if tutorial.safety:
        warnings = "\n".join(f"⚠️ {inline_html(warning)}" for warning in tutorial.safety)
        parts.append(f"<b>{_plain(labels.safety)}</b>\n{warnings}")
    return "\n\n".join(parts)


def render_sources(sources: Iterable[Source]) -> str:
    """"📚 A; B" with links where a URL is known."""
    shown = []
    for source in sources:
        title = html.escape(source.title, quote=False)
        if source.url:
            shown.append(f'<a href="{html.escape(source.url, quote=True)}">{title}</a>')
        else:
            shown.append(title)
    return "📚 " + "; ".join(shown) if shown else ""


def render_tip(tip: Tip) -> str:
    parts = [f"💡 <b>{_plain(tip.title)}</b>", inline_html(tip.text)]
    tail = []
    if tip.saving:
        tail.append(f"💶 {inline_html(tip.saving)}")
    if tip.sources:
        tail.append(render_sources(tip.sources))
    if tail:
        parts.append("\n".join(tail))
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------
# Search

# Words that say nothing about the subject, after normalisation.
STOPWORDS = frozenset(
    """
    le la les l de du des d un une et ou au aux en dans sur sous pour par avec sans mon ma mes ton ta tes
    son sa ses notre nos votre vos leur leurs ce cet cette ces qui que quoi est sont il elle ils elles je j
    me m tu te t nous vous on se s ne n pas plus comment faire quand y ai avoir etre c ca
    the a an and or of to in on at for with my your is are it how do i me can what when this that
    في من على الى عن كيف ماذا ما هل هذا هذه انا لي مع او ثم لا
    """.split()
)
ARABIC_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
NON_ARABIC_RUN = re.compile(r"[^\u0600-\u06FF]+")
WORD = re.compile(r"[a-z0-9]+|[\u0621-\u064A]+")

TITLE_WEIGHT = 1.0
TAG_WEIGHT = 1.0
CATEGORY_WEIGHT = 0.9
STEP_WEIGHT = 0.55
WORD_CUTOFF = 80  # below this, two words are not the same word with a typo
MIN_SCORE = 50
RELATIVE_SCORE = 0.7  # results far behind the best one are noise ("douche" → "couche")

# Category keys are translated by the bot; these words only let people find them.
CATEGORY_WORDS = {
    "painting": {"fr": "peinture peindre", "en": "painting paint", "ar": "دهان طلاء"},
    "walls": {"fr": "mur murs enduit", "en": "wall walls filler", "ar": "جدار حائط"},
    "tiling": {"fr": "carrelage joint", "en": "tiling tiles", "ar": "بلاط زليج"},
    "plumbing": {"fr": "plomberie eau", "en": "plumbing water", "ar": "سباكة ماء"},
    "heating": {"fr": "chauffage", "en": "heating", "ar": "تدفئة"},
    "electricity": {"fr": "électricité lumière", "en": "electricity light", "ar": "كهرباء ضوء"},
    "damp": {"fr": "humidité", "en": "damp humidity", "ar": "رطوبة"},
    "fixing": {"fr": "fixation bricolage", "en": "fixing diy", "ar": "تثبيت"},
}


def normalise(text: str) -> str:
    """Lowercase, accents dropped (é→e, Latin via unidecode), Arabic letters unified."""
    text = NON_ARABIC_RUN.sub(lambda match: unidecode(match.group()), text)
    return ARABIC_DIACRITICS.sub("", text).translate(ARABIC_LETTERS).lower()


def _stem(word: str) -> str:
    if word[0] >= "\u0600":
        for prefix in ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                return word[len(prefix) :]
        return word
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if len(word) > 4 and word.endswith("x"):
        return word[:-1]
    return word


def search_words(text: str) -> list[str]:
    """The normalised, singular words of `text`, without stop words."""
    return [_stem(word) for word in WORD.findall(normalise(text)) if len(word) > 1 and word not in STOPWORDS]


class _SearchIndex:
    """Per locale: every word of every tutorial, with its best weight per tutorial."""

    def __init__(self, library: ContentLibrary) -> None:
        self._postings: dict[str, dict[str, dict[str, float]]] = {}
        self._vocabulary: dict[str, list[str]] = {}
        for locale in LOCALES:
            postings: dict[str, dict[str, float]] = {}
            for tutorial in library.tutorials(locale):
                for text, weight in self._fields(tutorial):
                    for word in search_words(text):
                        best = postings.setdefault(word, {})
                        best[tutorial.id] = max(best.get(tutorial.id, 0.0), weight)
            self._postings[locale] = postings
            self._vocabulary[locale] = list(postings)

    @staticmethod
    def _fields(tutorial: Tutorial) -> Iterator[tuple[str, float]]:
        yield tutorial.title, TITLE_WEIGHT
        for tag in tutorial.tags:
            yield tag, TAG_WEIGHT
        yield tutorial.category, CATEGORY_WEIGHT
        yield CATEGORY_WORDS.get(tutorial.category, {}).get(tutorial.locale, ""), CATEGORY_WEIGHT
        for step in tutorial.steps:
            yield step.title, STEP_WEIGHT
            yield step.text, STEP_WEIGHT

    def scores(self, words: list[str], locale: str) -> dict[str, float]:
        """Mean over the query words of each word's best weighted match, per tutorial id."""
        vocabulary, postings = self._vocabulary[locale], self._postings[locale]
        totals: dict[str, float] = {}
        for word in words:
            best: dict[str, float] = {}
            matches = process.extract(word, vocabulary, scorer=fuzz.WRatio, score_cutoff=WORD_CUTOFF, limit=None)
            for candidate, similarity, _ in matches:
                closeness = similarity * similarity / 100  # a typo counts, an exact word counts more
                for tutorial_id, weight in postings[candidate].items():
                    best[tutorial_id] = max(best.get(tutorial_id, 0.0), closeness * weight)
            for tutorial_id, score in best.items():
                totals[tutorial_id] = totals.get(tutorial_id, 0.0) + score
        return {tutorial_id: total / len(words) for tutorial_id, total in totals.items()}


def search_tutorials(library: ContentLibrary, query: str, locale: str, limit: int = 5) -> list[Tutorial]:
    """Best matches first, in `locale`; the query may be in that locale or in French, with typos."""
    words = search_words(query)
    if not words or limit <= 0:
        return []
    scores: dict[str, float] = {}
    for search_locale in dict.fromkeys((locale, REFERENCE_LOCALE)):
        for tutorial_id, score in library._index.scores(words, search_locale).items():
            scores[tutorial_id] = max(scores.get(tutorial_id, 0.0), score)
    if not scores:
        return []
    cutoff = max(MIN_SCORE, RELATIVE_SCORE * max(scores.values()))
    found = [(score, library.tutorial(tutorial_id, locale)) for tutorial_id, score in scores.items()]
    ranked = sorted(
        ((score, tutorial) for score, tutorial in found if tutorial is not None and score >= cutoff),
        key=lambda pair: (-pair[0], pair[1].title.lower()),
    )
    return [tutorial for _, tutorial in ranked[:limit]]
