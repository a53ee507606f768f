"""Keyboards of the tutorials, tips and sharing flows."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.services.content import Tutorial
from bot.services.households import HouseholdRow
from bot.services.paging import Page
from handlers.content.callbacks import (
    ShareItemCallback,
    SharePageCallback,
    TipCallback,
    TipDayCallback,
    TipsAction,
    TipsActionCallback,
    TutorialCallback,
    TutorialCategoryCallback,
    TutorialDoneCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback, ShareKind, ShareKindCallback, ShareTarget
from handlers.ui.layout import button, grid, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.ui.pager import pager_row

TUTORIALS_PAGE_SIZE = 6
SHARE_PAGE_SIZE = 8


def tutorial_categories(categories: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """`categories`: (key, translated name)."""
    return keyboard(
        *([button(name, TutorialCategoryCallback(category=key))] for key, name in categories),
        [button(_("🔎 Search"), MenuCallback(action=MenuAction.tutorial_search))],
        [back_to_menu_button()],
    )


def tutorial_list(page: Page[Tutorial], category: str) -> InlineKeyboardMarkup:
    return keyboard(
        *(
            [button(tutorial.short_title or tutorial.title, TutorialCallback(id=tutorial.id, step=-1))]
            for tutorial in page.rows
        ),
        pager_row(page, lambda offset: TutorialCategoryCallback(category=category, offset=offset)),
        [button(_("⬅️ Subjects"), MenuCallback(action=MenuAction.tutorials))],
    )


def search_results(tutorials: Sequence[Tutorial]) -> InlineKeyboardMarkup:
    return keyboard(
        *(
            [button(tutorial.short_title or tutorial.title, TutorialCallback(id=tutorial.id, step=-1))]
            for tutorial in tutorials
        ),
        [button(_("🔎 Search again"), MenuCallback(action=MenuAction.tutorial_search))],
        [button(_("⬅️ Subjects"), MenuCallback(action=MenuAction.tutorials))],
    )


def tutorial_overview(tutorial: Tutorial) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("▶️ Start"), TutorialCallback(id=tutorial.id, step=0))],
        [button(_("⬅️ Back to the list"), TutorialCategoryCallback(category=tutorial.category))],
        [back_to_menu_button()],
    )


def tutorial_step(tutorial: Tutorial, index: int) -> InlineKeyboardMarkup:
    onwards = (
        button(_("Next ▶️"), TutorialCallback(id=tutorial.id, step=index + 1))
        if index + 1 < len(tutorial.steps)
        else button(_("✅ I'm done"), TutorialDoneCallback(id=tutorial.id))
    )
    return keyboard(
        [button(_("◀️ Previous"), TutorialCallback(id=tutorial.id, step=index - 1)), onwards],
        [back_to_menu_button()],
    )


def after_tutorial() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("🛠 Other tutorials"), MenuCallback(action=MenuAction.tutorials))],
        [back_to_menu_button()],
    )


def open_tutorial(tutorial_id: str) -> InlineKeyboardMarkup:
    return keyboard([button(_("📖 Open the tutorial"), TutorialCallback(id=tutorial_id, step=-1))])


def tip_screen(index: int, total: int, subscribed: bool) -> InlineKeyboardMarkup:
    weekly = (
        button(_("🔕 Stop the weekly tip"), TipsActionCallback(action=TipsAction.unsubscribe))
        if subscribed
        else button(_("📬 One tip a week"), TipsActionCallback(action=TipsAction.choose_day))
    )
    return keyboard(
        [button(_("💡 Another tip"), TipCallback(index=(index + 1) % total))],
        [weekly],
        [back_to_menu_button()],
    )


def weekly_tip() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("💡 Another tip"), TipCallback(index=0))],
        [button(_("🔕 Stop the weekly tip"), TipsActionCallback(action=TipsAction.unsubscribe))],
    )


def weekdays(names: Sequence[str]) -> InlineKeyboardMarkup:
    days = (button(name, TipDayCallback(weekday=weekday)) for weekday, name in enumerate(names))
    return keyboard(*grid(days, 2), [back_to_menu_button()])


def share_households(page: Page[HouseholdRow]) -> InlineKeyboardMarkup:
    """The first step of sending: a household (a tutorial first; the next screen switches to tips)."""
    return keyboard(
        *(
            [
                button(
                    f"{row.household.reference} · {row.household.site}",
                    ShareKindCallback(to=ShareTarget.household, target_id=row.household.id, kind=ShareKind.tutorial),
                )
            ]
            for row in page.rows
        ),
        pager_row(page, lambda offset: SharePageCallback(offset=offset)),
        [back_to_menu_button()],
    )


def share_items(
    page: Page[tuple[str, str]], to: ShareTarget, target_id: int, kind: ShareKind, *, switch_text: str
) -> InlineKeyboardMarkup:
    """`page`: (id, title) of the tutorials or the tips; then the switch to the other kind."""
    other = ShareKind.tip if kind is ShareKind.tutorial else ShareKind.tutorial
    return keyboard(
        *(
            [button(title, ShareItemCallback(to=to, target_id=target_id, kind=kind, id=item_id))]
            for item_id, title in page.rows
        ),
        pager_row(page, lambda offset: ShareKindCallback(to=to, target_id=target_id, kind=kind, offset=offset)),
        [button(switch_text, ShareKindCallback(to=to, target_id=target_id, kind=other))],
        [back_to_menu_button()],
    )
