"""Front-matter field checks: each reads one key, reports what is wrong and returns the clean value.

Problems are reported at the file line of the key (or list entry) at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .model import (
    IMAGE_LICENCES,
    MAX_CAPTION_CHARS,
    MAX_CONTENT_IMAGE_BYTES,
    MAX_IMAGE_RATIO,
    MAX_IMAGE_SIDE_SUM,
    MAX_SHORT_TITLE_CHARS,
    BeforeYouStart,
    ContentProblem,
    Image,
    Item,
    Source,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
OPTIONAL_TEXT_FIELDS = {"saving"}  # `saving:` left empty means no figure
ITEM_FIELDS = {"name", "price_eur"}
SOURCE_FIELDS = {"title", "url"}
IMAGE_FIELDS = {"file", "caption", "source", "licence", "step"}
BEFORE_YOU_START_TEXTS = ("building", "who_pays", "landlord_agreement", "stop_and_call")
BEFORE_YOU_START_FIELDS = (*BEFORE_YOU_START_TEXTS, "disturbs_surfaces")
# Written the same in every language: a tutorial that drills, sands or scrapes names both risks and both files.
SURFACE_WORDS = ("1949", "CREP", "1997", "DAPP")
# A figure: a number followed by a unit or a ratio. Durations, lengths and temperatures are instructions, not figures.
FIGURE = re.compile(
    r"\d(?:[\d\s.,]*\d)?\s?(?:%|٪|€|euros?\b|kWh|kW\b|W\b|watts?\b|L/min|l/min|litres?\b|liters?\b|L\b|lm\b|"
    r"lumens?\b|bar\b|fois\b|times\b|يورو|لتر|واط|لومن|مرات|أضعاف)",
)
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
BRACKETS = re.compile(r"\(([^()]*)\)")
SOURCE_WORD = re.compile(r"[\w'’-]+")


class FrontMatterLines:
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


class FileReport:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ContentProblem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(ContentProblem(self.path, line, message))


def _quote_hint(value: Any) -> str:
    """French typography puts a space before ':', which YAML reads as 'key: value'."""
    if isinstance(value, dict):
        return ' (a text containing ": " must be written between double quotes)'
    return ""


def text(
    data: dict, key: str, lines: FrontMatterLines, report: FileReport, *, max_chars: int | None = None
) -> str | None:
    value = data.get(key)
    if key not in data or (value is None and key in OPTIONAL_TEXT_FIELDS):
        return None
    if not isinstance(value, str) or not value.strip():
        report.add(lines.key(key), f"'{key}' must be a non-empty text{_quote_hint(value)}")
        return None
    value = value.strip()
    if max_chars is not None and len(value) > max_chars:
        report.add(lines.key(key), f"'{key}' is {len(value)} characters long; the limit is {max_chars}")
    return value


def choice(data: dict, key: str, allowed: Iterable[Any], lines: FrontMatterLines, report: FileReport) -> Any:
    if key not in data:
        return None
    allowed = tuple(allowed)
    value = data[key]
    if isinstance(value, bool) or value not in allowed:
        report.add(lines.key(key), f"'{key}' is {value!r}; allowed: {', '.join(str(a) for a in allowed)}")
        return None
    return value


def flag(data: dict, key: str, lines: FrontMatterLines, report: FileReport) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        report.add(lines.key(key), f"'{key}' must be true or false")
        return False
    return value


def text_list(data: dict, key: str, lines: FrontMatterLines, report: FileReport, *, non_empty: bool) -> tuple[str, ...]:
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
            hint = _quote_hint(element)
            report.add(lines.item(key, index), f"'{key}' entry {index + 1} must be a non-empty text{hint}")
        else:
            found.append(element.strip())
    if non_empty and not value:
        report.add(lines.key(key), f"'{key}' must not be empty")
    return tuple(found)


def _mappings(
    data: dict, key: str, allowed: set[str], lines: FrontMatterLines, report: FileReport
) -> list[tuple[int, dict]]:
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


def items(data: dict, key: str, lines: FrontMatterLines, report: FileReport) -> tuple[Item, ...]:
    found_items: list[Item] = []
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
        found_items.append(Item(name.strip(), price_range))
    return tuple(found_items)


def _price(value: Any) -> tuple[float, float] | None:
    def number(x: Any) -> bool:
        return isinstance(x, int | float) and not isinstance(x, bool) and x >= 0

    if number(value):
        return (float(value), float(value))
    if isinstance(value, list) and len(value) == 2 and all(number(x) for x in value) and value[0] <= value[1]:
        return (float(value[0]), float(value[1]))
    return None


def sources(data: dict, lines: FrontMatterLines, report: FileReport) -> tuple[Source, ...]:
    if "sources" not in data:
        return ()
    entries = _mappings(data, "sources", SOURCE_FIELDS, lines, report)
    if not entries and isinstance(data["sources"], list | None):
        report.add(lines.key("sources"), "'sources' must list at least one source")
    found_sources: list[Source] = []
    for index, element in entries:
        title = element.get("title")
        url = element.get("url")
        if not isinstance(title, str) or not title.strip():
            report.add(lines.item("sources", index, "title"), f"source {index + 1} needs a 'title'")
            continue
        if url is not None and (not isinstance(url, str) or not re.match(r"^https?://\S+$", url)):
            report.add(lines.item("sources", index, "url"), f"source {index + 1}: 'url' must start with https://")
            url = None
        found_sources.append(Source(title.strip(), url))
    return tuple(found_sources)


def images(root: Path, data: dict, lines: FrontMatterLines, report: FileReport) -> tuple[Image, ...]:
    """Every picture, checked: file inside content/images/, PNG or JPEG, small, a source and a licence."""
    found_images: list[Image] = []
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
        source = element.get("source")
        if not isinstance(source, str) or not source.strip():
            report.add(file_line, f"image '{file}' needs a 'source' (who made it, for the attribution)")
            source = ""
        licence = element.get("licence")
        if licence not in IMAGE_LICENCES:
            report.add(
                lines.item("images", index, "licence") if "licence" in element else file_line,
                f"image '{file}' needs a 'licence': one of {', '.join(IMAGE_LICENCES)}",
            )
            licence = ""
        step = element.get("step")
        if step is not None and (not isinstance(step, int) or isinstance(step, bool) or step < 1):
            report.add(lines.item("images", index, "step"), f"image '{file}': 'step' must be a step number (1, 2…)")
            step = None
        relative = Path(file)
        path = images_dir / relative
        if relative.is_absolute() or ".." in relative.parts:
            report.add(file_line, f"image '{file}' must be a path inside content/images/")
            continue
        if not path.is_file():
            report.add(file_line, f"image '{file}' not found in {images_dir}")
            continue
        if path.stat().st_size > MAX_CONTENT_IMAGE_BYTES:
            report.add(file_line, f"image '{file}' is larger than {MAX_CONTENT_IMAGE_BYTES // 1024} KB")
        with path.open("rb") as handle:
            head = handle.read(32)
        if not (head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC)):
            report.add(file_line, f"image '{file}' is not a PNG or JPEG file")
        elif head.startswith(PNG_MAGIC) and len(head) >= 24:
            width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
            if (
                width + height > MAX_IMAGE_SIDE_SUM
                or min(width, height) == 0
                or (max(width, height) / min(width, height) > MAX_IMAGE_RATIO)
            ):
                report.add(file_line, f"image '{file}' is {width}×{height}: Telegram refuses this size")
        found_images.append(Image(file.strip(), caption.strip(), path, source.strip(), licence, step))
    return tuple(found_images)


def short_title(data: dict, title: str | None, lines: FrontMatterLines, report: FileReport) -> str:
    """`short_title` if given (28 characters at most), else the title when it is short enough for a button."""
    given = text(data, "short_title", lines, report, max_chars=MAX_SHORT_TITLE_CHARS)
    if given is not None:
        return given
    if title is not None and len(title) > MAX_SHORT_TITLE_CHARS:
        report.add(
            lines.key("title"),
            f"'title' is {len(title)} characters long: add a 'short_title' of at most {MAX_SHORT_TITLE_CHARS} "
            "characters for buttons",
        )
    return title or ""


def before_you_start(data: dict, lines: FrontMatterLines, report: FileReport) -> BeforeYouStart | None:
    """The before-you-start card: four texts and whether the work disturbs surfaces (lead, asbestos)."""
    if "before_you_start" not in data:
        return None
    value = data["before_you_start"]
    line = lines.key("before_you_start")
    if not isinstance(value, dict):
        report.add(line, f"'before_you_start' must have named fields: {', '.join(BEFORE_YOU_START_FIELDS)}")
        return None
    card_lines = FrontMatterLines(lines._value("before_you_start"))
    ok = True
    for key in value:
        if key not in BEFORE_YOU_START_FIELDS:
            report.add(
                card_lines.key(str(key)),
                f"unknown field '{key}' in 'before_you_start'; allowed: {', '.join(BEFORE_YOU_START_FIELDS)}",
            )
            ok = False
    texts: dict[str, str] = {}
    for key in BEFORE_YOU_START_TEXTS:
        if key not in value:
            report.add(line, f"'before_you_start' is missing '{key}'")
            ok = False
            continue
        found = text(value, key, card_lines, report)
        if found is None:
            ok = False
        else:
            texts[key] = found
    disturbs = value.get("disturbs_surfaces")
    if not isinstance(disturbs, bool):
        report.add(
            card_lines.key("disturbs_surfaces") if "disturbs_surfaces" in value else line,
            "'before_you_start' needs 'disturbs_surfaces: true' (the work drills, sands or scrapes) or false",
        )
        return None
    if disturbs and "building" in texts:
        missing = [word for word in SURFACE_WORDS if word not in texts["building"]]
        if missing:
            report.add(
                card_lines.key("building"),
                "this work drills, sands or scrapes: 'building' must name lead paint (before 1949, the CREP) and "
                f"asbestos (permit before 1 July 1997, the DAPP); missing: {', '.join(missing)}",
            )
    if not ok:
        return None
    return BeforeYouStart(disturbs_surfaces=disturbs, **texts)


def source_words(found_sources: Iterable[Source]) -> set[str]:
    """Words that name a source: those of the source titles written with a capital or a digit."""
    words: set[str] = set()
    for source in found_sources:
        for word in SOURCE_WORD.findall(source.title):
            if len(word) >= 3 and (word[0].isupper() or any(c.isdigit() for c in word)):
                words.add(word.casefold())
    return words


def unsourced_figures(value: str, known: set[str]) -> list[str]:
    """Sentences with a figure (a number and a unit such as %, €, kWh, litres) and no source in brackets.

    A source in brackets is "(…)" containing a word of one of the file's source titles, e.g. "(ADEME, 2022)".
    """
    missing: list[str] = []
    for sentence in SENTENCE_END.split(value):
        if not FIGURE.search(sentence):
            continue
        cited = any(
            word.casefold() in known for group in BRACKETS.findall(sentence) for word in SOURCE_WORD.findall(group)
        )
        if not cited:
            missing.append(sentence.strip())
    return missing


def check_id(data: dict, path: Path, lines: FrontMatterLines, report: FileReport) -> str | None:
    if "id" not in data:
        return None
    value = data["id"]
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        report.add(lines.key("id"), f"'id' {value!r} must be lowercase letters, digits and dashes")
        return None
    if value != path.stem:
        report.add(lines.key("id"), f"'id' is '{value}' but the file is named '{path.stem}.md'; they must match")
    return value
