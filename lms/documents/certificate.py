"""The STTP (Surat Tanda Tamat Pelatihan) as a PDF, drawn with reportlab on ``core.pdf``'s
fonts and colours.

The certificate is an Indonesian official document whatever the reader's language, so its
wording is Indonesian rather than gettext. Rendering works on a plain ``CertificateData`` so
that it can run (and be timed) without the database; ``certificate_data`` builds one from a
``Certificate`` with its participant, unit and programme loaded.
"""

import functools
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from core.formatting import date_range, decimal_id, long_date, position_text, unit_text
from core.pdf import GOLD, INK, MUTED, TEAL, TEAL_LIGHT, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)

MARGIN = 54
BODY_TOP = 458
BODY_BOTTOM = 200  # the signature and the QR code live below this line


def download_filename(certificate) -> str:
    """The PDF's file name for people: ``STTP-0001-STTP-4-BPSDM-2019.pdf``."""
    return "STTP-" + certificate.number.replace("/", "-") + ".pdf"


def verification_url(code: str) -> str:
    """The absolute public address that verifies ``code``; the QR code carries it."""
    base = settings.SELARAS_BASE_URL.rstrip("/")
    return base + reverse("certificates:verify", args=[code])


@dataclass
class CertificateData:
    number: str
    code: str
    participant_name: str
    nip: str
    position: str
    unit: str
    programme_title: str
    organiser: str
    start_date: date | None
    end_date: date | None
    jp: int
    score: Decimal
    predicate: str
    modules: list = field(default_factory=list)  # [[title, jp], ...]
    place: str = ""
    issued_on: date | None = None
    signer_name: str = ""
    signer_nip: str = ""
    signer_title: str = ""
    url: str = ""


def certificate_data(certificate) -> CertificateData:
    """The facts printed on ``certificate``. Uses its participant (with unit and the unit's
    two parents) and programme, so select_related those to avoid extra queries."""
    participant = certificate.participant
    programme = certificate.programme
    return CertificateData(
        number=certificate.number,
        code=certificate.code,
        participant_name=participant.name,
        nip=participant.nip,
        position=position_text(participant),
        unit=unit_text(participant.unit),
        programme_title=programme.title,
        organiser=programme.organiser,
        start_date=programme.start_date,
        end_date=programme.end_date,
        jp=certificate.jp,
        score=certificate.score,
        predicate=certificate.predicate,
        modules=[list(item) for item in certificate.modules],
        place=programme.certificate_place,
        issued_on=timezone.localtime(certificate.issued_at).date(),
        signer_name=programme.signer_name,
        signer_nip=programme.signer_nip,
        signer_title=programme.signer_title,
        url=verification_url(certificate.code),
    )


