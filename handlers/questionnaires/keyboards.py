"""Keyboards of the questionnaires: one question's answers, the review screen, the waiting list,
and the coordinators' replies, filters and programme report."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import QuestionnaireAnswer
from bot.services import questionnaires
from bot.services.content import Questionnaire
from bot.services.content.questionnaires import NOT_CONCERNED, scale_scores
from bot.services.questionnaire_reports import Period
from handlers.questionnaires.callbacks import (
    BilanCallback,
    QuestionnaireAction,
    QuestionnaireAnswerCallback,
    QuestionnaireCallback,
    ReportCallback,
    ReportView,
)
from handlers.questionnaires.texts import NOT_CONCERNED_WORDS, PERIOD_NAMES, SCALE_WORDS, YES_NO_WORDS
from handlers.ui.callbacks import HouseholdCardCallback, MenuAction, MenuCallback, RelayReplyCallback
from handlers.ui.layout import Row, button, keyboard
from handlers.ui.menus import back_to_menu_button

# --- answering -----------------------------------------------------------------------------


def answer_button(assignment_id: int) -> InlineKeyboardMarkup:
    """Under the invitation and its reminder."""
    return keyboard(
        [button(_("📝 Answer"), QuestionnaireCallback(assignment_id=assignment_id, action=QuestionnaireAction.open))]
    )


def alert(household_id: int | None) -> InlineKeyboardMarkup | None:
    """Under the team's alert on a flagged answer: the household's card, and writing to it
    (the visits and relay features answer these buttons and check who may)."""
    if household_id is None:
        return None
    return keyboard(
        [button(_("🏠 Open the household"), HouseholdCardCallback(household_id=household_id))],
        [button(_("✉️ Write to the household"), RelayReplyCallback(household_id=household_id))],
    )


def waiting(titles: list[tuple[int, str, bool]]) -> InlineKeyboardMarkup:
    """The questionnaires waiting: (assignment id, title, started)."""
    rows = [
        [
            button(
                ("▶️ " if started else "📝 ") + title,
                QuestionnaireCallback(assignment_id=assignment_id, action=QuestionnaireAction.open),
            )
        ]
        for assignment_id, title, started in titles
    ]
    return keyboard(*rows, [back_to_menu_button()])


def question(
    assignment_id: int, questionnaire: Questionnaire, index: int, given: dict[str, QuestionnaireAnswer]
) -> InlineKeyboardMarkup:
    asked = questionnaire.questions[index]
    current = given.get(asked.id)
    chosen = set((current.value or "").split(",")) if current is not None else set()
    rows: list[Row] = []

    def answer(label: str, value: int) -> None:
        rows.append([button(label, QuestionnaireAnswerCallback(assignment_id=assignment_id, index=index, value=value))])

    def step(label: str, action: QuestionnaireAction) -> None:
        rows.append([button(label, QuestionnaireCallback(assignment_id=assignment_id, action=action, index=index))])

    def mark(selected: bool) -> str:
        return "✅ " if selected else ""

    if asked.kind == "scale":
        for score in reversed(scale_scores(asked.scale)):  # the best first
            answer(mark(score in chosen) + str(SCALE_WORDS[asked.scale][score]), int(score))
    elif asked.kind == "yes_no":
        answer(mark("yes" in chosen) + str(YES_NO_WORDS["yes"]), 1)
        answer(mark("no" in chosen) + str(YES_NO_WORDS["no"]), 0)
    elif asked.kind == "single":
        for number, choice in enumerate(asked.choices):
            answer(mark(choice.key in chosen) + choice.label, number)
    elif asked.kind == "multiple":
        for number, choice in enumerate(asked.choices):
            answer(("☑️ " if choice.key in chosen else "⬜ ") + choice.label, number)
        step(_("✅ Done"), QuestionnaireAction.done)
    if asked.not_concerned:
        answer(mark(NOT_CONCERNED in chosen) + str(NOT_CONCERNED_WORDS), questionnaires.NOT_CONCERNED_NUMBER)
    if asked.optional:
        step(_("⏭ Skip"), QuestionnaireAction.skip)
    if questionnaires.previous_position(questionnaire, given, index) is not None:
        step(_("⬅️ Previous question"), QuestionnaireAction.back)
    return keyboard(*rows, [back_to_menu_button()])


def review(
    assignment_id: int, questionnaire: Questionnaire, given: dict[str, QuestionnaireAnswer]
) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                _("📨 Send my answers"),
                QuestionnaireCallback(assignment_id=assignment_id, action=QuestionnaireAction.send),
            )
        ]
    ]
    for index in questionnaires.shown_indexes(questionnaire, given):
        rows.append(
            [
                button(
                    _("✏️ Change: {label}").format(label=questionnaire.questions[index].label),
                    QuestionnaireCallback(assignment_id=assignment_id, action=QuestionnaireAction.edit, index=index),
                )
            ]
        )
    return keyboard(*rows, [back_to_menu_button()])


# --- what coordinators read --------------------------------------------------------------


def _back_to_replies() -> list[Row]:
    return [[button(_("⬅️ Replies"), MenuCallback(action=MenuAction.replies))]]


def replies(titles: list[str]) -> InlineKeyboardMarkup:
    """One button per questionnaire (numbered in the sorted ids), then the programme report."""
    rows = [
        [button(title, ReportCallback(questionnaire=number, view=ReportView.chart))]
        for number, title in enumerate(titles)
    ]
    rows.append([button(_("📑 Programme report (Bilan)"), BilanCallback(period=Period.year, build=False))])
    return keyboard(*rows, [back_to_menu_button()])


def report(callback_data: ReportCallback) -> InlineKeyboardMarkup:
    def to(label: str, view: ReportView) -> Row:
        return [button(label, callback_data.model_copy(update={"view": view}))]

    return keyboard(
        to(_("💬 Latest comments"), ReportView.texts),
        to(_("🗓 Period"), ReportView.periods),
        to(_("📍 Site"), ReportView.sites),
        to(_("👷 Animator"), ReportView.animators),
        to(_("📥 Spreadsheet (XLSX)"), ReportView.xlsx),
        to(_("📄 CSV file"), ReportView.csv),
        *_back_to_replies(),
    )


def back_to_chart(callback_data: ReportCallback) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("📊 Back to the chart"), callback_data.model_copy(update={"view": ReportView.chart}))],
        [back_to_menu_button()],
    )


def filter_choices(callback_data: ReportCallback, sites: list[str], animators: dict[int, str]) -> InlineKeyboardMarkup:
    """A period, a site or an animator, by the view asked; each back to the chart with it."""

    def to(label: str, **changes: object) -> Row:
        return [button(label, callback_data.model_copy(update={"view": ReportView.chart, **changes}))]

    if callback_data.view is ReportView.periods:
        rows = [to(str(name), period=period) for period, name in PERIOD_NAMES.items()]
    elif callback_data.view is ReportView.sites:
        rows = [to(_("Every site"), site=-1)] + [to(site, site=number) for number, site in enumerate(sites)]
    else:
        rows = [to(_("Every animator"), animator=0)] + [to(name, animator=pid) for pid, name in animators.items()]
    return keyboard(*rows, [back_to_menu_button()])


def bilan_periods() -> InlineKeyboardMarkup:
    rows = [[button(str(name), BilanCallback(period=period, build=True))] for period, name in PERIOD_NAMES.items()]
    return keyboard(*rows, [back_to_menu_button()])


def after_bilan() -> InlineKeyboardMarkup:
    return keyboard(*_back_to_replies(), [back_to_menu_button()])
