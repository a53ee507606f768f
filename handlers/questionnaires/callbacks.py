"""The questionnaires buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from bot.services.questionnaire_reports import Asked, Period
from handlers.ui.callbacks import Int


class QuestionnaireAction(str, enum.Enum):
    open = "o"
    back = "b"
    skip = "s"
    done = "d"  # multiple choice: the ticks are saved, go on
    send = "x"
    edit = "e"  # from the review screen: back to question `index`


class QuestionnaireCallback(CallbackData, prefix="qn"):
    assignment_id: Int
    action: QuestionnaireAction
    index: Int = 0  # the question on screen: a button of an older screen does nothing


class QuestionnaireAnswerCallback(CallbackData, prefix="qa"):
    assignment_id: Int
    index: Int
    value: Int  # a score 1–5; yes 1, no 0; a choice's position in the question's list


class ReportView(str, enum.Enum):
    chart = "c"
    texts = "t"
    xlsx = "x"
    csv = "v"
    periods = "p"
    sites = "s"
    animators = "a"


class ReportCallback(CallbackData, prefix="rq"):
    questionnaire: Int  # position in the sorted questionnaire ids
    view: ReportView
    period: Period = Period.all
    site: Int = -1  # position in the sorted list of sites; -1 = every site
    animator: Int = 0  # an animator's person id; 0 = every animator

    def asked(self) -> Asked:
        """What the button asks to see, for the reports service to check."""
        return Asked(self.questionnaire, self.period, self.site, self.animator)


class BilanCallback(CallbackData, prefix="bl"):
    period: Period
    build: bool