@functools.cache
def _styles():
    return {
        "body": ParagraphStyle(
            "body", fontName="Vera", fontSize=11, leading=15, textColor=INK, alignment=TA_LEFT
        ),
        "body_center": ParagraphStyle(
            "body_center",
            fontName="Vera",
            fontSize=11,
            leading=15,
            textColor=INK,
            alignment=TA_CENTER,
        ),
        "small": ParagraphStyle(
            "small", fontName="Vera", fontSize=7.5, leading=9.5, textColor=MUTED
        ),
        "signer": ParagraphStyle(
            "signer",
            fontName="Vera",
            fontSize=10.5,
            leading=13,
            textColor=INK,
            alignment=TA_CENTER,
        ),
        "cell": ParagraphStyle("cell", fontName="Vera", fontSize=8.5, leading=10.5, textColor=INK),
    }


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float):
    """The QR matrix as one filled path; runs of dark modules on a row become one rectangle."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    count = len(matrix)
    cell = size / count
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * cell
        start = None
        for column, dark in enumerate([*row, False]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                path.rect(x + start * cell, top, (column - start) * cell, cell)
                start = None
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)


def _fit_font_size(text: str, font: str, size: float, width: float, smallest: float) -> float:
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _frame(canvas: Canvas):
    canvas.setStrokeColor(TEAL)
    canvas.setLineWidth(3)
    canvas.rect(22, 22, PAGE_WIDTH - 44, PAGE_HEIGHT - 44)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.rect(29, 29, PAGE_WIDTH - 58, PAGE_HEIGHT - 58)


def _header(canvas: Canvas, data: CertificateData):
    center = PAGE_WIDTH / 2
    canvas.setFillColor(TEAL)
    organiser = data.organiser.upper()
    size = _fit_font_size(organiser, "Vera-Bold", 13, PAGE_WIDTH - 2 * MARGIN, 8)
    canvas.setFont("Vera-Bold", size)
    canvas.drawCentredString(center, 536, organiser)
    canvas.setFillColor(INK)
    canvas.setFont("Vera-Bold", 24)
    canvas.drawCentredString(center, 506, "SURAT TANDA TAMAT PELATIHAN")
    canvas.setFont("Vera", 11)
    canvas.drawCentredString(center, 487, f"Nomor: {data.number}")
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.5)
    canvas.line(center - 200, 477, center + 200, 477)


def _module_table(data: CertificateData, width: float) -> Table:
    styles = _styles()
    rows = [["No.", "Mata Pelatihan", "JP"]]
    for index, (title, jp) in enumerate(data.modules, start=1):
        rows.append([str(index), Paragraph(escape(str(title)), styles["cell"]), str(jp)])
    rows.append(["", "Jumlah", str(data.jp)])
    table = Table(rows, colWidths=[24, width - 24 - 34, 34], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Vera", 8.5),
                ("FONT", (0, 0), (-1, 0), "Vera-Bold", 8.5),
                ("FONT", (0, -1), (-1, -1), "Vera-Bold", 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), TEAL_LIGHT),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, TEAL),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, TEAL),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#cfdadd")),
                ("ALIGN", (0, 0), (0, -1), "RIGHT"),
                ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _body(canvas: Canvas, data: CertificateData, x: float, width: float, centered: bool):
    styles = _styles()
    center = x + width / 2
    y = BODY_TOP
    canvas.setFillColor(MUTED)
    canvas.setFont("Vera-Italic", 11)
    if centered:
        canvas.drawCentredString(center, y, "diberikan kepada:")
    else:
        canvas.drawString(x, y, "diberikan kepada:")
    y -= 28
    size = _fit_font_size(data.participant_name, "Vera-Bold", 20, width, 11)
    canvas.setFillColor(INK)
    canvas.setFont("Vera-Bold", size)
    if centered:
        canvas.drawCentredString(center, y, data.participant_name)
    else:
        canvas.drawString(x, y, data.participant_name)
    y -= 8

    facts = [f"NIP. {escape(data.nip)}"]
    if data.position:
        facts.append(f"Jabatan: {escape(data.position)}")
    if data.unit:
        facts.append(f"Unit kerja: {escape(data.unit)}")
    style = styles["body_center"] if centered else styles["body"]
    y = _paragraph(canvas, "<br/>".join(facts), style, x, y - 6, width)

    period = date_range(data.start_date, data.end_date)
    sentence = f"telah mengikuti <b>{escape(data.programme_title)}</b>"
    sentence += f" yang diselenggarakan oleh {escape(data.organiser)}"
    if period:
        sentence += f" pada tanggal {period}"
    sentence += f" dengan jumlah <b>{data.jp} JP</b>"
    if data.predicate:
        sentence += (
            f", dan dinyatakan lulus dengan predikat <b>{escape(data.predicate)}</b>"
            f" (nilai akhir {decimal_id(data.score)})"
        )
    sentence += "."
    _paragraph(canvas, sentence, style, x, y - 12, width)


def _paragraph(canvas, text, style, x, top, width) -> float:
    """Draw ``text`` with its top at ``top``; return the y of its bottom."""
    paragraph = Paragraph(text, style)
    _w, height = paragraph.wrapOn(canvas, width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x, top - height)
    return top - height


def _footer(canvas: Canvas, data: CertificateData):
    styles = _styles()
    # Verification: QR code and the code in text.
    qr_size = 92
    qr_x, qr_y = MARGIN, 48
    _draw_qr(canvas, data.url, qr_x, qr_y, qr_size)
    text_x = qr_x + qr_size + 12
    canvas.setFillColor(MUTED)
    canvas.setFont("Vera", 8)
    canvas.drawString(text_x, qr_y + qr_size - 8, "Pindai kode QR atau buka alamat di bawah")
    canvas.drawString(text_x, qr_y + qr_size - 18, "untuk memeriksa keaslian sertifikat ini.")
    _paragraph(canvas, escape(data.url), styles["small"], text_x, qr_y + qr_size - 26, 200)
    canvas.setFillColor(INK)
    canvas.setFont("Vera", 8)
    canvas.drawString(text_x, qr_y + 16, "Kode verifikasi:")
    canvas.setFont("Vera-Bold", 12)
    canvas.drawString(text_x, qr_y + 1, data.code)

    # Place, date and the signer.
    width = 250
    x = PAGE_WIDTH - MARGIN - width
    top = 186
    lines = [f"{escape(data.place)}, {long_date(data.issued_on)}".strip(", ")]
    if data.signer_title:
        lines.append(escape(data.signer_title))
    bottom = _paragraph(canvas, "<br/>".join(lines), styles["signer"], x, top, width)
    name_y = min(bottom - 56, 80)
    center = x + width / 2
    if data.signer_name:
        canvas.setFont("Vera-Bold", 10.5)
        canvas.setFillColor(INK)
        canvas.drawCentredString(center, name_y, data.signer_name)
        half = pdfmetrics.stringWidth(data.signer_name, "Vera-Bold", 10.5) / 2
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(INK)
        canvas.line(center - half, name_y - 2, center + half, name_y - 2)
    if data.signer_nip:
        canvas.setFont("Vera", 10)
        canvas.drawCentredString(center, name_y - 15, f"NIP. {data.signer_nip}")


def render_pdf(data: CertificateData) -> bytes:
    """Render the certificate: page 1 always; the module list moves to page 2 (and on) when
    it does not fit beside the text."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1, invariant=1)
    canvas.setTitle(f"STTP {data.number} — {data.participant_name}")
    canvas.setAuthor(data.organiser)
    canvas.setSubject(data.programme_title)
    canvas.setCreator("Selaras")

    _frame(canvas)
    _header(canvas, data)
    table_width = 290
    table_x = PAGE_WIDTH - MARGIN - table_width
    table = _module_table(data, table_width) if data.modules else None
    fits = False
    if table is not None:
        _w, height = table.wrapOn(canvas, table_width, PAGE_HEIGHT)
        fits = height <= BODY_TOP + 12 - BODY_BOTTOM
    if fits:
        _body(canvas, data, MARGIN, table_x - MARGIN - 28, centered=False)
        table.drawOn(canvas, table_x, BODY_TOP + 12 - height)
    else:
        _body(canvas, data, MARGIN + 40, PAGE_WIDTH - 2 * (MARGIN + 40), centered=True)
    _footer(canvas, data)
    canvas.showPage()

    if table is not None and not fits:
        _appendix(canvas, data)
    canvas.save()
    return buffer.getvalue()


def _appendix(canvas: Canvas, data: CertificateData):
    width = PAGE_WIDTH - 2 * MARGIN
    remaining = [_module_table(data, width)]
    while remaining:
        table = remaining.pop(0)
        _frame(canvas)
        canvas.setFillColor(INK)
        canvas.setFont("Vera-Bold", 14)
        canvas.drawCentredString(PAGE_WIDTH / 2, 536, "DAFTAR MATA PELATIHAN")
        canvas.setFont("Vera", 9.5)
        canvas.drawCentredString(
            PAGE_WIDTH / 2,
            518,
            f"Lampiran Surat Tanda Tamat Pelatihan Nomor {data.number} — {data.participant_name}",
        )
        top, bottom = 500, 48
        parts = table.split(width, top - bottom)
        if not parts:  # a single row taller than the page: draw it anyway
            parts = [table]
        first = parts[0]
        _w, height = first.wrapOn(canvas, width, top - bottom)
        first.drawOn(canvas, MARGIN, top - height)
        canvas.showPage()
        remaining = list(parts[1:])
