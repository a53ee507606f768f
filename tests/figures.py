"""What a reader sees in a chart image: the first line of ink (the chart's title) cut out of a
PNG, and the same words rendered by an engine that shapes Arabic correctly (Pillow with
libraqm: FriBiDi for the order, HarfBuzz for the joined letters), to compare the two."""

from __future__ import annotations

import io

import numpy as np
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont, features

INK = 96  # a pixel darker than this (0 black … 255 white) is ink
LINE_GAP = 6  # blank pixel rows that end a line of text


def _ink_box(image: Image.Image) -> Image.Image:
    ink = np.asarray(image) < 255 - INK
    rows, columns = np.nonzero(ink)
    return image.crop((int(columns.min()), int(rows.min()), int(columns.max()) + 1, int(rows.max()) + 1))


def first_line(png: bytes) -> Image.Image:
    """The topmost line of text of a chart (its title), cropped to its ink."""
    image = Image.open(io.BytesIO(png)).convert("L")
    inked = (np.asarray(image) < 255 - INK).any(axis=1)
    top = int(np.argmax(inked))
    bottom, blank = top, 0
    for row in range(top, len(inked)):
        if inked[row]:
            bottom, blank = row, 0
        else:
            blank += 1
            if blank >= LINE_GAP:
                break
    return _ink_box(image.crop((0, top, image.width, bottom + 1)))


def reference(text: str, *, points: float, dpi: int = 100, bold: bool = True) -> Image.Image:
    """`text` as a shaping engine draws it, in matplotlib's own DejaVu Sans at the chart's size."""
    assert features.check("raqm"), "Pillow needs libraqm for the reference rendering"
    weight = "bold" if bold else "normal"
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight=weight))
    font = ImageFont.truetype(path, round(points * dpi / 72), layout_engine=ImageFont.Layout.RAQM)
    width = int(font.getlength(text, direction="rtl")) + 40
    image = Image.new("L", (width, 3 * font.size), 255)
    ImageDraw.Draw(image).text((20, font.size), text, font=font, fill=0, direction="rtl", language="ar")
    return _ink_box(image)


def similarity(seen: Image.Image, expected: Image.Image) -> float:
    """Pixel correlation (1: the same picture) once both are scaled to the same box."""
    if abs(seen.width / expected.width - 1) > 0.25:
        return 0.0  # not even the same length
    scaled = expected.resize(seen.size)
    a = 255 - np.asarray(seen, dtype=float).ravel()
    b = 255 - np.asarray(scaled, dtype=float).ravel()
    return float(np.corrcoef(a, b)[0, 1])
