"""Charts as PNG images for the chat: one horizontal bar chart per question, stacked.

matplotlib with the Agg backend (no display, safe in a server and in threads of
one process each drawing its own Figure). Made for a phone screen: a tall
figure 720 px wide, 15–18 pt text, the value written at the end of each bar.

Arabic: matplotlib 3.11 lays text out with libraqm (FriBiDi + HarfBuzz, matplotlib
PR #30000): it puts right-to-left text in visual order and joins Arabic letters
itself, so chart text is passed in its logical order, untouched. Shaping it again
beforehand (arabic-reshaper + python-bidi, the workaround older versions needed)
reverses it a second time (matplotlib issue #32262); tests/services/test_report_figures.py
compares a chart's Arabic with a Pillow/libraqm reference rendering. Emoji are
dropped from chart text (the bundled DejaVu font has none); buttons and messages
keep them.

A bar whose value is missing (None) is not drawn as 0: the panel writes its
`missing` word ("no data") there instead. The words beside the bars (numbers in
the reader's locale, with their n) come from the caller: services do not translate.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH_INCHES = 7.2
DPI = 100
PANEL_INCHES = 2.6
TITLE_INCHES = 1.0
BAR_COLOUR = "#2f6f9f"
MISSING_COLOUR = "#7f7f7f"
LABEL_WIDTH = 22  # characters per line of a bar's label: long ones wrap, the bars keep their width


@dataclass(frozen=True)
class Panel:
    title: str
    labels: Sequence[str]
    values: Sequence[float | None]  # None: no data (no bar, the `missing` word instead)
    note: str = ""  # under the title: "average 4,2 / 5 · 38 answers"
    value_texts: Sequence[str] = ()  # beside each bar ("33,3 % (n = 3)"); the value itself otherwise
    top: float | None = None  # the scale's end (5 for an average, 100 for a share); the largest value otherwise
    missing: str = "–"  # beside a bar without data: "no data", grey and upright (the oblique font has no Arabic)


def is_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def chart_text(text: str) -> str:
    """Drop what the font cannot draw (emoji, variation selectors, joiners); the rest stays in
    logical order, for matplotlib's own bidi and shaping (see the module's docstring)."""
    kept = "".join(
        char
        for char in text
        if ord(char) <= 0xFFFF
        and unicodedata.category(char) not in ("So", "Sk", "Cs", "Co", "Cn")
        and char not in "\ufe0f\u200d"
    )
    return " ".join(kept.split())


def _check_text_layout() -> None:
    """Refuse to draw Arabic backwards: matplotlib without libraqm lays text out left to right."""
    from matplotlib import ft2font

    if not getattr(ft2font, "__libraqm_version__", ""):
        raise RuntimeError("matplotlib >= 3.11 with libraqm is needed to draw right-to-left text in charts")


def panels_png(title: str, panels: list[Panel]) -> bytes:
    """One PNG: the title, then one bar chart per panel."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    _check_text_layout()
    height = TITLE_INCHES + PANEL_INCHES * max(1, len(panels)) + 0.3 * sum(max(0, len(p.labels) - 5) for p in panels)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    figure.suptitle(chart_text(title), fontsize=18, fontweight="bold")
    if not panels:
        figure.text(0.5, 0.5, "–", ha="center", fontsize=18)
    weights = [max(len(p.labels), 2) + 1.5 for p in panels] or [1]
    grid = figure.add_gridspec(max(1, len(panels)), 1, height_ratios=weights)
    for row, panel in enumerate(panels):
        axes = figure.add_subplot(grid[row, 0])
        labels = [textwrap.fill(chart_text(label), LABEL_WIDTH) for label in panel.labels]
        positions = list(range(len(labels)))
        widths = [value or 0 for value in panel.values]
        bars = axes.barh(positions, widths, color=BAR_COLOUR)
        axes.set_yticks(positions, labels=labels, fontsize=15)
        axes.invert_yaxis()  # first label on top
        heading = chart_text(panel.title) + ("\n" + chart_text(panel.note) if panel.note else "")
        axes.set_title(heading, fontsize=16, loc="right" if is_right_to_left(heading) else "left")
        top = max([*widths, panel.top or 0]) or 1
        axes.set_xlim(0, top * 1.7)  # room for "4,2 (n = 38)" after the longest bar
        axes.set_xticks([])
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        texts = list(panel.value_texts) or [f"{value:g}" if value is not None else "" for value in panel.values]
        for bar, value, text in zip(bars, panel.values, texts, strict=True):
            missing = value is None
            # Kept out of the layout: the x range leaves it room, and a long one must not
            # squeeze the bars to nothing.
            beside = axes.text(
                bar.get_width() + top * 0.02,
                bar.get_y() + bar.get_height() / 2,
                chart_text(panel.missing if missing else text),
                va="center",
                fontsize=15,
                color=MISSING_COLOUR if missing else "black",
            )
            beside.set_in_layout(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
