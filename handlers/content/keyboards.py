"""Keyboards of the tutorials, tips and sharing flows."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.services.content import Tutorial
from handlers.content.callbacks import (
    TipCallback,
    TipDayCallback,
    TipsAction,
    TipsActionCallback,
    TutorialCallback,
    TutorialCategoryCallback,
    TutorialDoneCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback

PAGE_SIZE = 6


def _menu_button(builder: InlineKeyboardBuilder) -> None:
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))


def tutorial_categories(categories: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """`categories`: (key, translated name)."""
    builder = InlineKeyboardBuilder()
    for key, name in categories:
        builder.button(text=name, callback_data=TutorialCategoryCallback(category=key))
    builder.button(text=_("🔎 Search"), callback_data=MenuCallback(action=MenuAction.tutorial_search))
    _menu_button(builder)
    builder.adjust(1)
    return builder.as_markup()


def tutorial_list(tutorials: Sequence[Tutorial], category: str, offset: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    page = tutorials[offset : offset + PAGE_SIZE]
    for tutorial in page:
        builder.button(text=tutorial.title, callback_data=TutorialCallback(id=tutorial.id, step=-1))
    pager = []
    if offset > 0:
        pager.append((_("◀️ Previous"), max(0, offset - PAGE_SIZE)))
    if offset + PAGE_SIZE < len(tutorials):
        pager.append((_("Next ▶️"), offset + PAGE_SIZE))
    for text, target in pager:
        builder.button(text=text, callback_data=TutorialCategoryCallback(category=category, offset=target))
    builder.button(text=_("⬅️ Subjects"), callback_data=MenuCallback(action=MenuAction.tutorials))
    builder.adjust(*([1] * len(page)), *([len(pager)] if pager else []), 1)
    return builder.as_markup()


def search_results(tutorials: Sequence[Tutorial]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for tutorial in tutorials:
        builder.button(text=tutorial.title, callback_data=TutorialCallback(id=tutorial.id, step=-1))
    builder.button(text=_("🔎 Search again"), callback_data=MenuCallback(action=MenuAction.tutorial_search))
    builder.button(text=_("⬅️ Subjects"), callback_data=MenuCallback(action=MenuAction.tutorials))
    builder.adjust(1)
    return builder.as_markup()


def tutorial_overview(tutorial: Tutorial) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("▶️ Start"), callback_data=TutorialCallback(id=tutorial.id, step=0))
    builder.button(text=_("⬅️ Back to the list"), callback_data=TutorialCategoryCallback(category=tutorial.category))
    _menu_button(builder)
    builder.adjust(1)
    return builder.as_markup()


def tutorial_step(tutorial: Tutorial, index: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("◀️ Previous"), callback_data=TutorialCallback(id=tutorial.id, step=index - 1))
    if index + 1 < len(tutorial.steps):
        builder.button(text=_("Next ▶️"), callback_data=TutorialCallback(id=tutorial.id, step=index + 1))
    else:
        builder.button(text=_("✅ I'm done"), callback_data=TutorialDoneCallback(id=tutorial.id))
    _menu_button(builder)
    builder.adjust(2, 1)
    return builder.as_markup()


def after_tutorial(tutorial: Tutorial) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🛠 Other tutorials"), callback_data=MenuCallback(action=MenuAction.tutorials))
    _menu_button(builder)
    builder.adjust(1)
    return builder.as_markup()


def open_tutorial(tutorial_id: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📖 Open the tutorial"), callback_data=TutorialCallback(id=tutorial_id, step=-1))
    return builder.as_markup()


def tip_screen(index: int, total: int, subscribed: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("💡 Another tip"), callback_data=TipCallback(index=(index + 1) % total))
    if subscribed:
        builder.button(
            text=_("🔕 Stop the weekly tip"), callback_data=TipsActionCallback(action=TipsAction.unsubscribe)
        )
    else:
        builder.button(text=_("📬 One tip a week"), callback_data=TipsActionCallback(action=TipsAction.choose_day))
    _menu_button(builder)
    builder.adjust(1)
    return builder.as_markup()


def weekly_tip() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("💡 Another tip"), callback_data=TipCallback(index=0))
    builder.button(text=_("🔕 Stop the weekly tip"), callback_data=TipsActionCallback(action=TipsAction.unsubscribe))
    builder.adjust(1)
    return builder.as_markup()


def weekdays(names: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for weekday, name in enumerate(names):
        builder.button(text=name, callback_data=TipDayCallback(weekday=weekday))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(2, 2, 2, 1, 1)
    return builder.as_markup()
