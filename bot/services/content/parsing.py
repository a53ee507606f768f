"""One content file: front matter and body parsed into a Tutorial or a Tip, with its problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import fields
from .fields import FileReport, FrontMatterLines
from .model import (
    DIFFICULTIES,
    MAX_STEP_CHARS,
    MAX_TITLE_CHARS,
    SEASONS,
    TIP_CATEGORIES,
    TUTORIAL_CATEGORIES,
    Image,
    Source,
    Step,
    Tip,
    Tutorial,
)

STEP_HEADING = re.compile(r"^##[ \t]+(\d+)[.)][ \t]+(\S.*?)[ \t]*$")
ANY_HEADING = re.compile(r"^#{1,6}[ \t]")

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
    "before_you_start": True,
    "short_title": False,
    "drying_hours": False,
}
TIP_FIELDS = {
    "id": True,
    "title": True,
    "category": True,
    "season": True,
    "saving": False,
    "sources": True,
    "added_after_launch": False,
    "short_title": False,
}


@dataclass
class ParsedFile:
    """One file after parsing: what cross-file checks need, even if the file is broken."""

    kind: str
    locale: str
    path: Path
    stem: str
    item: Tutorial | Tip | None = None
    lines: FrontMatterLines | None = None
    body_line: int = 1
    step_lines: list[int] = field(default_factory=list)


def _split_front_matter(text: str) -> tuple[str, list[str], int] | None:
    """(front matter, body lines, file line of the first body line) or None."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), lines[index + 1 :], index + 2
    return None


def parse_file(root: Path, kind: str, locale: str, path: Path, report: FileReport) -> ParsedFile:
    entry = ParsedFile(kind=kind, locale=locale, path=path, stem=path.stem)
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
    lines = FrontMatterLines(node)
    entry.lines = lines
    for key, line in lines.duplicated_keys():
        report.add(line, f"'{key}' is given twice")
    known_fields = TUTORIAL_FIELDS if kind == "tutorials" else TIP_FIELDS
    for key in data:
        if key not in known_fields:
            report.add(lines.key(str(key)), f"unknown field '{key}'; allowed: {', '.join(known_fields)}")
    for key, required in known_fields.items():
        if required and key not in data:
            report.add(1, f"missing field '{key}'")
    if kind == "tutorials":
        entry.item = _build_tutorial(root, locale, path, data, body, body_line, lines, report, entry)
    else:
        entry.item = _build_tip(locale, path, data, body, body_line, lines, report)
    return entry


def _check_figures(
    body: list[str], body_line: int, front: list[tuple[str, int]], found_sources: tuple[Source, ...], report: FileReport
) -> None:
    """Every sentence with a figure cites, in brackets, one of the file's sources (see tutorials/README.md)."""
    known = fields.source_words(found_sources)
    places = [(text, line) for text, line in front]
    places += [(raw, body_line + offset) for offset, raw in enumerate(body) if not ANY_HEADING.match(raw)]
    for value, line in places:
        for sentence in fields.unsourced_figures(value, known):
            shown = sentence if len(sentence) <= 60 else sentence[:57] + "…"
            report.add(line, f"a figure without its source in brackets, e.g. '(ADEME, 2022)': \"{shown}\"")


def _attach_images(
    images: tuple[Image, ...], steps: tuple[Step, ...], lines: FrontMatterLines, report: FileReport
) -> tuple[tuple[Image, ...], tuple[Step, ...]]:
    """Overview pictures (no `step`), and each step with its own pictures."""
    for index, image in enumerate(images):
        if image.step is not None and image.step > len(steps):
            report.add(
                lines.item("images", index, "step"),
                f"image '{image.file}' is for step {image.step}, but the tutorial has {len(steps)} steps",
            )
    overview = tuple(image for image in images if image.step is None)
    with_images = tuple(
        replace(step, images=tuple(image for image in images if image.step == step.number)) for step in steps
    )
    return overview, with_images


def _body_text(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def _steps(body: list[str], body_line: int, report: FileReport, entry: ParsedFile) -> tuple[Step, ...]:
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
    lines: FrontMatterLines,
    report: FileReport,
    entry: ParsedFile,
) -> Tutorial | None:
    tutorial_id = fields.check_id(data, path, lines, report)
    title = fields.text(data, "title", lines, report, max_chars=MAX_TITLE_CHARS)
    category = fields.choice(data, "category", TUTORIAL_CATEGORIES, lines, report)
    difficulty = fields.choice(data, "difficulty", DIFFICULTIES, lines, report)
    duration = data.get("duration_minutes")
    if "duration_minutes" in data and (not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0):
        report.add(lines.key("duration_minutes"), "'duration_minutes' must be a whole number of minutes above 0")
    tools = fields.items(data, "tools", lines, report)
    materials = fields.items(data, "materials", lines, report)
    safety = fields.text_list(data, "safety", lines, report, non_empty=False)
    tags = fields.text_list(data, "tags", lines, report, non_empty=True)
    sources = fields.sources(data, lines, report)
    images = fields.images(root, data, lines, report)
    added = fields.flag(data, "added_after_launch", lines, report)
    short_title = fields.short_title(data, title, lines, report)
    card = fields.before_you_start(data, lines, report)
    drying = data.get("drying_hours")
    if "drying_hours" in data and (not isinstance(drying, int) or isinstance(drying, bool) or drying <= 0):
        report.add(lines.key("drying_hours"), "'drying_hours' must be a whole number of hours above 0")
        drying = None
    steps = _steps(body, body_line, report, entry)
    images, steps = _attach_images(images, steps, lines, report)
    front = [(warning, lines.item("safety", index)) for index, warning in enumerate(safety)]
    if card is not None:
        front += [(getattr(card, key), lines.key("before_you_start")) for key in fields.BEFORE_YOU_START_TEXTS]
    _check_figures(body, body_line, front, sources, report)
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
        before_you_start=card,
        short_title=short_title,
        drying_hours=drying,
    )


def _build_tip(
    locale: str, path: Path, data: dict, body: list[str], body_line: int, lines: FrontMatterLines, report: FileReport
) -> Tip | None:
    tip_id = fields.check_id(data, path, lines, report)
    title = fields.text(data, "title", lines, report, max_chars=MAX_TITLE_CHARS)
    category = fields.choice(data, "category", TIP_CATEGORIES, lines, report)
    season = fields.choice(data, "season", SEASONS, lines, report)
    saving = fields.text(data, "saving", lines, report, max_chars=300)
    sources = fields.sources(data, lines, report)
    added = fields.flag(data, "added_after_launch", lines, report)
    short_title = fields.short_title(data, title, lines, report)
    _check_figures(body, body_line, [(saving, lines.key("saving"))] if saving else [], sources, report)
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
        short_title=short_title,
    )
