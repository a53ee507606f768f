"""Texts of the tutorials, tips and sharing flows."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

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


def overview(tutorial: Tutorial) -> str:
    text = content.render_materials(tutorial, labels())
    if tutorial.fallback:
        text = _("(Not yet translated: here it is in French.)") + "\n\n" + text
    return text


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
