"""The panels of the coordinators' charts (bot/services/charts.py draws them): the answers to
each question of a summary, and the key figures of the programme report, in the reader's words
and numbers (Babel, the reader's locale), each share and average with its n."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.services.charts import Panel
from bot.services.content.questionnaires import scale_scores
from bot.services.questionnaire_reports import ProgrammeReport, Summary
from handlers.questionnaires.texts import SCALE_WORDS, no_data, number, percent


def panels(summary: Summary, locale: str) -> list[Panel]:
    found = []
    for stats in summary.stats:
        question = stats.question
        count = ngettext("{count} answer", "{count} answers", stats.answered).format(
            count=number(stats.answered, locale, 0)
        )
        if question.kind == "scale":
            words = SCALE_WORDS[question.scale]
            scores = tuple(reversed(scale_scores(question.scale)))  # the best first; the picture scale has three
            counts = [stats.counts.get(score, 0) for score in scores]
            average = (
                _("average {average} / 5").format(average=number(stats.average, locale))
                if stats.answered and stats.average is not None  # only "does not apply": no average
                else no_data()
            )
            found.append(
                Panel(
                    question.label,
                    [str(words[s]) for s in scores],
                    counts,
                    average + " · " + count,
                    [number(c, locale, 0) for c in counts],
                    missing=no_data(),
                )
            )
        elif question.kind == "yes_no":
            shares = [stats.share("yes"), stats.share("no")]
            found.append(
                Panel(
                    question.label,
                    [_("Yes"), _("No")],
                    shares,
                    count,
                    [percent(s, locale) for s in shares],
                    top=100,
                    missing=no_data(),
                )
            )
        elif question.kind in ("single", "multiple"):
            labels = [choice.label for choice in question.choices]
            counts = [stats.counts.get(c.key, 0) for c in question.choices]
            found.append(
                Panel(question.label, labels, counts, count, [number(c, locale, 0) for c in counts], missing=no_data())
            )
    return found


def _short(value: str, count: int, locale: str) -> str:
    """Beside a bar: "4,5 (n = 12)"; the panel's note says what n counts."""
    return f"{value} (n = {number(count, locale, 0)})"


def bilan_panels(report: ProgrammeReport, locale: str) -> list[Panel]:
    """Impact averages and the two shares funders ask for; a missing one reads "no data", not 0."""
    impact, shares = report.impact, (report.priority, report.went_on)
    return [
        Panel(
            _("Impact (average / 5)"),
            [average.label for average in impact],
            [round(average.value, 2) if average.value is not None else None for average in impact],
            _("n = number of answers"),
            [_short(number(a.value, locale), a.count, locale) for a in impact],
            top=5,
            missing=_short(no_data(), 0, locale),
        ),
        Panel(
            _("Key figures (%)"),
            [_("Priority neighbourhoods"), _("Households who went on with works on their own")],
            [share.percent for share in shares],
            _("n = number of households"),
            [_short(percent(share.percent, locale), share.base, locale) for share in shares],
            top=100,
            missing=_short(no_data(), 0, locale),
        ),
    ]
