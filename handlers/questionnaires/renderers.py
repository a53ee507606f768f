"""How the questionnaires' outbox kinds are written at send time, in the recipient's language:
the invitation and its reminder (with an "Answer" button), and the team's alert on a flagged answer
(with the comment written, and buttons to the household's card and to write to it)."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from bot.delivery.render import Rendered, Renderer
from bot.services import questionnaires
from bot.services.content import ContentLibrary, Questionnaire
from bot.services.delivery import Claimed
from bot.services.questionnaires import Flag, Invitation, Reminder
from handlers.questionnaires.keyboards import alert, answer_button
from handlers.questionnaires.texts import value_text
from handlers.ui.cutting import cut_plain

MAX_COMMENT = 600  # escaped, within Telegram's 4,096 characters whatever it holds


def renderers(library: ContentLibrary) -> dict[str, Renderer]:
    def questionnaire_of(questionnaire_id: str, row: Claimed) -> Questionnaire:
        found = library.questionnaires.get(questionnaire_id, row.locale)
        if found is None:
            raise ValueError(f"unknown questionnaire {questionnaire_id!r}")
        return found

    def invite(row: Claimed) -> Rendered:
        payload = Invitation.of(row.params)
        questionnaire = questionnaire_of(payload.questionnaire_id, row)
        return Rendered(
            f"📝 <b>{escape(questionnaire.title)}</b>\n\n{escape(questionnaire.intro)}",
            answer_button(payload.assignment_id),
        )

    def reminder(row: Claimed) -> Rendered:
        payload = Reminder.of(row.params)
        questionnaire = questionnaire_of(payload.questionnaire_id, row)
        text = _("🔔 A reminder: your opinion matters to us. You can answer now, or later from “📝 My opinion”.")
        return Rendered(f"{text}\n\n📝 <b>{escape(questionnaire.title)}</b>", answer_button(payload.assignment_id))

    def flag(row: Claimed) -> Rendered:
        payload = Flag.of(row.params)
        questionnaire = questionnaire_of(payload.questionnaire_id, row)
        question = questionnaire.question(payload.question_id)
        asked = question.text if question else payload.question_id
        answer = value_text(question, payload.value) if question else payload.value
        text = _(
            "⚠️ <b>A reply needs a call back</b>\n\nHousehold: {reference}\nQuestionnaire: {title}\n"
            "Question: {question}\nAnswer: {answer}"
        ).format(
            reference=escape(payload.reference or "–"),
            title=escape(questionnaire.title),
            question=escape(asked),
            answer=escape(answer),
        )
        if payload.comment:
            comment = cut_plain(payload.comment, MAX_COMMENT)
            text += "\n" + _("Comment: {comment}").format(comment=f"<i>{escape(comment)}</i>")
        else:
            text += "\n" + _("No written comment.")
        text += "\n\n" + _("They were told someone will call them back.")
        return Rendered(text, alert(payload.household_id))

    return {questionnaires.INVITE: invite, questionnaires.REMINDER: reminder, questionnaires.FLAG: flag}
