"""Keyboards of the tutorials, tips and sharing flows."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.i18n import LANGUAGE_NAMES
from bot.services.content import Tutorial
from bot.services.contributions import VOICE_LOCALES, Waiting
from bot.services.households import HouseholdRow
from bot.services.paging import Page
from handlers.content.callbacks import (
    BEFORE_YOU_START,
    OVERVIEW,
    ContributeCallback,
    ContributeWhat,
    ReviewAction,
    ReviewCallback,
    ReviewListCallback,
    ShareItemCallback,
    SharePageCallback,
    StepExtra,
    TipCallback,
    TipDayCallback,
    TipsAction,
    TipsActionCallback,
    TutorialCallback,
    TutorialCategoryCallback,
    TutorialDoneCallback,
    TutorialStepExtraCallback,
    WithdrawAction,
    WithdrawCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback, ShareKind, ShareKindCallback, ShareTarget
from handlers.ui.layout import Row, button, grid, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.ui.pager import pager_row

TUTORIALS_PAGE_SIZE = 6
SHARE_PAGE_SIZE = 8
REVIEW_PAGE_SIZE = 6


def tutorial_categories(categories: Sequence[tuple[str, str]], to_review: int = 0) -> InlineKeyboardMarkup:
    """`categories`: (key, translated name); `to_review`: contributions waiting (reviewers only)."""
    review = [button(_("📝 To review: {count}").format(count=to_review), ReviewListCallback())] if to_review else []
    return keyboard(
        *([button(name, TutorialCategoryCallback(category=key))] for key, name in categories),
        [button(_("🔎 Search"), MenuCallback(action=MenuAction.tutorial_search))],
        review,
        [back_to_menu_button()],
    )


def tutorial_list(page: Page[Tutorial], category: str) -> InlineKeyboardMarkup:
    return keyboard(
        *([button(tutorial.short_title, TutorialCallback(id=tutorial.id, step=OVERVIEW))] for tutorial in page.rows),
        pager_row(page, lambda offset: TutorialCategoryCallback(category=category, offset=offset)),
        [button(_("⬅️ Subjects"), MenuCallback(action=MenuAction.tutorials))],
    )


def search_results(tutorials: Sequence[Tutorial]) -> InlineKeyboardMarkup:
    return keyboard(
        *([button(tutorial.short_title, TutorialCallback(id=tutorial.id, step=OVERVIEW))] for tutorial in tutorials),
        [button(_("🔎 Search again"), MenuCallback(action=MenuAction.tutorial_search))],
        [button(_("⬅️ Subjects"), MenuCallback(action=MenuAction.tutorials))],
    )


def tutorial_overview(tutorial: Tutorial) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("▶️ Start"), TutorialCallback(id=tutorial.id, step=BEFORE_YOU_START))],
        [button(_("⬅️ Back to the list"), TutorialCategoryCallback(category=tutorial.category))],
        [back_to_menu_button()],
    )


def before_you_start(tutorial: Tutorial) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("▶️ Go to step 1"), TutorialCallback(id=tutorial.id, step=0))],
        [button(_("⬅️ Tools and materials"), TutorialCallback(id=tutorial.id, step=OVERVIEW))],
        [back_to_menu_button()],
    )


def tutorial_step(
    tutorial: Tutorial,
    index: int,
    *,
    listen: bool = False,
    more_photos: int = 0,
    contribute: bool = False,
    withdraw: bool = False,
) -> InlineKeyboardMarkup:
    """Previous / Next; "🔊 Listen" when an approved voice note exists in the reader's language,
    the team's other photos, for the team "➕ Add a photo or a voice note", and "🗑 Remove a
    photo or voice" for whoever may withdraw one of the step's approved ones."""
    onwards = (
        button(_("Next ▶️"), TutorialCallback(id=tutorial.id, step=index + 1))
        if index + 1 < len(tutorial.steps)
        else button(_("✅ I'm done"), TutorialDoneCallback(id=tutorial.id))
    )
    back = TutorialCallback(id=tutorial.id, step=index - 1 if index > 0 else BEFORE_YOU_START)

    def extra(label: str, kind: StepExtra) -> Row:
        return [button(label, TutorialStepExtraCallback(id=tutorial.id, step=index, extra=kind))]

    return keyboard(
        extra(_("🔊 Listen"), StepExtra.listen) if listen else [],
        extra(_("📷 Photos from the team: {count}").format(count=more_photos), StepExtra.photos) if more_photos else [],
        [button(_("◀️ Previous"), back), onwards],
        [
            button(
                _("➕ Add a photo or a voice note"),
                ContributeCallback(id=tutorial.id, step=index, what=ContributeWhat.choose),
            )
        ]
        if contribute
        else [],
        [
            button(
                _("🗑 Remove a photo or voice"),
                WithdrawCallback(id=tutorial.id, step=index, action=WithdrawAction.choose),
            )
        ]
        if withdraw
        else [],
        [back_to_menu_button()],
    )


