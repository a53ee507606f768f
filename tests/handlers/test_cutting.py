"""handlers/ui/cutting.py: texts cut by what Telegram counts, never inside an escape or a tag."""

from __future__ import annotations

from html import escape

import pytest

from handlers.ui.cutting import ELLIPSIS, cut_html, cut_plain, split_html, visible_length


def _valid(html_text: str) -> bool:
    """What Telegram's parser needs: every & starts an entity, tags balanced."""
    import re
    from html.parser import HTMLParser

    if re.search(r"&(?!(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);)", html_text):
        return False
    stack: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            stack.append(tag)

        def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
            assert stack and stack.pop() == tag

    Parser().feed(html_text)
    return not stack


@pytest.mark.parametrize("shift", range(6))
def test_escapes_at_the_boundary_are_never_cut(shift):
    text = "<b>Title</b>\n" + "x" * shift + escape("&&&<>" * 2000)
    cut = cut_html(text, 4000)
    assert visible_length(cut) <= 4000 and cut.endswith(ELLIPSIS) and _valid(cut)
    assert len(cut) > 4000  # escapes count as one character each: more HTML than the limit


def test_open_tags_are_closed_and_emoji_count_double():
    cut = cut_html("<b>" + "🙂" * 3000 + "</b>", 4000)
    assert cut.endswith(ELLIPSIS + "</b>") and _valid(cut)
    assert visible_length(cut) <= 4000 and cut.count("🙂") == 1999
    assert cut_html("short &amp; fine") == "short &amp; fine"


def test_plain_text_is_cut_before_escaping():
    assert cut_plain("&" * 100, 10) == "&" * 9 + ELLIPSIS
    assert _valid(escape(cut_plain("&" * 5000, 1000)))


def test_a_long_text_is_split_between_lines_into_valid_messages():
    lines = [f"<b>{n}</b> " + escape("&" * 300) for n in range(60)]
    parts = split_html("\n".join(lines), 4000)
    assert len(parts) > 1
    assert all(visible_length(part) <= 4000 and _valid(part) for part in parts)
    assert "\n".join(parts).count("<b>") == 60  # nothing lost between the parts
