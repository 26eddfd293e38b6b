"""The digital collection's book of a programme as a PDF, drawn with reportlab on
``core.pdf``'s fonts and colours: a cover, the contents (with page numbers and PDF bookmarks),
then each paper — its facts, its summary and its photos grouped by category.

Like the project's other documents, its fixed wording is Indonesian whatever the reader's
language. Rendering works on plain ``BookData`` (photos as files on disk, read only when
drawn), so it can run and be timed without the database; ``casestudies.services.collection``
builds the data from the case studies and copies their web photos (1600 px, without any
metadata: no position reaches the book) into a temporary folder.
"""

import datetime
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from core.formatting import long_date
from core.pdf import GOLD, INK, MARGIN, MUTED, TEAL, NumberedCanvas, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
PHOTO_GAP = 12
PHOTO_MAX_HEIGHT = 190


@dataclass
class BookPhoto:
    path: str  # a JPEG on disk
    width: int
    height: int
    caption: str


@dataclass
class BookPaper:
    title: str
    kind: str
    theme: str
    authors: str
    visit: str
    summary: str
    # (category, photos) in the categories' order
    sections: list[tuple[str, list[BookPhoto]]] = field(default_factory=list)


@dataclass
class BookData:
    programme_title: str
    organiser: str
    generated_on: datetime.date
    papers: list[BookPaper] = field(default_factory=list)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Vera", fontSize=9.5, leading=13.5, textColor=INK)
    return {
        "body": base,
        "muted": ParagraphStyle("muted", parent=base, fontSize=8.5, textColor=MUTED),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8, leading=10.5),
        "cover_kicker": ParagraphStyle(
            "cover_kicker",
            parent=base,
            fontName="Vera-Bold",
            fontSize=11,
            textColor=TEAL,
            alignment=TA_CENTER,
            spaceAfter=18,
        ),
        "cover_title": ParagraphStyle(
            "cover_title",
            parent=base,
            fontName="Vera-Bold",
            fontSize=26,
            leading=32,
            alignment=TA_CENTER,
            spaceAfter=16,
        ),
        "cover_line": ParagraphStyle(
            "cover_line",
            parent=base,
            fontSize=11,
            leading=16,
            alignment=TA_CENTER,
            textColor=MUTED,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName="Vera-Bold",
            fontSize=16,
            leading=20,
            textColor=TEAL,
            spaceAfter=6,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName="Vera-Bold",
            fontSize=11,
            leading=14,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "toc0": ParagraphStyle("toc0", parent=base, fontSize=10, leading=15, leftIndent=0),
    }


class _BookTemplate(BaseDocTemplate):
    """Records each paper's title in the contents and as a PDF bookmark as it is laid out."""

    def afterFlowable(self, flowable):
        if isinstance(flowable, Paragraph) and getattr(flowable, "paper_key", None):
            key = flowable.paper_key
            text = flowable.getPlainText()
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)
            self.notify("TOCEntry", (0, text, self.page, key))


def _photo_cell(photo: BookPhoto, width: float, styles) -> list:
    scale = min(width / photo.width, PHOTO_MAX_HEIGHT / photo.height)
    image = Image(photo.path, width=photo.width * scale, height=photo.height * scale, lazy=2)
    return [image, Spacer(1, 3), Paragraph(escape(photo.caption), styles["caption"])]


def _photo_table(photos: list[BookPhoto], width: float, styles) -> Table:
    column = (width - PHOTO_GAP) / 2
    cells = [_photo_cell(photo, column, styles) for photo in photos]
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[column + PHOTO_GAP / 2] * 2, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), PHOTO_GAP / 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


def _paper_story(number: int, paper: BookPaper, width: float, styles) -> list:
    heading = Paragraph(escape(paper.title), styles["h1"])
    heading.paper_key = f"makalah-{number}"
    facts = [paper.kind, paper.theme, paper.visit]
    story = [
        heading,
        Paragraph(escape(" · ".join(fact for fact in facts if fact)), styles["muted"]),
        Paragraph(escape(paper.authors), styles["muted"]),
        Paragraph("Ringkasan", styles["h2"]),
    ]
    for part in (paper.summary or "—").split("\n\n"):
        story.append(Paragraph(escape(part).replace("\n", "<br/>"), styles["body"]))
    for category, photos in paper.sections:
        story.append(
            KeepTogether(
                [
                    Paragraph(escape(f"Foto: {category}"), styles["h2"]),
                    _photo_table(photos[:2], width, styles),
                ]
            )
        )
        if len(photos) > 2:
            story.append(_photo_table(photos[2:], width, styles))
    return story


def render_book(out, data: BookData) -> None:
    """Write the book of ``data`` as a PDF into the binary file ``out``."""
    register_fonts()
    styles = _styles()
    doc = _BookTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN + 18,
        rightMargin=MARGIN + 18,
        topMargin=MARGIN + 12,
        bottomMargin=MARGIN + 14,
        title=f"Koleksi Digital — {data.programme_title}",
        subject="Koleksi digital studi kasus",
        author="Selaras",
        creator="Selaras",
        invariant=1,
        pageCompression=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")

    def running_head(canvas, _doc):
        canvas.saveState()
        canvas.setFont("Vera", 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(doc.leftMargin, PAGE_HEIGHT - MARGIN, data.programme_title[:110])
        canvas.setStrokeColor(GOLD)
        canvas.line(
            doc.leftMargin,
            PAGE_HEIGHT - MARGIN - 4,
            PAGE_WIDTH - doc.rightMargin,
            PAGE_HEIGHT - MARGIN - 4,
        )
        canvas.restoreState()

    doc.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[frame]),
            PageTemplate(id="page", frames=[frame], onPage=running_head),
        ]
    )
    contents = TableOfContents(dotsMinLevel=0)
    contents.levelStyles = [styles["toc0"]]
    story = [
        Spacer(1, 160),
        Paragraph(escape(data.organiser.upper() or "SELARAS"), styles["cover_kicker"]),
        Paragraph("Koleksi Digital Studi Kasus", styles["cover_title"]),
        Paragraph(escape(data.programme_title), styles["cover_line"]),
        Spacer(1, 24),
        Paragraph(f"{len(data.papers)} makalah", styles["cover_line"]),
        Paragraph(escape(long_date(data.generated_on)), styles["cover_line"]),
        NextPageTemplate("page"),
        PageBreak(),
        Paragraph("Daftar Isi", styles["h1"]),
        contents,
    ]
    if not data.papers:
        story.append(Paragraph("Belum ada studi kasus yang diterima.", styles["body"]))
    for number, paper in enumerate(data.papers, start=1):
        story.append(PageBreak())
        story.extend(_paper_story(number, paper, doc.width, styles))
    doc.multiBuild(story, canvasmaker=NumberedCanvas)
