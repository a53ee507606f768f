"""The panels of the coordinators' charts (bot/services/charts.py draws them): the answers to
each question of a summary, and the key figures of the programme report, in the reader's words."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.services.charts import Panel
from bot.services.content.questionnaires import scale_scores
from bot.services.questionnaire_reports import ProgrammeReport, Summary
from handlers.questionnaires.texts import SCALE_WORDS, number


def panels(summary: Summary, locale: str) -> list[Panel]:
    found = []
    for stats in summary.stats:
        question = stats.question
        count = ngettext("{count} answer", "{count} answers", stats.answered).format(count=stats.answered)
        if question.kind == "scale":
            words = SCALE_WORDS[question.scale]
            note = _("average {average} / 5").format(average=number(stats.average, locale)) + " · " + count
            scores = tuple(reversed(scale_scores(question.scale)))  # the best first; the picture scale has three
            counts = [stats.counts.get(score, 0) for score in scores]
            found.append(Panel(question.label, [str(words[s]) for s in scores], counts, note))
        elif question.kind == "yes_no":
            found.append(
                Panel(
                    question.label,
                    [_("Yes"), _("No")],
                    [stats.share("yes") or 0, stats.share("no") or 0],
                    count,
                    percent=True,
                )
            )
        elif question.kind in ("single", "multiple"):
            labels = [choice.label for choice in question.choices]
            found.append(Panel(question.label, labels, [stats.counts.get(c.key, 0) for c in question.choices], count))
    return found


def bilan_panels(report: ProgrammeReport) -> list[Panel]:
    return [
        Panel(
            _("Impact (average / 5)"),
            [label for label, _avg, _n in report.impact],
            [round(a or 0, 2) for _l, a, _n in report.impact],
        ),
        Panel(
            _("Key figures (%)"),
            [_("Priority neighbourhoods"), _("Went on with works on their own")],
            [report.priority_share or 0, report.went_on_share or 0],
            percent=True,
        ),
    ]
