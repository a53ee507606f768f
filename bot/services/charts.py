"""Charts as PNG images for the chat: one horizontal bar chart per question, stacked.

matplotlib with the Agg backend (no display, safe in a server and in threads of
one process each drawing its own Figure). Made for a phone screen: a tall
figure 720 px wide, 15–18 pt text, the count written at the end of each bar.

Arabic: matplotlib draws glyphs left to right without joining letters, so
Arabic text is shaped with arabic-reshaper and put in visual order with
python-bidi first. Emoji are dropped from chart text (the bundled DejaVu font
has none); buttons and messages keep them.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH_INCHES = 7.2
DPI = 100
PANEL_INCHES = 2.6
TITLE_INCHES = 1.0
BAR_COLOUR = "#2f6f9f"
FLAG_COLOUR = "#c0504d"


@dataclass(frozen=True)
class Panel:
    title: str
    labels: Sequence[str]
    values: Sequence[float]
    note: str = ""  # under the title: "average 4.2 / 5 · 38 answers"
    percent: bool = False  # values are shares (0–100)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def chart_text(text: str) -> str:
    """Drop what the font cannot draw; shape and reorder Arabic."""
    kept = "".join(
        char
        for char in text
        if ord(char) <= 0xFFFF
        and unicodedata.category(char) not in ("So", "Sk", "Cs", "Co", "Cn")
        and char not in "\ufe0f\u200d"
    )
    kept = " ".join(kept.split())
    if _is_arabic(kept):
        import arabic_reshaper
        from bidi.algorithm import get_display

        kept = get_display(arabic_reshaper.reshape(kept))
    return kept


def panels_png(title: str, panels: list[Panel]) -> bytes:
    """One PNG: the title, then one bar chart per panel."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    height = TITLE_INCHES + PANEL_INCHES * max(1, len(panels)) + 0.3 * sum(max(0, len(p.labels) - 5) for p in panels)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    figure.suptitle(chart_text(title), fontsize=18, fontweight="bold")
    if not panels:
        figure.text(0.5, 0.5, "–", ha="center", fontsize=18)
    weights = [max(len(p.labels), 2) + 1.5 for p in panels] or [1]
    grid = figure.add_gridspec(max(1, len(panels)), 1, height_ratios=weights)
    for row, panel in enumerate(panels):
        axes = figure.add_subplot(grid[row, 0])
        labels = [chart_text(label) for label in panel.labels]
        positions = list(range(len(labels)))
        bars = axes.barh(positions, panel.values, color=BAR_COLOUR)
        axes.set_yticks(positions, labels=labels, fontsize=15)
        axes.invert_yaxis()  # first label on top
        heading = chart_text(panel.title) + ("\n" + chart_text(panel.note) if panel.note else "")
        axes.set_title(heading, fontsize=16, loc="left")
        top = max(panel.values, default=0) or 1
        axes.set_xlim(0, top * 1.25)
        axes.set_xticks([])
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        for bar, value in zip(bars, panel.values, strict=True):
            text = f"{value:.0f} %" if panel.percent else f"{value:g}"
            axes.text(bar.get_width() + top * 0.02, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=15)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
