"""The participation contract as a PDF, with fpdf2: text shaping through HarfBuzz (uharfbuzz)
lays Arabic out right to left with its letters joined. The words come already written in the
reader's language (services do not translate); the font is a Debian one (fonts-dejavu-core),
which has the Arabic letters and their joining forms. Built in a thread: it takes a moment."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Document:
    title: str
    lines: list[str]  # one paragraph each; "" leaves a blank line
    rtl: bool


def _render(document: Document, font: Path, bold_font: Path) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.add_font("body", "", str(font))
    pdf.add_font("body", "B", str(bold_font))
    pdf.set_text_shaping(True, direction="rtl" if document.rtl else "ltr")
    align = "R" if document.rtl else "L"
    pdf.set_font("body", "B", 16)
    pdf.multi_cell(0, 9, document.title, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("body", "", 11)
    for line in document.lines:
        if not line:
            pdf.ln(3)
            continue
        pdf.multi_cell(0, 6, line, align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def render(document: Document, *, font: Path, bold_font: Path) -> bytes:
    return await asyncio.to_thread(_render, document, font, bold_font)
