"""What the questionnaires flows say: the questions and answers in the person's words, the
review screen, the coordinators' summaries, charts' panels, exports' headers and the Bilan."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext
from babel.numbers import format_decimal, format_percent

from bot.i18n import format_day
from bot.models import Phase, QuestionnaireAnswer
from bot.services import questionnaire_reports as reports
from bot.services import questionnaires
from bot.services.content import Question, Questionnaire
from bot.services.content.questionnaires import NOT_CONCERNED
from bot.services.questionnaire_reports import (
    Base,
    Filters,
    FreeText,
    Kind,
    Period,
    ReportRow,
    Summary,
)
from handlers.questionnaires.callbacks import ReportView
from handlers.ui import texts as ui_texts
from handlers.ui.cutting import cut_html, cut_plain

SCALE_WORDS = {
    "satisfaction": {
        "5": __("😄 Very satisfied"),
        "4": __("🙂 Satisfied"),
        "3": __("😐 So-so"),
        "2": __("🙁 Dissatisfied"),
        "1": __("😞 Very dissatisfied"),
    },
    "agreement": {
        "5": __("😄 Completely agree"),
        "4": __("🙂 Rather agree"),
        "3": __("😐 Partly"),
        "2": __("🙁 Rather disagree"),
        "1": __("😞 Not at all"),
    },
    "useful": {
        "5": __("😄 Very useful"),
        "4": __("🙂 Useful"),
        "3": __("😐 A little useful"),
        "2": __("🙁 Not very useful"),
        "1": __("😞 Not useful at all"),
    },
    # The picture scale, for people who read little: the face first and big, one word after it.
    "faces": {
        "5": __("🙂 Good"),
        "3": __("😐 So-so"),
        "1": __("😟 Not good"),
    },
}
NOT_CONCERNED_WORDS = __("🚫 Does not apply to me")
YES_NO_WORDS = {"yes": __("👍 Yes"), "no": __("👎 No")}
PERIOD_NAMES = {
    Period.month: __("last 30 days"),
    Period.quarter: __("last 3 months"),
    Period.year: __("last 12 months"),
    Period.all: __("since the start"),
}
MAX_CAPTION = 1024


# --- answering -----------------------------------------------------------------------------


def answer_text(question: Question, answer: QuestionnaireAnswer | None) -> str:
    """An answer in the person's words (used by the review screen and the team's alerts)."""
    if answer is None:
        return "–"
    if answer.value is None and answer.text is None:
        return _("(skipped)")
    if question.kind == "text":
        return answer.text or ""
    return value_text(question, answer.value or "")


def value_text(question: Question, value: str) -> str:
    if value == NOT_CONCERNED:
        return str(NOT_CONCERNED_WORDS)
    if question.kind == "scale":
        return str(SCALE_WORDS[question.scale].get(value, value))
    if question.kind == "yes_no":
        return str(YES_NO_WORDS.get(value, value))
    return ", ".join(question.choice_label(key) for key in value.split(",") if key)


def question_text(questionnaire: Questionnaire, index: int, given: dict[str, QuestionnaireAnswer]) -> str:
    shown = questionnaires.shown_indexes(questionnaire, given)
    number = shown.index(index) + 1 if index in shown else 1
    question = questionnaire.questions[index]
    lines = [
        f"📝 <b>{escape(questionnaire.title)}</b> · {number}/{len(shown)}",
        "",
        f"<b>{escape(question.text)}</b>",
    ]
    current = given.get(question.id)
    if question.kind == "text":
        lines += ["", _("✍️ Type your answer below and send it.")]
        if current is not None and current.text:
            lines += ["", _("Your answer: {answer}").format(answer=escape(current.text))]
    elif question.kind == "multiple":
        lines += ["", _("Tap all that apply, then “Done”.")]
    if question.optional:
        lines.append(_("You can skip this question."))
    return "\n".join(lines)


def review_text(questionnaire: Questionnaire, given: dict[str, QuestionnaireAnswer]) -> str:
    lines = [f"📝 <b>{escape(questionnaire.title)}</b>", "", _("Please check your answers:"), ""]
    for index in questionnaires.shown_indexes(questionnaire, given):
        question = questionnaire.questions[index]
        lines.append(f"• {escape(question.text)}\n   <b>{escape(answer_text(question, given.get(question.id)))}</b>")
    return cut_html("\n".join(lines))


def waiting(any_waiting: bool) -> str:
    if any_waiting:
        return _("Your opinion helps us improve. Which questionnaire would you like to answer?")
    return _("No questionnaire is waiting for you. Thank you! 🙏")


def already_sent() -> str:
    return _("These answers were already sent. Thank you! 🙏")


def inactive_button() -> str:
    return _("This button is no longer active. Use /menu.")


def no_longer_available() -> str:
    return _("This questionnaire is no longer available.")


def sent(call_back: bool = False) -> str:
    text = _("🙏 Thank you! Your answers have been sent.")
    return text + "\n\n" + call_back_text() if call_back else text


def call_back() -> str:
    """Above the screens after an answer that asks for help (the team was told)."""
    return _("📞 Thank you for telling us. Someone from the team will call you back soon.")


def call_back_text() -> str:
    return _("📞 Someone from the team will call you back soon.")


def tick_one() -> str:
    return _("Please tick at least one answer.")


def type_the_answer() -> str:
    return _("Please type your answer as text, or use the buttons above.")


# --- what coordinators read --------------------------------------------------------------


def number(value: float | None, locale: str, digits: int = 1) -> str:
    """A number as the reader's locale writes it (CLDR: "4,2" in French, the locale's own digits)."""
    if value is None:
        return no_data()
    return format_decimal(round(value, digits), locale=locale, numbering_system="default")


def percent(value: float | None, locale: str) -> str:
    """A share (0–100) with one decimal, as the locale writes it ("33,3 %" in French)."""
    if value is None:
        return no_data()
    share = (Decimal(f"{value:.1f}") / 100).normalize()  # exact: 33.3, not 33.29999…
    return format_percent(share, locale=locale, decimal_quantization=False, numbering_system="default")


def no_data() -> str:
    return _("no data")


def n_of(count: int, base: Base) -> str:
    """What a share or an average is based on: "n = 3 households"."""
    if base is Base.households:
        return ngettext("n = {count} household", "n = {count} households", count).format(count=count)
    if base is Base.sent:
        return ngettext("n = {count} sent", "n = {count} sent", count).format(count=count)
    return ngettext("n = {count} answer", "n = {count} answers", count).format(count=count)


def with_n(value: str, count: int, base: Base) -> str:
    return f"{value} ({n_of(count, base)})"


def replies_title() -> str:
    return _("📊 <b>Replies</b>\n\nWhich questionnaire?")


def scope_text(filters: Filters, animators: dict[int, str], summary: Summary | None = None) -> str:
    parts = [str(PERIOD_NAMES[filters.period])]
    if summary is not None and summary.not_split:
        parts.append(_("🔒 anonymous: not split by site or animator"))
    else:
        parts.append(escape(filters.site) if filters.site else _("every site"))
        parts.append(
            escape(animators.get(filters.animator_id or 0, "")) if filters.animator_id else _("every animator")
        )
    return " · ".join(parts)


def _line(label: str, value: str) -> str:
    """ "• label: value", with the locale's punctuation ("label : value" in French)."""
    return "• " + escape(_("{label}: {value}").format(label=label, value=value))


