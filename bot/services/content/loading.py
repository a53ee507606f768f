"""The whole content folder: every file parsed, then checked across locales against French."""

from __future__ import annotations

from pathlib import Path

from .fields import FileReport
from .library import ContentLibrary
from .model import (
    LOCALES,
    REFERENCE_LOCALE,
    ContentError,
    ContentProblem,
    Tip,
    Tutorial,
)
from .parsing import ParsedFile, parse_file
from .questionnaires import load_questionnaires

LANGUAGE_WORDS = {"fr": "French", "ar": "Arabic", "en": "English"}


def load_library(root: Path) -> ContentLibrary:
    """Load and validate everything under `root`; raise ContentError listing every problem."""
    library, problems = _load(Path(root))
    if problems or library is None:
        raise ContentError(problems)
    return library


def check_content(root: Path) -> list[ContentProblem]:
    """Every problem under `root`, sorted by file and line (empty when all is well)."""
    return _load(Path(root))[1]


def _load(root: Path) -> tuple[ContentLibrary | None, list[ContentProblem]]:
    problems: list[ContentProblem] = []
    if not root.is_dir():
        return None, [ContentProblem(root, 1, "content folder not found")]
    parsed: list[ParsedFile] = []
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
                if path.is_dir() or any(part.startswith(".") for part in path.relative_to(locale_dir).parts):
                    continue  # folders, and hidden files such as .DS_Store or editor swap files
                if path.suffix != ".md":
                    problems.append(ContentProblem(path, 1, "not a Markdown (.md) file"))
                    continue
                report = FileReport(path)
                parsed.append(parse_file(root, kind, locale_dir.name, path, report))
                problems.extend(report.problems)
    if not parsed and not problems:
        problems.append(ContentProblem(root, 1, "no tutorials or tips found"))
    problems.extend(_cross_check(parsed))
    questionnaires, questionnaire_problems = load_questionnaires(root)
    problems.extend(questionnaire_problems)
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
    return ContentLibrary(root, tutorials, tips, questionnaires), []


def _cross_check(parsed: list[ParsedFile]) -> list[ContentProblem]:
    """Duplicates, missing translations, and translations that drift from the French reference."""
    problems: list[ContentProblem] = []
    for kind in ("tutorials", "tips"):
        by_locale: dict[str, dict[str, ParsedFile]] = {locale: {} for locale in LOCALES}
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


def _compare(original: ParsedFile, translation: ParsedFile) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    if original.item is None or translation.item is None:
        return problems  # the broken file already has its own problem
    assert translation.lines is not None
    keys = ("category", "difficulty") if isinstance(original.item, Tutorial) else ("category", "season")
    for key in keys:
        mine, theirs = getattr(translation.item, key), getattr(original.item, key)
        if mine != theirs:
            line = translation.lines.key(key)
            problems.append(ContentProblem(translation.path, line, f"'{key}' is {mine!r} but French has {theirs!r}"))
    if isinstance(original.item, Tutorial) and isinstance(translation.item, Tutorial):
        mine_t, theirs_t = translation.item, original.item
        if mine_t.drying_hours != theirs_t.drying_hours:
            problems.append(
                ContentProblem(
                    translation.path,
                    translation.lines.key("drying_hours") if mine_t.drying_hours else 1,
                    f"'drying_hours' is {mine_t.drying_hours!r} but French has {theirs_t.drying_hours!r}",
                )
            )
        mine_card, theirs_card = mine_t.before_you_start, theirs_t.before_you_start
        if mine_card and theirs_card and mine_card.disturbs_surfaces != theirs_card.disturbs_surfaces:
            problems.append(
                ContentProblem(
                    translation.path,
                    translation.lines.key("before_you_start"),
                    f"'disturbs_surfaces' is {mine_card.disturbs_surfaces} but French has {theirs_card.disturbs_surfaces}",
                )
            )
        mine_pictures = [(image.file, image.step) for image in mine_t.all_images]
        theirs_pictures = [(image.file, image.step) for image in theirs_t.all_images]
        if sorted(mine_pictures, key=str) != sorted(theirs_pictures, key=str):
            problems.append(
                ContentProblem(
                    translation.path,
                    translation.lines.key("images"),
                    "images differ from the French reference: same files for the same steps in every language "
                    "(only the captions are translated)",
                )
            )
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
