"""Draw the tutorials' diagrams into content/images/ (PNG, a few kilobytes each).

    python scripts/draw_diagrams.py            # (re)draw every diagram
    python scripts/draw_diagrams.py sockets    # only those whose name contains "sockets"

The diagrams are drawn for the project, from simple shapes, and carry no sentence: only
numbers, units and signs (✓, ✗, arrows) that read the same in French, Arabic and English,
so one file serves every language and readers of little French. Captions are written per
language in the tutorials' front matter, with `source: Drawn for ARA Assistant
(scripts/draw_diagrams.py)` and `licence: CC0-1.0`.

Only Pillow is needed, and the DejaVu Sans font (free licence; `apt-get install fonts-dejavu-core`)
for the signs.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[1] / "content" / "images"
W, H = 800, 560
INK = (30, 30, 30)
GREY = (150, 150, 150)
LIGHT = (225, 225, 225)
BLUE = (40, 110, 200)
WATER = (150, 200, 240)
RED = (210, 40, 40)
GREEN = (30, 150, 60)
ORANGE = (235, 140, 30)
YELLOW = (250, 215, 60)
WOOD = (200, 150, 90)

DIAGRAMS: dict[str, Callable[[ImageDraw.ImageDraw], None]] = {}


def diagram(name: str) -> Callable[[Callable[[ImageDraw.ImageDraw], None]], Callable[[ImageDraw.ImageDraw], None]]:
    def register(draw: Callable[[ImageDraw.ImageDraw], None]) -> Callable[[ImageDraw.ImageDraw], None]:
        DIAGRAMS[name] = draw
        return draw

    return register


FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf")  # has ✓ ❄ ⚡ ☎ ↻ ²


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def label(d: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int = 34, fill=INK) -> None:
    d.text(xy, text, font=font(size), fill=fill, anchor="mm")


def arrow(d: ImageDraw.ImageDraw, start, end, fill=RED, width=6) -> None:
    d.line([start, end], fill=fill, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = 8 + width * 2
    left = (end[0] - size * math.cos(angle - 0.45), end[1] - size * math.sin(angle - 0.45))
    right = (end[0] - size * math.cos(angle + 0.45), end[1] - size * math.sin(angle + 0.45))
    d.polygon([end, left, right], fill=fill)


def curved_arrow(d: ImageDraw.ImageDraw, centre, radius, start_deg, end_deg, fill=RED, width=6) -> None:
    x, y = centre
    box = [x - radius, y - radius, x + radius, y + radius]
    d.arc(box, start_deg, end_deg, fill=fill, width=width)
    a = math.radians(end_deg)
    tip = (x + radius * math.cos(a), y + radius * math.sin(a))
    back = math.radians(end_deg - 12)
    base = (x + radius * math.cos(back), y + radius * math.sin(back))
    arrow(d, base, tip, fill=fill, width=width)


def tick(d: ImageDraw.ImageDraw, x: float, y: float, size: float = 40) -> None:
    d.line([(x - size, y), (x - size / 3, y + size * 0.7), (x + size, y - size * 0.8)], fill=GREEN, width=10)


def cross(d: ImageDraw.ImageDraw, x: float, y: float, size: float = 36) -> None:
    d.line([(x - size, y - size), (x + size, y + size)], fill=RED, width=10)
    d.line([(x - size, y + size), (x + size, y - size)], fill=RED, width=10)


def drop(d: ImageDraw.ImageDraw, x: float, y: float, r: float = 12, fill=BLUE) -> None:
    d.ellipse([x - r, y, x + r, y + 2 * r], fill=fill)
    d.polygon([(x - r * 0.9, y + r * 0.6), (x + r * 0.9, y + r * 0.6), (x, y - r)], fill=fill)


# ---------------------------------------------------------------------------
# Heating


@diagram("radiator-bleed")
def radiator_bleed(d: ImageDraw.ImageDraw) -> None:
    x0, y0, x1, y1 = 120, 140, 620, 440
    for i in range(8):
        left = x0 + i * (x1 - x0) / 8
        d.rounded_rectangle([left + 6, y0, left + (x1 - x0) / 8 - 6, y1], radius=18, fill=LIGHT, outline=INK, width=4)
    d.rectangle([x1 - 6, y0 + 10, x1 + 30, y0 + 40], fill=GREY, outline=INK, width=3)  # bleed valve
    d.rectangle([x1 + 30, y0 + 16, x1 + 70, y0 + 34], fill=YELLOW, outline=INK, width=3)  # key
    curved_arrow(d, (x1 + 50, y0 + 25), 55, 200, 330)
    d.rectangle([x1 - 10, y0 + 120, x1 + 60, y0 + 200], outline=INK, width=4)  # cup under the valve
    drop(d, x1 + 25, y0 + 60)
    label(d, (x1 + 95, y0 + 100), "¼", 44, RED)
    d.line([(x0 + 40, y1), (x0 + 40, y1 + 60)], fill=INK, width=8)
    d.line([(x1 - 40, y1), (x1 - 40, y1 + 60)], fill=INK, width=8)


@diagram("radiator-air")
def radiator_air(d: ImageDraw.ImageDraw) -> None:
    x0, y0, x1, y1 = 150, 100, 650, 440
    d.rounded_rectangle([x0, y0, x1, y1], radius=20, fill=(235, 90, 60), outline=INK, width=4)
    d.rounded_rectangle([x0 + 4, y0 + 4, x1 - 4, y0 + 130], radius=16, fill=(120, 170, 230))
    for i in range(1, 8):
        x = x0 + i * (x1 - x0) / 8
        d.line([(x, y0 + 10), (x, y1 - 10)], fill=INK, width=3)
    for cx, cy in ((260, 160), (380, 150), (500, 165), (560, 140)):
        d.ellipse([cx - 14, cy - 14, cx + 14, cy + 14], outline=INK, width=4)
    label(d, (x1 + 70, y0 + 70), "❄", 60, BLUE)
    label(d, (x1 + 70, y1 - 80), "♨", 60, RED)


@diagram("radiator-paint")
def radiator_paint(d: ImageDraw.ImageDraw) -> None:
    x0, y0, x1, y1 = 140, 120, 520, 420
    for i in range(6):
        left = x0 + i * (x1 - x0) / 6
        d.rounded_rectangle([left + 6, y0, left + (x1 - x0) / 6 - 6, y1], radius=16, fill=LIGHT, outline=INK, width=4)
    d.rectangle([560, 140, 760, 400], outline=INK, width=4)  # thermometer frame
    label(d, (660, 190), "❄", 60, BLUE)
    tick(d, 660, 300)
    arrow(d, (330, 90), (330, 200), fill=GREEN)
    arrow(d, (330, 460), (330, 360), fill=GREEN)


# ---------------------------------------------------------------------------
# Plumbing


@diagram("tap-washer-cartridge")
def tap_washer_cartridge(d: ImageDraw.ImageDraw) -> None:
    for cx, turns in ((220, "↻ ↻ ↻"), (590, "¼ ↻")):
        d.rectangle([cx - 40, 260, cx + 40, 420], fill=LIGHT, outline=INK, width=4)  # head
        d.rectangle([cx - 90, 200, cx + 90, 240], fill=GREY, outline=INK, width=4)  # handle
        d.rectangle([cx - 15, 240, cx + 15, 260], fill=GREY, outline=INK, width=3)
        label(d, (cx, 150), turns, 44, RED)
    d.ellipse([170, 420, 270, 450], fill=INK)  # rubber washer
    arrow(d, (330, 480), (275, 440), fill=RED, width=5)
    d.rectangle([560, 300, 620, 420], fill=(245, 245, 245), outline=BLUE, width=5)  # ceramic cartridge
    d.line([(560, 360), (620, 360)], fill=BLUE, width=4)
    d.line([(400, 120), (400, 500)], fill=GREY, width=3)


@diagram("tap-washer")
def tap_washer(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([300, 80, 500, 130], fill=GREY, outline=INK, width=4)
    d.rectangle([360, 130, 440, 300], fill=LIGHT, outline=INK, width=4)
    d.rectangle([375, 300, 425, 340], fill=GREY, outline=INK, width=3)
    d.ellipse([350, 345, 450, 380], fill=INK)  # old washer
    cross(d, 560, 360, 26)
    d.ellipse([350, 440, 450, 475], fill=(60, 60, 60))
    tick(d, 560, 455, 30)
    arrow(d, (250, 360), (340, 360))
    label(d, (180, 420), "Ø", 60)


@diagram("aerator-threads")
def aerator_threads(d: ImageDraw.ImageDraw) -> None:
    # left: thread outside the spout: a female aerator screws over it (M22); right: thread inside: a male one (M24)
    for cx, name, outside in ((210, "M22", True), (590, "M24", False)):
        d.rectangle([cx - 60, 90, cx + 60, 260], fill=LIGHT, outline=INK, width=4)
        if outside:
            for y in range(265, 330, 14):
                d.line([(cx - 62, y), (cx + 62, y + 6)], fill=INK, width=4)
            d.rectangle([cx - 62, 262, cx + 62, 332], outline=INK, width=3)
        else:
            d.rectangle([cx - 60, 262, cx + 60, 332], fill=LIGHT, outline=INK, width=4)
            for y in range(270, 330, 14):
                d.line([(cx - 40, y), (cx + 40, y + 6)], fill=INK, width=3)
            d.ellipse([cx - 42, 312, cx + 42, 340], fill=(60, 60, 60))
        d.rounded_rectangle([cx - 75, 380, cx + 75, 450], radius=10, fill=GREY, outline=INK, width=4)
        arrow(d, (cx, 470), (cx, 400), fill=GREEN)
        label(d, (cx, 510), name, 46)
    d.line([(400, 60), (400, 530)], fill=GREY, width=3)


@diagram("bucket-test")
def bucket_test(d: ImageDraw.ImageDraw) -> None:
    d.polygon([(230, 260), (470, 260), (440, 500), (260, 500)], fill=LIGHT, outline=INK)
    d.line([(230, 260), (470, 260), (440, 500), (260, 500), (230, 260)], fill=INK, width=5)
    d.polygon([(243, 340), (457, 340), (440, 500), (260, 500)], fill=WATER)
    d.rounded_rectangle([300, 60, 420, 110], radius=20, fill=GREY, outline=INK, width=4)  # shower head
    for x in range(315, 410, 18):
        d.line([(x, 115), (x - 5, 240)], fill=BLUE, width=3)
    d.ellipse([540, 90, 720, 270], outline=INK, width=6)  # clock
    d.pieslice([546, 96, 714, 264], -90, -30, fill=ORANGE)
    label(d, (630, 310), "10 s", 44)
    label(d, (630, 430), "L × 6", 50, BLUE)


@diagram("sink-trap")
def sink_trap(d: ImageDraw.ImageDraw) -> None:
    d.polygon([(120, 80), (680, 80), (620, 180), (180, 180)], fill=LIGHT, outline=INK)
    d.rectangle([380, 180, 420, 260], fill=GREY, outline=INK, width=4)
    d.arc([320, 220, 480, 400], 0, 180, fill=INK, width=40)  # U bend
    d.rectangle([460, 240, 640, 280], fill=GREY, outline=INK, width=4)
    d.rectangle([360, 300, 440, 340], fill=ORANGE, outline=INK, width=3)  # nut
    curved_arrow(d, (400, 320), 70, 200, 340)
    d.polygon([(300, 440), (500, 440), (480, 530), (320, 530)], fill=WATER, outline=INK)
    d.line([(300, 440), (500, 440), (480, 530), (320, 530), (300, 440)], fill=INK, width=4)


@diagram("plunger-sink")
def plunger_sink(d: ImageDraw.ImageDraw) -> None:
    d.polygon([(100, 200), (700, 200), (640, 420), (160, 420)], fill=LIGHT)
    d.line([(100, 200), (160, 420), (640, 420), (700, 200)], fill=INK, width=5)
    d.rectangle([164, 330, 636, 416], fill=WATER)
    d.rectangle([390, 70, 410, 300], fill=WOOD, outline=INK, width=3)
    d.chord([320, 280, 480, 400], 180, 360, fill=RED, outline=INK, width=4)
    arrow(d, (520, 120), (520, 250), fill=INK)
    arrow(d, (560, 250), (560, 120), fill=INK)
    d.ellipse([200, 300, 250, 330], fill=YELLOW, outline=INK, width=3)  # overflow hole blocked with a cloth


@diagram("toilet-plunger")
def toilet_plunger(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle([500, 60, 720, 200], radius=12, fill=LIGHT, outline=INK, width=4)  # cistern
    d.ellipse([150, 220, 650, 420], fill=LIGHT, outline=INK, width=5)  # bowl
    d.ellipse([250, 270, 550, 390], fill=WATER, outline=INK, width=3)
    d.rectangle([390, 60, 410, 320], fill=WOOD, outline=INK, width=3)
    d.pieslice([330, 290, 470, 400], 180, 360, fill=RED, outline=INK, width=4)
    d.polygon([(330, 420), (470, 420), (450, 530), (350, 530)], fill=LIGHT, outline=INK)
    arrow(d, (250, 90), (250, 200), fill=INK)
    arrow(d, (290, 200), (290, 90), fill=INK)
    cross(d, 640, 470, 30)
    label(d, (560, 470), "⚗", 50)


@diagram("cistern")
def cistern(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([120, 80, 680, 480], fill=(250, 250, 250), outline=INK, width=6)
    d.rectangle([126, 220, 674, 474], fill=WATER)
    d.line([(126, 220), (674, 220)], fill=BLUE, width=4)
    # fill valve on the left with its float
    d.rectangle([180, 120, 210, 474], fill=GREY, outline=INK, width=3)
    d.line([(210, 160), (330, 200)], fill=INK, width=6)
    d.ellipse([310, 180, 380, 240], fill=ORANGE, outline=INK, width=4)
    arrow(d, (400, 260), (400, 195), fill=GREEN)
    # overflow tube and flush valve on the right
    d.rectangle([500, 150, 530, 474], fill=LIGHT, outline=INK, width=4)
    d.line([(490, 150), (540, 150)], fill=RED, width=6)
    d.rectangle([470, 440, 560, 474], fill=INK)  # seal
    label(d, (600, 150), "⚠", 46, RED)


@diagram("cistern-level")
def cistern_level(d: ImageDraw.ImageDraw) -> None:
    for x0, ok in ((60, False), (430, True)):
        d.rectangle([x0, 100, x0 + 310, 430], fill=(250, 250, 250), outline=INK, width=5)
        level = 150 if not ok else 220
        d.rectangle([x0 + 5, level, x0 + 305, 425], fill=WATER)
        d.rectangle([x0 + 220, 170, x0 + 245, 425], fill=LIGHT, outline=INK, width=3)
        d.line([(x0 + 210, 170), (x0 + 255, 170)], fill=RED, width=5)
        if not ok:
            for y in range(180, 400, 40):
                drop(d, x0 + 232, y, 7)
            cross(d, x0 + 155, 480, 28)
        else:
            tick(d, x0 + 155, 480, 34)
            d.line([(x0 + 5, 170 + 25), (x0 + 300, 170 + 25)], fill=GREEN, width=3)
            label(d, (x0 + 110, 195), "↕ 2 cm", 26, GREEN)


@diagram("silicone-bead")
def silicone_bead(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([80, 80, 360, 460], fill=(235, 240, 250), outline=INK, width=4)  # wall tiles
    for y in range(80, 460, 70):
        d.line([(80, y), (360, y)], fill=GREY, width=2)
    d.rectangle([360, 380, 720, 460], fill=(250, 250, 250), outline=INK, width=4)  # bath edge
    d.rectangle([330, 80, 345, 380], fill=(120, 170, 230))  # tape on the wall
    d.rectangle([375, 365, 720, 378], fill=(120, 170, 230))  # tape on the bath
    d.polygon([(560, 160), (620, 100), (500, 300), (470, 330)], fill=LIGHT, outline=INK)  # gun nozzle
    d.line([(470, 330), (380, 372)], fill=INK, width=3)
    label(d, (600, 300), "45°", 44, RED)
    d.pieslice([340, 340, 400, 400], 180, 270, fill=(250, 250, 250), outline=INK, width=3)


@diagram("grout-float")
def grout_float(d: ImageDraw.ImageDraw) -> None:
    for i in range(5):
        for j in range(4):
            d.rectangle(
                [100 + i * 110, 80 + j * 110, 200 + i * 110, 180 + j * 110],
                fill=(235, 240, 250),
                outline=GREY,
                width=10,
            )
    d.polygon([(360, 200), (560, 260), (520, 380), (320, 320)], fill=ORANGE, outline=INK)
    d.rectangle([420, 250, 470, 300], fill=INK)
    arrow(d, (250, 450), (600, 150), fill=RED)
    label(d, (690, 420), "45°", 44, RED)


@diagram("tile-layout")
def tile_layout(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 740, 520], outline=INK, width=4)
    d.line([(400, 40), (400, 520)], fill=BLUE, width=3)  # centre line
    d.line([(60, 420), (740, 420)], fill=BLUE, width=3)  # level batten
    d.rectangle([60, 420, 740, 440], fill=WOOD)
    for i in range(-3, 3):
        for j in range(3):
            x = 400 + i * 110 + 5
            y = 420 - (j + 1) * 110 + 5
            if 60 < x and x + 100 < 740:
                d.rectangle([x, y, x + 100, y + 100], fill=(235, 240, 250), outline=INK, width=3)
    for i in range(-2, 3):
        label(d, (400 + i * 110, 312), "+", 34, RED)
    label(d, (400, 480), "½", 40, BLUE)
    tick(d, 660, 80, 26)


@diagram("notched-trowel")
def notched_trowel(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([80, 120, 720, 440], fill=LIGHT, outline=INK, width=4)
    for y in range(160, 420, 30):
        d.line([(120, y), (680, y)], fill=GREY, width=10)
    d.polygon([(420, 200), (660, 200), (660, 300), (420, 300)], fill=(180, 180, 190), outline=INK)
    for x in range(425, 660, 30):
        d.polygon([(x, 300), (x + 15, 300), (x + 7, 315)], fill=INK)
    d.rectangle([520, 120, 560, 200], fill=WOOD, outline=INK, width=3)
    arrow(d, (380, 250), (150, 250), fill=RED)


# ---------------------------------------------------------------------------
# Painting, walls, floors


@diagram("roller-w")
def roller_w(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 740, 520], fill=(250, 248, 240), outline=INK, width=4)
    d.rectangle([64, 44, 736, 80], fill=(170, 210, 240))  # cut-in with a brush along the edges
    d.rectangle([64, 44, 100, 516], fill=(170, 210, 240))
    d.line([(200, 140), (280, 440), (360, 160), (440, 440), (520, 140)], fill=BLUE, width=14)
    label(d, (200, 110), "1", 36)
    label(d, (520, 110), "2", 36)
    arrow(d, (600, 460), (600, 150), fill=GREEN)
    d.rounded_rectangle([560, 470, 640, 500], radius=8, fill=GREY, outline=INK, width=3)


@diagram("brush-grain")
def brush_grain(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([220, 40, 580, 520], fill=(245, 235, 215), outline=INK, width=5)  # door
    panels = [(260, 80, 380, 260), (420, 80, 540, 260), (260, 300, 380, 480), (420, 300, 540, 480)]
    for number, box in enumerate(panels, start=1):
        d.rectangle(box, outline=INK, width=4)
        label(d, ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), str(number), 40, RED)
    label(d, (400, 280), "5", 40, RED)
    label(d, (240, 500), "6", 34, RED)
    d.ellipse([545, 290, 565, 310], fill=YELLOW, outline=INK, width=2)  # handle
    arrow(d, (650, 480), (650, 80), fill=BLUE)
    for y in range(100, 480, 40):
        d.line([(690, y), (690, y + 25)], fill=WOOD, width=6)


@diagram("filler-knife")
def filler_knife(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 60, 740, 500], fill=(250, 248, 240), outline=INK, width=4)
    d.line([(150, 420), (260, 330), (330, 360), (450, 230), (560, 250), (650, 140)], fill=INK, width=6)  # crack
    d.polygon([(380, 330), (560, 330), (560, 360), (380, 360)], fill=(190, 190, 200), outline=INK)  # blade
    d.rectangle([450, 360, 490, 460], fill=WOOD, outline=INK, width=3)
    arrow(d, (300, 300), (560, 180), fill=RED)
    arrow(d, (620, 300), (440, 420), fill=RED)


@diagram("wallpaper-plumb")
def wallpaper_plumb(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 740, 520], fill=(250, 248, 240), outline=INK, width=4)
    d.line([(330, 40), (330, 520)], fill=RED, width=3)  # plumb line
    d.ellipse([318, 470, 342, 500], fill=RED)
    d.rectangle([170, 60, 330, 500], fill=(215, 230, 245), outline=INK, width=3)  # first strip
    d.rectangle([330, 60, 490, 500], fill=(235, 225, 245), outline=INK, width=3)  # second strip, edge to edge
    label(d, (250, 280), "1", 50)
    label(d, (410, 280), "2", 50)
    arrow(d, (600, 110), (600, 50), fill=GREEN)
    arrow(d, (600, 450), (600, 510), fill=GREEN)
    label(d, (660, 80), "+5 cm", 28, GREEN)
    label(d, (660, 480), "+5 cm", 28, GREEN)


@diagram("wallpaper-strip")
def wallpaper_strip(d: ImageDraw.ImageDraw) -> None:
    # non-woven: lift a corner and pull dry; otherwise water + steamer
    d.rectangle([60, 60, 380, 500], fill=(250, 248, 240), outline=INK, width=4)
    d.polygon([(200, 60), (380, 60), (380, 300)], fill=(215, 230, 245), outline=INK)
    arrow(d, (300, 160), (200, 300), fill=GREEN)
    tick(d, 220, 420)
    d.rectangle([420, 60, 740, 500], fill=(250, 248, 240), outline=INK, width=4)
    d.rounded_rectangle([520, 200, 640, 280], radius=12, fill=GREY, outline=INK, width=4)  # steamer plate
    for x in range(540, 630, 20):
        d.line([(x, 180), (x + 10, 140)], fill=BLUE, width=3)
    d.rectangle([640, 230, 700, 250], fill=INK)
    d.rectangle([450, 380, 520, 450], outline=INK, width=4)  # socket
    d.ellipse([470, 400, 480, 410], fill=INK)
    d.ellipse([490, 400, 500, 410], fill=INK)
    label(d, (600, 420), "⚡ 0", 44, RED)


@diagram("masking")
def masking(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 740, 400], fill=(250, 248, 240), outline=INK, width=4)
    d.rectangle([60, 400, 740, 450], fill=WOOD, outline=INK, width=3)  # skirting board
    d.rectangle([60, 388, 740, 402], fill=(120, 170, 230))  # tape
    d.polygon([(40, 450), (760, 450), (780, 530), (20, 530)], fill=LIGHT, outline=INK)  # sheet on the floor
    d.rectangle([520, 180, 600, 260], fill=(250, 250, 250), outline=INK, width=4)  # socket cover
    d.rectangle([520, 180, 600, 260], outline=(120, 170, 230), width=10)
    d.rounded_rectangle([180, 160, 340, 240], radius=12, fill=YELLOW, outline=INK, width=4)  # sanding block
    arrow(d, (160, 300), (360, 300), fill=GREEN)
    arrow(d, (360, 330), (160, 330), fill=GREEN)


@diagram("wall-drill-zones")
def wall_drill_zones(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 740, 520], fill=(250, 248, 240), outline=INK, width=4)
    for x in (250, 560):
        d.rectangle([x - 60, 40, x + 60, 520], fill=(250, 210, 210))
        d.rectangle([x - 30, 250, x + 30, 310], fill=(250, 250, 250), outline=INK, width=4)
        d.ellipse([x - 14, 272, x - 6, 280], fill=INK)
        d.ellipse([x + 6, 272, x + 14, 280], fill=INK)
        cross(d, x, 130, 28)
    d.rectangle([60, 40, 740, 100], fill=(250, 210, 210))
    tick(d, 405, 300, 34)
    label(d, (670, 70), "⚡", 40, RED)


@diagram("wall-plugs")
def wall_plugs(d: ImageDraw.ImageDraw) -> None:
    # left: solid wall, ordinary plug; right: plasterboard, hollow-wall plug that opens behind the board
    d.rectangle([80, 80, 300, 480], fill=(200, 200, 200), outline=INK, width=4)
    for y in range(100, 480, 40):
        d.line([(80, y), (300, y + 20)], fill=GREY, width=2)
    d.rectangle([230, 260, 340, 290], fill=YELLOW, outline=INK, width=3)
    d.line([(200, 275), (360, 275)], fill=INK, width=6)
    d.rectangle([460, 80, 500, 480], fill=(245, 245, 245), outline=INK, width=4)  # plasterboard
    d.line([(430, 275), (640, 275)], fill=INK, width=6)
    d.line([(500, 275), (560, 230)], fill=GREY, width=8)
    d.line([(500, 275), (560, 320)], fill=GREY, width=8)


@diagram("shelf-level")
def shelf_level(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 740, 520], fill=(250, 248, 240), outline=INK, width=4)
    d.rectangle([160, 240, 640, 270], fill=WOOD, outline=INK, width=4)
    for x in (220, 580):
        d.polygon([(x - 10, 270), (x + 10, 270), (x + 10, 360), (x - 10, 270)], fill=GREY, outline=INK)
        d.ellipse([x - 8, 300, x + 8, 316], fill=INK)
    d.rounded_rectangle([300, 180, 500, 225], radius=6, fill=YELLOW, outline=INK, width=4)
    d.rounded_rectangle([380, 190, 420, 215], radius=10, fill=(200, 240, 200), outline=INK, width=2)
    d.line([(400, 188), (400, 217)], fill=INK, width=2)


@diagram("mould-size")
def mould_size(d: ImageDraw.ImageDraw) -> None:
    for i in range(3):
        d.rectangle([80 + i * 110, 150, 180 + i * 110, 290], fill=(250, 250, 250), outline=INK, width=4)
        for k in range(6):
            d.ellipse([95 + i * 110 + k * 12, 180 + k * 15, 115 + i * 110 + k * 12, 200 + k * 15], fill=(70, 90, 70))
    label(d, (245, 340), "≤ 0,2 m²", 40)
    tick(d, 245, 420)
    d.rectangle([460, 80, 740, 360], fill=(250, 250, 250), outline=INK, width=4)
    for k in range(40):
        x = 470 + (k * 53) % 260
        y = 90 + (k * 37) % 260
        d.ellipse([x, y, x + 18, y + 18], fill=(70, 90, 70))
    label(d, (600, 400), "> 3 m²", 40, RED)
    label(d, (600, 470), "☎", 56, RED)


@diagram("window-airing")
def window_airing(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([220, 60, 580, 480], fill=(210, 230, 250), outline=INK, width=6)
    d.polygon([(220, 60), (120, 110), (120, 430), (220, 480)], fill=(240, 245, 250), outline=INK)
    arrow(d, (700, 200), (420, 200), fill=BLUE)
    arrow(d, (400, 340), (680, 340), fill=RED)
    d.ellipse([620, 400, 760, 540], outline=INK, width=5)
    d.pieslice([626, 406, 754, 534], -90, -30, fill=ORANGE)
    label(d, (690, 380), "5–10 min", 26)


@diagram("vent-grille")
def vent_grille(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 740, 520], fill=(250, 248, 240), outline=INK, width=4)
    d.ellipse([260, 120, 540, 400], fill=LIGHT, outline=INK, width=6)
    for r in (110, 80, 50):
        d.ellipse([400 - r, 260 - r, 400 + r, 260 + r], outline=GREY, width=6)
    d.ellipse([385, 245, 415, 275], fill=GREY)
    for x in (300, 400, 500):
        arrow(d, (x, 470), (x, 420), fill=BLUE, width=5)
    cross(d, 640, 120, 26)
    d.rectangle([600, 160, 690, 200], fill=ORANGE, outline=INK, width=3)  # tape or cover: never
    d.rounded_rectangle([110, 380, 220, 440], radius=10, fill=YELLOW, outline=INK, width=4)  # sponge


@diagram("draught-strip")
def draught_strip(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([80, 60, 400, 500], fill=(250, 248, 240), outline=INK, width=8)  # frame
    d.rectangle([110, 90, 370, 470], fill=(210, 230, 250), outline=INK, width=4)  # glass
    d.rectangle([96, 76, 110, 484], fill=ORANGE)  # foam strip in the rebate
    arrow(d, (40, 280), (92, 280), fill=ORANGE)
    # the paper test: a sheet caught in the closed window must hold
    d.rectangle([500, 120, 540, 440], fill=WOOD, outline=INK, width=4)
    d.rectangle([540, 120, 580, 440], fill=WOOD, outline=INK, width=4)
    d.polygon([(540, 230), (700, 200), (700, 320), (540, 300)], fill=(250, 250, 250), outline=INK)
    arrow(d, (640, 380), (740, 380), fill=RED, width=5)


@diagram("door-sweep")
def door_sweep(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([200, 40, 600, 440], fill=(245, 235, 215), outline=INK, width=5)
    d.rectangle([200, 430, 600, 460], fill=GREY, outline=INK, width=3)  # brush strip
    for x in range(205, 600, 10):
        d.line([(x, 460), (x, 480)], fill=INK, width=2)
    d.line([(80, 482), (720, 482)], fill=INK, width=6)  # floor
    for y in (480, 500, 520):
        arrow(d, (90, y + 20), (180, y + 20), fill=BLUE, width=4)
    cross(d, 680, 200, 26)
    label(d, (680, 120), "♨ ↔ ♨", 30)


@diagram("click-laminate")
def click_laminate(d: ImageDraw.ImageDraw) -> None:
    d.line([(60, 420), (740, 420)], fill=INK, width=4)  # subfloor
    d.rectangle([60, 400, 740, 418], fill=(200, 230, 200))  # underlay
    d.rectangle([60, 350, 360, 398], fill=WOOD, outline=INK, width=4)  # laid board
    d.polygon([(360, 370), (385, 370), (385, 398), (360, 398)], fill=WOOD, outline=INK)  # tongue
    d.polygon(
        [(400, 300), (720, 180), (735, 225), (415, 345)], fill=(220, 170, 110), outline=INK
    )  # new board at an angle
    curved_arrow(d, (420, 360), 140, 300, 350, fill=RED)
    label(d, (560, 140), "20–30°", 34, RED)
    d.rectangle([20, 120, 60, 418], fill=(250, 248, 240), outline=INK, width=4)  # wall
    label(d, (120, 470), "↔ 8–10 mm", 30, BLUE)


@diagram("skirting-gap")
def skirting_gap(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 200, 500], fill=(250, 248, 240), outline=INK, width=4)  # wall
    d.rectangle([200, 320, 240, 460], fill=WOOD, outline=INK, width=4)  # skirting
    d.rectangle([260, 430, 740, 460], fill=(220, 170, 110), outline=INK, width=4)  # floor covering, away from the wall
    d.rectangle([200, 460, 740, 500], fill=GREY, outline=INK, width=3)  # subfloor
    arrow(d, (300, 390), (245, 440), fill=RED, width=4)
    label(d, (420, 370), "8–10 mm", 32, RED)
    d.line([(220, 360), (180, 360)], fill=INK, width=4)  # nail into the wall, not the floor
    tick(d, 130, 260, 30)


@diagram("vinyl-cut")
def vinyl_cut(d: ImageDraw.ImageDraw) -> None:
    d.rectangle([60, 40, 160, 500], fill=(250, 248, 240), outline=INK, width=4)  # wall
    d.polygon([(160, 420), (740, 420), (740, 460), (160, 460)], fill=GREY)
    d.polygon([(160, 420), (220, 300), (740, 300), (740, 420)], fill=(230, 210, 240), outline=INK)  # vinyl curling up
    d.rectangle([170, 250, 200, 420], fill=(190, 190, 200), outline=INK, width=3)  # ruler pressed into the corner
    d.polygon([(240, 200), (320, 180), (330, 200), (250, 225)], fill=ORANGE, outline=INK)  # cutter
    arrow(d, (260, 240), (190, 400), fill=RED)
    label(d, (520, 240), "+5 cm", 34, BLUE)


# ---------------------------------------------------------------------------
# Electricity


@diagram("bulb-sockets")
def bulb_sockets(d: ImageDraw.ImageDraw) -> None:
    specs = [("E27", 27, "screw"), ("E14", 16, "screw"), ("B22", 24, "pins"), ("GU10", 22, "gu")]
    for index, (name, half, kind) in enumerate(specs):
        cx = 110 + index * 190
        d.ellipse([cx - 55, 80, cx + 55, 190], fill=YELLOW, outline=INK, width=4)
        d.polygon([(cx - 40, 175), (cx + 40, 175), (cx + half, 230), (cx - half, 230)], fill=LIGHT, outline=INK)
        if kind == "screw":
            for y in range(235, 320, 16):
                d.line([(cx - half, y), (cx + half, y + 8)], fill=INK, width=5)
            d.rectangle([cx - half, 230, cx + half, 320], outline=INK, width=3)
            d.ellipse([cx - 8, 320, cx + 8, 336], fill=INK)
        elif kind == "pins":
            d.rectangle([cx - half, 230, cx + half, 320], fill=GREY, outline=INK, width=3)
            d.rectangle([cx - half - 14, 260, cx - half, 272], fill=INK)
            d.rectangle([cx + half, 260, cx + half + 14, 272], fill=INK)
        else:
            d.rectangle([cx - 50, 80, cx + 50, 110], fill=LIGHT, outline=INK, width=3)
            for dx in (-16, 16):
                d.rectangle([cx + dx - 4, 230, cx + dx + 4, 280], fill=INK)
                d.ellipse([cx + dx - 9, 276, cx + dx + 9, 292], fill=INK)
        label(d, (cx, 400), name, 42)
        label(d, (cx, 460), "Ø " + name[1:] + " mm" if kind != "gu" else "10 mm", 26, GREY)


@diagram("bulb-lumens")
def bulb_lumens(d: ImageDraw.ImageDraw) -> None:
    d.ellipse([90, 100, 250, 260], fill=YELLOW, outline=INK, width=4)
    d.rectangle([140, 260, 200, 320], fill=GREY, outline=INK, width=3)
    label(d, (170, 380), "60 W", 44, GREY)
    label(d, (400, 200), "=", 80)
    d.ellipse([550, 100, 710, 260], fill=(255, 245, 200), outline=INK, width=4)
    d.rectangle([600, 260, 660, 320], fill=GREY, outline=INK, width=3)
    label(d, (630, 380), "≈ 806 lm", 44, GREEN)
    label(d, (630, 450), "≈ 6 W", 40)


@diagram("breaker-panel")
def breaker_panel(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle([60, 60, 740, 500], radius=16, fill=(245, 245, 245), outline=INK, width=5)
    # the RCD (wide, with a test button "T") then the small breakers
    d.rectangle([100, 140, 220, 400], fill=LIGHT, outline=INK, width=4)
    d.rectangle([140, 180, 180, 240], fill=GREEN, outline=INK, width=3)
    d.rectangle([120, 320, 160, 360], fill=YELLOW, outline=INK, width=3)
    label(d, (140, 340), "T", 28)
    for index in range(6):
        x = 260 + index * 75
        d.rectangle([x, 140, x + 60, 400], fill=LIGHT, outline=INK, width=4)
        down = index == 3
        top = 280 if down else 180
        d.rectangle([x + 15, top, x + 45, top + 60], fill=RED if down else GREEN, outline=INK, width=3)
    arrow(d, (512, 470), (512, 350), fill=RED)
    label(d, (400, 100), "0 ↓   I ↑", 34)


@diagram("breaker-unplug")
def breaker_unplug(d: ImageDraw.ImageDraw) -> None:
    labels = ["1", "2", "3"]
    for index, number in enumerate(labels):
        x = 120 + index * 230
        d.rectangle([x, 200, x + 120, 320], fill=(250, 250, 250), outline=INK, width=4)  # socket
        d.ellipse([x + 30, 250, x + 45, 265], fill=INK)
        d.ellipse([x + 75, 250, x + 90, 265], fill=INK)
        label(d, (x + 60, 150), number, 44, BLUE)
        d.line([(x + 60, 320), (x + 60, 420)], fill=GREY, width=6)
        d.rectangle([x + 35, 420, x + 85, 470], fill=GREY, outline=INK, width=3)  # plug pulled out
    label(d, (400, 80), "⚡?", 50, RED)


# ---------------------------------------------------------------------------
# Moving out


@diagram("move-out-inspection")
def move_out_inspection(d: ImageDraw.ImageDraw) -> None:
    for x0, marks in ((80, "✓✓✓"), (440, "✓✓?")):
        d.rectangle([x0, 60, x0 + 280, 440], fill=(250, 250, 250), outline=INK, width=5)
        for row in range(5):
            y = 110 + row * 65
            d.line([(x0 + 30, y), (x0 + 190, y)], fill=GREY, width=6)
            d.rectangle([x0 + 210, y - 20, x0 + 250, y + 20], outline=INK, width=3)
        for row, mark in enumerate(marks):
            label(d, (x0 + 230, 110 + row * 65), mark, 32, GREEN if mark == "✓" else ORANGE)
    label(d, (400, 250), "⇄", 60)
    d.ellipse([330, 470, 380, 520], outline=INK, width=6)  # key
    d.rectangle([378, 488, 460, 500], fill=INK)
    d.rounded_rectangle([520, 460, 620, 530], radius=10, fill=GREY, outline=INK, width=3)  # camera
    d.ellipse([550, 475, 590, 515], fill=LIGHT, outline=INK, width=3)


def draw_one(name: str) -> Path:
    image = Image.new("RGB", (W, H), (255, 255, 255))
    DIAGRAMS[name](ImageDraw.Draw(image))
    path = OUT / f"{name}.png"
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(path, optimize=True)
    return path


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = [name for name in DIAGRAMS if not argv or any(part in name for part in argv)]
    for name in wanted:
        path = draw_one(name)
        print(f"{path.relative_to(OUT.parents[1])}  {path.stat().st_size // 1024 + 1} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
