"""Texts of the tutorials, tips and sharing flows."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.i18n import ngettext

from bot.models import ContributionKind
from bot.services import content
from bot.services.content import Labels, Tutorial
from bot.services.small_talk import SmallTalk

CATEGORY_NAMES = {
    "painting": __("🎨 Painting"),
    "walls": __("🧱 Walls: holes and cracks"),
    "tiling": __("🔲 Tiles and joints"),
    "plumbing": __("🚰 Taps, shower and sink"),
    "heating": __("🔥 Heating"),
    "electricity": __("💡 Lighting"),
    "damp": __("💧 Damp and mould"),
    "fixing": __("🔩 Fixing things to the wall"),
}


def category_name(key: str) -> str:
    return str(CATEGORY_NAMES.get(key, key))


def labels() -> Labels:
    return Labels(
        step=_("Step {number}/{total}"),
        tools=_("Tools"),
        materials=_("Materials"),
        safety=_("Safety"),
        price=_("€{amount}"),
        price_range=_("€{low}–{high}"),
    )


def subjects() -> str:
    return _("<b>🛠 Tutorials</b>\n\nChoose a subject, or search with your own words.")


def work_time(minutes: int) -> str:
    """ "45 min", "2 h", "1 h 30 min": short, plural-aware in every language."""
    hours, rest = divmod(minutes, 60)
    parts = [ngettext("{count} h", "{count} h", hours).format(count=hours)] if hours else []
    if rest or not hours:
        parts.append(ngettext("{count} min", "{count} min", rest).format(count=rest))
    return " ".join(parts)


def waiting_time(hours: int) -> str:
    """Whole days when it is whole days ("1 day", "2 days"), else hours ("12 hours")."""
    if hours >= 24 and hours % 24 == 0:
        days = hours // 24
        return ngettext("{count} day", "{count} days", days).format(count=days)
    return ngettext("{count} hour", "{count} hours", hours).format(count=hours)


def duration(tutorial: Tutorial) -> str:
    """ "work 2 h + drying 1 day", or "work 45 min" when nothing has to dry."""
    work = work_time(tutorial.duration_minutes)
    if not tutorial.drying_hours:
        return _("work {work}").format(work=work)
    return _("work {work} + drying {drying}").format(work=work, drying=waiting_time(tutorial.drying_hours))


def overview(tutorial: Tutorial) -> str:
    text = content.render_materials(tutorial, labels(), duration(tutorial))
    if tutorial.fallback:
        text = _("(Not yet translated: here it is in French.)") + "\n\n" + text
    return text


def before_you_start(tutorial: Tutorial) -> str:
    """The card before step 1: the building's age (lead, asbestos), who pays, the landlord's
    written agreement, when to stop and call the animator."""
    lines = [_("<b>✋ Before you start</b>"), f"<i>{escape(tutorial.title, quote=False)}</i>"]
    card = tutorial.before_you_start
    if card is not None:
        for heading, words in (
            (_("🏢 Your building"), card.building),
            (_("💶 Who pays"), card.who_pays),
            (_("✍️ The landlord's written agreement"), card.landlord_agreement),
            (_("📞 Stop and call your animator"), card.stop_and_call),
        ):
            lines += ["", f"<b>{heading}</b>", content.inline_html(words)]
    return "\n".join(lines)


def no_such_tutorial() -> str:
    return _("This tutorial no longer exists.")


def finished(tutorial: Tutorial) -> str:
    return _("👏 Well done! You finished “{title}”.\nShow your animator at the next visit.").format(
        title=escape(tutorial.title, quote=False)
    )


def ask_search() -> str:
    return _("What do you need to do? Write it in your own words, for example “my tap drips”.")


def nothing_found() -> str:
    return _("I found no tutorial for that. Try other words, or choose a subject.")


def found() -> str:
    return _("These tutorials may help:")


def ask_day() -> str:
    return _("Which day would you like your tip? It arrives in the morning.")


def subscribed(day: str) -> str:
    return _("📬 Done! Every {day} you will get one tip. You can stop at any time.").format(day=day)


def unsubscribed() -> str:
    return _("🔕 Stopped. You will not get weekly tips any more.")


# --- sending to households and workshops ---


def household_target(reference: str) -> str:
    return _("household {reference}").format(reference=escape(reference))


def workshop_target(title: str) -> str:
    return _("the participants of “{title}”").format(title=escape(title))


def choose_household() -> str:
    return _("📤 Send to which household?")


def no_household() -> str:
    return _("No household yet.")


def what_to_send(target: str) -> str:
    return _("📤 What do you want to send to {target}?").format(target=target)


def switch_to_tip() -> str:
    return _("💡 Send a tip instead")


def switch_to_tutorial() -> str:
    return _("🛠 Send a tutorial instead")


def sent(target: str, count: int) -> str:
    text = _("✅ Sent to {target}.") if count else _("Nobody there uses the assistant yet: {target}.")
    return text.format(target=target)


# Every refusal of the sharing rules (bot/services/tutorials.ShareRefusal) reads the same to the
# sender: the screen choosing what to send says it cannot send there; the last tap, that it
# cannot send this (the item may also be gone from the library).
def cannot_send_there() -> str:
    return _("You cannot send there.")


def cannot_send_this() -> str:
    return _("You cannot send this.")


# --- small talk outside any step (bot/services/small_talk.py) ---------------------------------


def small_talk(kind: SmallTalk, name: str) -> str:
    """A short, polite answer; the menu is one button away."""
    name = escape(name, quote=False)
    if kind is SmallTalk.thanks:
        return _("You're welcome, {name}! 😊").format(name=name)
    if kind is SmallTalk.goodbye:
        return _("Goodbye, {name}! See you soon. 👋").format(name=name)
    if kind is SmallTalk.how_are_you:
        return _("Very well, thank you! 😊 How can I help you?")
    if kind is SmallTalk.greeting:
        return _("Hello {name}! 👋 How can I help you?").format(name=name)
    return _("👍 All right.")


# --- photos and voice notes on the steps ---


def no_voice_note() -> str:
    return _("There is no voice note for this step in your language.")


def no_more_photos() -> str:
    return _("There is no other photo for this step.")


def team_photo(number: int, total: int) -> str:
    return _("📷 Photo from the team ({number}/{total})").format(number=number, total=total)


def what_to_add(tutorial: Tutorial, index: int) -> str:
    step = tutorial.steps[index]
    return _(
        "➕ <b>Add to step {number}: {title}</b>\n\n"
        "A photo of the gesture, or a voice note reading the step for tenants who read little. "
        "A coordinator checks it before tenants see it."
    ).format(number=index + 1, title=escape(step.title, quote=False))


def send_the_photo() -> str:
    return _("📷 Send the photo now (📎, then the camera or the gallery).")


def record_the_voice(language: str) -> str:
    return _("🎙 Record the voice note in {language} now: hold the 🎤 microphone button while you speak.").format(
        language=language
    )


def contribution_waiting(kind: ContributionKind) -> str:
    if kind is ContributionKind.photo:
        return _("✅ Thank you! Your photo waits for a coordinator's approval; you will be told.")
    return _("✅ Thank you! Your voice note waits for a coordinator's approval; you will be told.")


def cannot_contribute() -> str:
    return _("You cannot add to this tutorial.")


def kind_name(kind: ContributionKind) -> str:
    return _("📷 photo") if kind is ContributionKind.photo else _("🎙 voice note")


def step_name(tutorial: Tutorial | None, tutorial_id: str, step: int) -> str:
    """ "“Title”, step 2" (the tutorial's short title; its id if it left the library)."""
    title = tutorial.short_title if tutorial is not None else tutorial_id
    return _("“{title}”, step {number}").format(title=escape(title, quote=False), number=step)


def contribution_submitted(kind: ContributionKind, where: str) -> str:
    return _("📥 A new {kind} for {where} waits for your review.").format(kind=kind_name(kind), where=where)


def contribution_reviewed(kind: ContributionKind, where: str, approved: bool) -> str:
    if approved:
        return _("✅ Your {kind} for {where} was approved: tenants now see it on the step.").format(
            kind=kind_name(kind), where=where
        )
    return _("Your {kind} for {where} was not kept. Thank you all the same!").format(kind=kind_name(kind), where=where)


# --- reviewing the team's photos and voice notes ---


def review_list(total: int) -> str:
    if not total:
        return _("Nothing waits for review. 👍")
    return ngettext(
        "📝 <b>{count} photo or voice note waits for review</b>\nTap one to see or hear it.",
        "📝 <b>{count} photos or voice notes wait for review</b>\nTap one to see or hear it.",
        total,
    ).format(count=total)


def review_caption(where: str, kind: ContributionKind, author: str, language: str | None) -> str:
    lines = [
        f"<b>{where}</b>",
        _("{kind} from {author}").format(kind=kind_name(kind), author=escape(author or "–", quote=False)),
    ]
    if language:
        lines.append(_("Language: {language}").format(language=language))
    lines.append(_("Tenants will see it once you approve it."))
    return "\n".join(lines)


def approved() -> str:
    return _("✅ Approved: tenants now see it on the step.")


def rejected() -> str:
    return _("🗑 Not kept: it was deleted.")


def already_reviewed() -> str:
    return _("This was already reviewed, or it is gone.")


# --- withdrawing an approved photo or voice note ---


def withdraw_list(tutorial: Tutorial, index: int, count: int) -> str:
    step = tutorial.steps[index]
    head = _("🗑 <b>Remove from step {number}: {title}</b>").format(
        number=index + 1, title=escape(step.title, quote=False)
    )
    if not count:
        return head + "\n\n" + _("Nothing here that you may remove.")
    return (
        head
        + "\n\n"
        + _("Tap one to see or hear it first. Tenants stop seeing what you remove at once; it is deleted.")
    )


def withdraw_row(kind: ContributionKind, author: str, language: str | None) -> str:
    what = kind_name(kind) if language is None else f"{kind_name(kind)} · {language}"
    return f"{what} · {author or '–'}"


def withdraw_caption(where: str, kind: ContributionKind, author: str, language: str | None) -> str:
    lines = [
        f"<b>{where}</b>",
        _("{kind} from {author}").format(kind=kind_name(kind), author=escape(author or "–", quote=False)),
    ]
    if language:
        lines.append(_("Language: {language}").format(language=language))
    lines.append(_("Tenants see it on the step. Remove it if it shows a face or is wrong."))
    return "\n".join(lines)


def withdrawn() -> str:
    return _("🗑 Removed: tenants no longer see it on the step.")


def not_withdrawable() -> str:
    return _("This is no longer on the step, or you may not remove it.")


def contribution_withdrawn(kind: ContributionKind, where: str) -> str:
    return _("🗑 Your {kind} for {where} was taken off the step by the programme team.").format(
        kind=kind_name(kind), where=where
    )
