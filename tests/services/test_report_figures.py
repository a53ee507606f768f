"""What a reader sees in the coordinators' charts: Arabic joined and right to left, as a shaping
engine draws it (matplotlib 3.11 shapes it itself: shaping it again beforehand reversed it, while
the old test only checked that presentation forms were there), emoji dropped, and a missing value
drawn as "no data", never as a bar of 0."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from bot.services.charts import BAR_COLOUR, Panel, chart_text, panels_png
from tests.figures import first_line, reference, similarity

TITLE_POINTS = 18  # panels_png's suptitle
BAR_RGB = tuple(int(BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
PHRASES = ["رأيك في الزيارة", "نهاية برنامج المرافقة", "بعد ثلاثة أشهر"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_an_arabic_chart_title_looks_as_a_shaping_engine_draws_it(phrase):
    png = panels_png(phrase, [Panel("فائدة الزيارة", ["😄 راضٍ جدًا", "🙂 راضٍ"], [3, 1], "المتوسط 4.5")])
    seen = first_line(png)
    assert similarity(seen, reference(phrase, points=TITLE_POINTS)) > 0.8
    # The measure tells the two apart: the same letters in the reverse order do not match.
    assert similarity(seen, reference(phrase[::-1], points=TITLE_POINTS)) < 0.5


def test_chart_text_keeps_arabic_in_logical_order_and_drops_emoji():
    assert chart_text("😄 راضٍ جدًا") == "راضٍ جدًا"  # untouched: matplotlib orders and joins it
    assert chart_text("🌡 Économiser l'énergie") == "Économiser l'énergie"
    assert chart_text("👍\ufe0f Oui") == "Oui"


def _bar_pixels(png: bytes) -> int:
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    return int((rgb == BAR_RGB).all(axis=-1).sum())


def _ink_right_of_labels(png: bytes) -> np.ndarray:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return (image < 128).sum(axis=0)


def test_a_missing_value_draws_no_bar():
    with_value = panels_png("T", [Panel("Q", ["a", "b"], [4, 2], value_texts=["4", "2"])])
    missing = panels_png("T", [Panel("Q", ["a", "b"], [4, None], value_texts=["4", ""], missing="no data")])
    zero = panels_png("T", [Panel("Q", ["a", "b"], [4, 0], value_texts=["4", "0"])])
    # The second bar is gone: only the first bar's colour is left, as with a 0 …
    bar_pixels = [_bar_pixels(png) for png in (with_value, missing, zero)]
    assert bar_pixels[1] < bar_pixels[0] and bar_pixels[1] == bar_pixels[2] > 0
    # … and its place says something: more ink than a bare "0".
    assert _ink_right_of_labels(missing).sum() > _ink_right_of_labels(zero).sum()


def test_arabic_no_data_is_drawn_with_arabic_glyphs():
    # The "no data" word was set in italics: DejaVu Sans Oblique has no Arabic letters, so each
    # came out as a box (matplotlib warns, and warnings are errors here).
    png = panels_png("الأثر", [Panel("الرضا", ["الرضا", "الثقة"], [4, None], missing="لا توجد بيانات (n = 0)")])
    assert png.startswith(b"\x89PNG")
