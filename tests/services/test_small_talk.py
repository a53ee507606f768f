"""The small-talk word lists, without Telegram (bot/services/small_talk.py)."""

from __future__ import annotations

import pytest

from bot.services.small_talk import SmallTalk, classify


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("merci", SmallTalk.thanks),
        ("Merci beaucoup !", SmallTalk.thanks),
        ("ok merci", SmallTalk.thanks),  # thanks wins over agreement
        ("merci à vous aussi", SmallTalk.thanks),
        ("bonjour", SmallTalk.greeting),
        ("Bonjour madame", SmallTalk.greeting),
        ("salut", SmallTalk.greeting),
        ("coucou", SmallTalk.greeting),
        ("salut ça va ?", SmallTalk.how_are_you),
        ("ok", SmallTalk.agreement),
        ("d’accord", SmallTalk.agreement),
        ("au revoir et merci pour tout", SmallTalk.thanks),
        ("bonne journée", SmallTalk.goodbye),
        ("thanks", SmallTalk.thanks),
        ("Thank you so much!", SmallTalk.thanks),
        ("hello", SmallTalk.greeting),
        ("good morning", SmallTalk.greeting),
        ("okay", SmallTalk.agreement),
        ("bye", SmallTalk.goodbye),
        ("شكرا", SmallTalk.thanks),
        ("شكرا جزيلا", SmallTalk.thanks),
        ("بارك الله فيك", SmallTalk.thanks),
        ("الله يعطيك الصحة", SmallTalk.thanks),
        ("مرحبا", SmallTalk.greeting),
        ("السلام عليكم", SmallTalk.greeting),
        ("وعليكم السلام", SmallTalk.greeting),
        ("صباح الخير", SmallTalk.greeting),
        ("واخا", SmallTalk.agreement),
        ("مع السلامة", SmallTalk.goodbye),
        ("👍", SmallTalk.agreement),
        ("🙏🏽", SmallTalk.thanks),
        ("👋", SmallTalk.greeting),
    ],
)
def test_small_talk_is_recognised(text, kind):
    assert classify(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "bonjour, mon robinet fuit",  # a greeting with a question: the search answers
        "peinture",
        "merci Nadia",  # a name: only once the search found nothing (extra_words=1)
        "شكرا نادية",
        "🔥",  # maybe a fire: never small talk
        "?",
        "",
        None,
        "/start",
        "merci " * 30,  # too long to be small talk
    ],
)
def test_anything_else_is_not_small_talk(text):
    assert classify(text) is None


def test_one_word_left_over_is_allowed_when_asked():
    assert classify("merci Nadia", extra_words=1) is SmallTalk.thanks
    assert classify("شكرا نادية", extra_words=1) is SmallTalk.thanks
    assert classify("peinture", extra_words=1) is None
    assert classify("bonjour peinture porte", extra_words=1) is None