def caption(summary: Summary, filters: Filters, animators: dict[int, str], locale: str) -> str:
    questionnaire = summary.questionnaire
    lines = [
        f"📊 <b>{escape(questionnaire.title)}</b>",
        scope_text(filters, animators, summary),
        _("Sent: {sent} · Answered: {answered} · Response rate: {rate}").format(
            sent=number(summary.sent, locale, 0),
            answered=number(summary.answered, locale, 0),
            rate=percent(summary.response_rate, locale),
        ),
    ]
    for stats in summary.stats:
        if stats.question.kind == "scale":
            shown = _("{average} / 5").format(average=number(stats.average, locale)) if stats.answered else no_data()
            lines.append(_line(stats.question.label, with_n(shown, stats.answered, Base.answers)))
        elif stats.question.kind == "yes_no":
            shown = _("{share} yes").format(share=percent(stats.share("yes"), locale)) if stats.answered else no_data()
            lines.append(_line(stats.question.label, with_n(shown, stats.answered, Base.answers)))
    return cut_html("\n".join(lines), MAX_CAPTION)


def latest_texts(
    questionnaire: Questionnaire,
    filters: Filters,
    animators: dict[int, str],
    found: list[FreeText],
    locale: str,
    tz: ZoneInfo,
) -> str:
    lines = [f"💬 <b>{escape(questionnaire.title)}</b>", scope_text(filters, animators), ""]
    if not found:
        lines.append(_("No written answer yet."))
    for entry in found:
        when = format_day(entry.answered_at, locale, tz)
        who = f" · {escape(entry.reference)}" if entry.reference else ""
        # Cut before escaping: a long answer of "&&&…" must not end in half an escape.
        lines.append(f"<i>{when}{who} · {escape(entry.question_label)}</i>\n{escape(cut_plain(entry.text, 1000))}\n")
    return cut_html("\n".join(lines))


def choice_question(view: ReportView) -> str:
    """The question above a filter's choices."""
    if view is ReportView.periods:
        return _("Which period?")
    if view is ReportView.sites:
        return _("Which site?")
    return _("Which animator?")


