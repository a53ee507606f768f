"""The loaded content: tutorials and tips per locale, with the French fallback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .model import (
    LOCALES,
    REFERENCE_LOCALE,
    TIP_CATEGORIES,
    TUTORIAL_CATEGORIES,
    Tip,
    Tutorial,
)
from .questionnaires import QuestionnaireSet
from .search import SearchIndex


class ContentLibrary:
    """All tutorials and tips, per locale, with the search index built once."""

    def __init__(
        self,
        root: Path,
        tutorials: Mapping[str, Mapping[str, Tutorial]],
        tips: Mapping[str, Mapping[str, Tip]],
        questionnaires: QuestionnaireSet | None = None,
    ) -> None:
        self.root = root
        self.questionnaires = questionnaires or QuestionnaireSet()
        self._tutorials = {locale: dict(tutorials.get(locale, {})) for locale in LOCALES}
        self._tips = {locale: dict(tips.get(locale, {})) for locale in LOCALES}
        self._index = SearchIndex(self)

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
