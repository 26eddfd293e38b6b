"""The base of every PDF the project draws with reportlab: fonts, colours, and a paged A4
document whose header repeats on every page and whose every page says "Halaman n dari m".

Fonts are Bitstream Vera, which ships inside reportlab: no system font package is needed, and
it covers Indonesian text. Documents are Indonesian official forms, so their fixed wording
(the header's labels, "Halaman") is Indonesian whatever the reader's language.
"""

from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, TableStyle

TEAL = colors.HexColor("#0b5563")
TEAL_LIGHT = colors.HexColor("#dcecef")
GOLD = colors.HexColor("#e0a526")
INK = colors.HexColor("#17262b")
MUTED = colors.HexColor("#4b5c62")
GRID = colors.HexColor("#9fb3b8")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 36
HEADER_HEIGHT = 124  # the document header drawn on every page above the frame
FOOTER_HEIGHT = 28

_fonts_ready = False


def register_fonts() -> None:
    """Register Vera (regular, bold, italic, bold italic) once per process."""
    global _fonts_ready
    if _fonts_ready:
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in (
        ("Vera", "Vera.ttf"),
        ("Vera-Bold", "VeraBd.ttf"),
        ("Vera-Italic", "VeraIt.ttf"),
        ("Vera-BoldItalic", "VeraBI.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        "Vera", normal="Vera", bold="Vera-Bold", italic="Vera-Italic", boldItalic="Vera-BoldItalic"
    )
    _fonts_ready = True


class NumberedCanvas(Canvas):
    """Holds pages back until the end so that each can say "Halaman n dari m" at its foot."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        width = self._pagesize[0]
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont("Vera", 8)
            self.setFillColor(MUTED)
            self.drawCentredString(width / 2, MARGIN - 14, f"Halaman {number} dari {total}")
            super().showPage()
        super().save()


def draw_header(canvas, title: str, facts: list[tuple[str, str]], organiser: str, bold=()):
    """The document header: the organiser, the title and ``facts`` as "label : value" lines
    (values of the labels in ``bold`` in bold), above a rule. Long values are shortened."""
    top = PAGE_HEIGHT - MARGIN
    canvas.saveState()
    canvas.setFillColor(TEAL)
    canvas.setFont("Vera-Bold", 9)
    if organiser:
        canvas.drawCentredString(PAGE_WIDTH / 2, top - 8, organiser.upper())
    canvas.setFillColor(INK)
    canvas.setFont("Vera-Bold", 14)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 27, title)
    y = top - 46
    label_width = 78
    for label, value in facts:
        canvas.setFont("Vera", 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, y, label)
        canvas.drawString(MARGIN + label_width - 8, y, ":")
        canvas.setFillColor(INK)
        canvas.setFont("Vera-Bold" if label in bold else "Vera", 8.5)
        text = value
        width = PAGE_WIDTH - 2 * MARGIN - label_width
        while text and canvas.stringWidth(text, "Vera-Bold", 8.5) > width:
            text = text[:-2] + "…"
        canvas.drawString(MARGIN + label_width, y, text)
        y -= 12
    canvas.setStrokeColor(TEAL)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - HEADER_HEIGHT + 8, PAGE_WIDTH - MARGIN, top - HEADER_HEIGHT + 8)
    canvas.restoreState()


def paged_document(buffer, *, title: str, subject: str, on_page) -> BaseDocTemplate:
    """An A4 portrait document writing to ``buffer``: ``on_page(canvas, doc)`` draws the
    header of every page; build it with ``canvasmaker=NumberedCanvas``. Output is invariant
    (the same input gives the same bytes) and compressed."""
    register_fonts()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT - 14,
        title=title,
        subject=subject,
        author="Selaras",
        creator="Selaras",
        invariant=1,
        pageCompression=1,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    return doc


def table_style(extra=()) -> TableStyle:
    """The house table: a tinted header row, small type, the first column right-aligned."""
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "Vera", 8),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("BACKGROUND", (0, 0), (-1, 0), TEAL_LIGHT),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (0, -1), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


def cell(text, style) -> Paragraph:
    """Text in a table cell that wraps; markup characters are escaped."""
    return Paragraph(escape(text or ""), style)