def withdraw_list(tutorial_id: str, index: int, rows: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    """`rows`: (contribution id, what it is: "📷 photo · Nadia"), the oldest first."""
    return keyboard(
        *(
            [
                button(
                    name,
                    WithdrawCallback(id=tutorial_id, step=index, action=WithdrawAction.show, contribution=cid),
                )
            ]
            for cid, name in rows
        ),
        [button(_("⬅️ Back to the step"), TutorialCallback(id=tutorial_id, step=index))],
    )


def withdraw_one(tutorial_id: str, index: int, contribution_id: int) -> InlineKeyboardMarkup:
    remove = WithdrawCallback(id=tutorial_id, step=index, action=WithdrawAction.remove, contribution=contribution_id)
    return keyboard(
        [button(_("🗑 Remove from the step"), remove)],
        [button(_("⬅️ Back to the step"), TutorialCallback(id=tutorial_id, step=index))],
    )


def what_to_add(tutorial: Tutorial, index: int) -> InlineKeyboardMarkup:
    voices = {"fr": ContributeWhat.voice_fr, "ar": ContributeWhat.voice_ar}

    def choice(label: str, what: ContributeWhat) -> Row:
        return [button(label, ContributeCallback(id=tutorial.id, step=index, what=what))]

    return keyboard(
        choice(_("📷 A photo"), ContributeWhat.photo),
        *(
            choice(_("🎙 A voice note in {language}").format(language=LANGUAGE_NAMES[locale]), voices[locale])
            for locale in VOICE_LOCALES
        ),
        [button(_("⬅️ Back to the step"), TutorialCallback(id=tutorial.id, step=index))],
    )


def back_to_step(tutorial_id: str, index: int) -> InlineKeyboardMarkup:
    return keyboard([button(_("⬅️ Back to the step"), TutorialCallback(id=tutorial_id, step=index))])


def review_list(page: Page[Waiting], names: Sequence[str]) -> InlineKeyboardMarkup:
    """`names`: what each row is ("📷 “Title”, step 2 · Nadia"), in the page's order."""
    return keyboard(
        *(
            [button(name, ReviewCallback(id=waiting.contribution.id, action=ReviewAction.show))]
            for waiting, name in zip(page.rows, names, strict=True)
        ),
        pager_row(page, lambda offset: ReviewListCallback(offset=offset)),
        [button(_("⬅️ Tutorials"), MenuCallback(action=MenuAction.tutorials))],
        [back_to_menu_button()],
    )


def review_one(contribution_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        [
            button(_("✅ Approve"), ReviewCallback(id=contribution_id, action=ReviewAction.approve)),
            button(_("🗑 Reject"), ReviewCallback(id=contribution_id, action=ReviewAction.reject)),
        ],
        [button(_("⬅️ To review"), ReviewListCallback())],
    )


def after_review() -> InlineKeyboardMarkup:
    return keyboard([button(_("📝 Next to review"), ReviewListCallback())], [back_to_menu_button()])


def open_review() -> InlineKeyboardMarkup:
    return keyboard([button(_("👀 Review"), ReviewListCallback())])


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