def export_words() -> reports.ExportWords:
    return reports.ExportWords(
        headers=[
            _("Respondent"),
            _("Household"),
            _("Site"),
            _("Question"),
            _("Answer"),
            _("Written answer"),
            _("Answered"),
        ],
        yes=_("Yes"),
        no=_("No"),
        skipped=_("(skipped)"),
    )


def export_caption(count: int, questionnaire: Questionnaire) -> str:
    return ngettext("{count} answer: {title}", "{count} answers: {title}", count).format(
        count=count, title=escape(questionnaire.title)
    )


# --- the programme report ------------------------------------------------------------------


def bilan_labels() -> dict[str, str]:
    return {
        "households": _("Households accompanied"),
        "priority": _("Share in priority neighbourhoods"),
        "visits_done": _("Visits done"),
        "visits_missed": _("Visits missed"),
        "workshops_held": _("Workshops held"),
        "registered": _("Workshop places taken"),
        "attended": _("Workshop attendance (people ticked present)"),
        "tutorials_finished": _("Tutorials finished"),
        "response_rate": _("Response rate: {title}"),
        "impact": _("Impact (average / 5): {label}"),
        "went_on": _("Households who went on with works on their own"),
        "contracts_signed": _("Participation contracts signed"),
        "items_done": _("Works items done"),
        "items_done_alone": _("Works items done alone"),
        "works_hours": _("Hours of works sessions"),
        # The worksite kit (bot/services/worksite_kit.py).
        "help_hours": _("Hours of mutual help"),
        "help_offers": _("Offers of help"),
        "tools_lent": _("Tools lent"),
        "tools_out": _("Tools out now"),
        "tools_overdue": _("Tools late now"),
        "kit_items": _("Energy-kit items installed"),
        "kit_households": _("Households with an energy kit"),
        "kit_water": _("Estimated water saved a year (m³)"),
        "kit_kwh": _("Estimated energy saved a year (kWh)"),
        "kit_euros": _("Estimated savings a year (€)"),
        # The partners' figures (issue 18): households whose file was made from a referral.
        "people_reached": _("People reached (households referred)"),
        "adult_women": _("Adults: women"),
        "adult_men": _("Adults: men"),
        "children": _("Children"),
        "minimum_income": _("Share on minimum income"),
        "single_parent": _("Share of single-parent households"),
        "newcomers": _("Share of newcomers"),
        "referrals_received": _("Referrals received: {organisation}"),
        "referrals_accepted": _("Referrals accepted: {organisation}"),
        "referrals_declined": _("Referrals declined: {organisation}"),
        "visit_hours": _("Hours of home visits done"),
        "referent_present": _("Tripartite visits with the referent present"),
    }


def bilan_phases() -> dict[Phase, str]:
    return {phase: _("Phase: {phase}").format(phase=name) for phase, name in ui_texts.PHASE_NAMES.items()}


def bilan_periods() -> str:
    return _("📑 <b>Programme report</b>\n\nFor which period?")


def bilan_title(period: Period) -> str:
    return _("Programme report") + " · " + str(PERIOD_NAMES[period])


def bilan_value(row: ReportRow, locale: str) -> str:
    """A line's value in the reader's locale, with its n; "no data" where there is none."""
    if row.kind is Kind.percent:
        shown = percent(row.value, locale)
    elif row.kind is Kind.average:
        shown = _("{average} / 5").format(average=number(row.value, locale)) if row.value is not None else no_data()
    else:
        shown = number(row.value, locale, 0)
    return with_n(shown, row.n, row.base) if row.n is not None and row.base is not None else shown


def bilan_summary(title: str, rows: list[ReportRow], locale: str) -> str:
    """The photo's caption: the households and the shares funders ask for first, then every line
    but the phases while they fit (1,024 characters); the spreadsheet has them all."""
    phases = set(bilan_phases().values())
    key = [rows[0], *(row for row in rows if row.base is Base.households)]
    shown = key + [row for row in rows[1:] if row not in key and row.label not in phases]
    lines = [f"📑 <b>{escape(title)}</b>"]
    more = "\n" + _("… the rest is in the spreadsheet.")
    for row in shown:
        line = _line(row.label, bilan_value(row, locale))
        if len("\n".join([*lines, line])) + len(more) > MAX_CAPTION:
            return "\n".join(lines) + more
        lines.append(line)
    return "\n".join(lines)


def report_words() -> reports.ReportWords:
    return reports.ReportWords(
        table_sheet=_("Programme report"),
        data_sheet=_("Impact figures"),
        chart_sheet=_("Impact chart"),
        chart_title=_("Impact (average / 5)"),
        headers=[_("Indicator"), _("Value"), _("n"), _("n is the number of")],
        no_data=no_data(),
        bases={
            Base.households: _("households"),
            Base.answers: _("answers"),
            Base.sent: _("questionnaires sent"),
            Base.visits: _("tripartite visits done"),
        },
    )
