"""How the content's outbox kinds are written at send time, in the recipient's language:
a tutorial or a tip a team member sent, the weekly tip, and the team's photos and voice notes
(one waits for review; one was reviewed)."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from bot.delivery.render import Rendered, Renderer
from bot.services import content, contributions, tips, tutorials
from bot.services.content import ContentLibrary, Tip
from bot.services.contributions import Reviewed, Submitted, Withdrawn
from bot.services.delivery import Claimed
from bot.services.tips import WeeklyTip
from bot.services.tutorials import SharedTip, SharedTutorial
from handlers.content import keyboards, texts


def sender_name(payload: SharedTutorial | SharedTip) -> str:
    """Who shared it; blank once that team member erased their data."""
    name = payload.sender.strip()
    return escape(name, quote=False) if name else _("Your programme team")


def renderers(library: ContentLibrary) -> dict[str, Renderer]:
    def shared_tutorial(row: Claimed) -> Rendered:
        payload = SharedTutorial.of(row.params)
        tutorial = library.tutorial(payload.item_id, row.locale)
        if tutorial is None:
            raise ValueError(f"unknown tutorial {payload.item_id!r}")
        text = _("📤 {sender} sent you a tutorial:\n<b>{title}</b>").format(
            sender=sender_name(payload), title=escape(tutorial.title, quote=False)
        )
        return Rendered(text, keyboards.open_tutorial(tutorial.id))

    def shared_tip(row: Claimed) -> Rendered:
        payload = SharedTip.of(row.params)
        tip = _tip(library, payload.item_id, row.locale)
        text = _("📤 {sender} sent you a tip:").format(sender=sender_name(payload))
        return Rendered(text + "\n\n" + content.render_tip(tip))

    def weekly_tip(row: Claimed) -> Rendered:
        tip = _tip(library, WeeklyTip.of(row.params).item_id, row.locale)
        return Rendered(_("📬 Your tip of the week") + "\n\n" + content.render_tip(tip), keyboards.weekly_tip())

    def submitted(row: Claimed) -> Rendered:
        payload = Submitted.of(row.params)
        where = texts.step_name(library.tutorial(payload.tutorial_id, row.locale), payload.tutorial_id, payload.step)
        return Rendered(texts.contribution_submitted(payload.kind, where), keyboards.open_review())

    def reviewed(row: Claimed) -> Rendered:
        payload = Reviewed.of(row.params)
        tutorial = library.tutorial(payload.tutorial_id, row.locale)
        where = texts.step_name(tutorial, payload.tutorial_id, payload.step)
        markup = keyboards.back_to_step(payload.tutorial_id, payload.step - 1) if tutorial is not None else None
        return Rendered(texts.contribution_reviewed(payload.kind, where, payload.approved), markup)

    def withdrawn(row: Claimed) -> Rendered:
        payload = Withdrawn.of(row.params)
        tutorial = library.tutorial(payload.tutorial_id, row.locale)
        where = texts.step_name(tutorial, payload.tutorial_id, payload.step)
        markup = keyboards.back_to_step(payload.tutorial_id, payload.step - 1) if tutorial is not None else None
        return Rendered(texts.contribution_withdrawn(payload.kind, where), markup)

    return {
        contributions.SUBMITTED: submitted,
        contributions.REVIEWED: reviewed,
        contributions.WITHDRAWN: withdrawn,
        tutorials.SHARED_TUTORIAL: shared_tutorial,
        tutorials.SHARED_TIP: shared_tip,
        tips.WEEKLY_TIP: weekly_tip,
    }


def _tip(library: ContentLibrary, tip_id: str, locale: str) -> Tip:
    tip = library.tip(tip_id, locale)
    if tip is None:
        raise ValueError(f"unknown tip {tip_id!r}")
    return tip
