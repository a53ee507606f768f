"""Rendering as Telegram HTML; words such as "Step" come from `Labels`, filled with gettext."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from babel.numbers import format_decimal
from babel.units import format_unit

from .model import DIFFICULTIES, Source, Tip, Tutorial

BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


@dataclass(frozen=True)
class Labels:
    """Words the bot translates with gettext; English defaults are the source strings.

    In Arabic, write ranges in words ("من {low} إلى {high} يورو"): right-to-left
    display would turn "3–6" into "6–3".
    """

    step: str = "Step {number}/{total}"
    tools: str = "Tools"
    materials: str = "Materials"
    safety: str = "Safety"
    price: str = "€{amount}"
    price_range: str = "€{low}–{high}"


def inline_html(text: str) -> str:
    """Escape &, <, > and turn **bold** into <b>bold</b>."""
    escaped = html.escape(text, quote=False)
    return BOLD.sub(lambda match: f"<b>{match.group(1)}</b>", escaped)


def _plain(text: str) -> str:
    """Escaped, with ** markers dropped (for text already inside <b>)."""
    return html.escape(text.replace("**", ""), quote=False)


def render_step(tutorial: Tutorial, index: int, labels: Labels) -> str:
    """Step `index` (0-based) as one message: "<b>Step 2/7 — Title</b>\\n\\ntext"."""
    if not 0 <= index < len(tutorial.steps):
        raise IndexError(f"{tutorial.id} has {len(tutorial.steps)} steps; no step index {index}")
    step = tutorial.steps[index]
    header = labels.step.format(number=index + 1, total=len(tutorial.steps))
    return f"<b>{_plain(header)} — {_plain(step.title)}</b>\n\n{inline_html(step.text)}"


def _number(value: float, locale: str) -> str:
    return format_decimal(value, format="#,##0.##", locale=locale)


def format_price(price: tuple[float, float] | None, locale: str, labels: Labels) -> str | None:
    if price is None:
        return None
    low, high = price
    if low == high:
        return labels.price.format(amount=_number(low, locale))
    return labels.price_range.format(low=_number(low, locale), high=_number(high, locale))


def format_duration(minutes: int, locale: str) -> str:
    if minutes < 60:
        return format_unit(minutes, "duration-minute", length="long", locale=locale)
    return format_unit(round(minutes / 60, 1), "duration-hour", length="long", locale=locale)


def render_materials(tutorial: Tutorial, labels: Labels, duration: str | None = None) -> str:
    """Duration and difficulty, tools and materials with prices, safety warnings with ⚠️.

    `duration`: the bot's words for it ("work 2 h + drying 1 day", gettext); by default the
    work time alone, in CLDR's words."""
    stars = "★" * tutorial.difficulty + "☆" * (max(DIFFICULTIES) - tutorial.difficulty)
    duration = (
        html.escape(duration, quote=False) if duration else format_duration(tutorial.duration_minutes, tutorial.locale)
    )
    parts = [f"<b>{_plain(tutorial.title)}</b>\n⏱ {duration} · {stars}"]
    for heading, items in ((labels.tools, tutorial.tools), (labels.materials, tutorial.materials)):
        if not items:
            continue
        rows = []
        for item in items:
            price = format_price(item.price_eur, tutorial.locale, labels)
            rows.append(f"• {inline_html(item.name)}" + (f" — {html.escape(price, quote=False)}" if price else ""))
        parts.append(f"<b>{_plain(heading)}</b>\n" + "\n".join(rows))
    if tutorial.safety:
        warnings = "\n".join(f"⚠️ {inline_html(warning)}" for warning in tutorial.safety)
        parts.append(f"<b>{_plain(labels.safety)}</b>\n{warnings}")
    return "\n\n".join(parts)


def render_sources(sources: Iterable[Source]) -> str:
    """ "📚 A; B" with links where a URL is known."""
    shown = []
    for source in sources:
        title = html.escape(source.title, quote=False)
        if source.url:
            shown.append(f'<a href="{html.escape(source.url, quote=True)}">{title}</a>')
        else:
            shown.append(title)
    return "📚 " + "; ".join(shown) if shown else ""


def render_tip(tip: Tip) -> str:
    parts = [f"💡 <b>{_plain(tip.title)}</b>", inline_html(tip.text)]
    tail = []
    if tip.saving:
        tail.append(f"💶 {inline_html(tip.saving)}")
    if tip.sources:
        tail.append(render_sources(tip.sources))
    if tail:
        parts.append("\n".join(tail))
    return "\n\n".join(parts)
