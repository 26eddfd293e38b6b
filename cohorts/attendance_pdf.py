"""Attendance documents as PDFs, drawn with reportlab: the daftar hadir (attendance sheet with
a signature column) of one session day, and the roster of a session by lodging room.

Like the certificate (``lms.certificate_pdf``, whose fonts and colours these share), they are
Indonesian official forms whatever the reader's language, so their wording is Indonesian
rather than gettext. Rendering works on plain data classes (``SheetData``, ``RosterData``);
``sheet_data`` and ``roster_data`` build them from the database in a fixed number of queries.

Both are A4 portrait: the document header repeats on every page, so does the table's header
row, and every page says "Halaman n dari m". Long names wrap inside their cell.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from lms.certificate_pdf import (
    INK,
    KIND_PREFIX,
    MONTHS,
    MUTED,
    TEAL,
    TEAL_LIGHT,
    _register_fonts,
    position_text,
)

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
STATUS_TEXT = {
    "hadir": "Hadir",
    "terlambat": "Terlambat",
    "izin": "Izin",
    "sakit": "Sakit",
    "alpa": "Alpa",
}
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 36
HEADER_HEIGHT = 124  # the document header drawn on every page above the frame
FOOTER_HEIGHT = 28
GRID = colors.HexColor("#9fb3b8")


def weekday_date(value: datetime.date | None) -> str:
    """``date(2019, 3, 5)`` → ``"Selasa, 5 Maret 2019"``."""
    if value is None:
        return ""
    return f"{WEEKDAYS[value.weekday()]}, {value.day} {MONTHS[value.month - 1]} {value.year}"


def hours(starts: datetime.time, ends: datetime.time) -> str:
    return f"{starts:%H.%M}–{ends:%H.%M} WIB"


def unit_short(region) -> str:
    """ "Kelurahan Cideng, Kecamatan Gambir" (a kelurahan with its kecamatan), "Kecamatan
    Gambir", "Kota Administrasi Jakarta Pusat". Expects the parent select_related."""
    if region is None:
        return ""
    parts = []
    for index, unit in enumerate((region, region.parent if region.level >= 4 else None)):
        if unit is None or (index and unit.level < 3):
            continue
        prefix = KIND_PREFIX.get(unit.kind, "")
        name = unit.name
        if prefix and not name.lower().startswith((prefix.lower(), "daerah")):
            name = f"{prefix} {name}"
        parts.append(name)
    return ", ".join(parts)


@dataclass
class PersonRow:
    name: str
    nip: str
    position: str
    unit: str
    status: str = ""  # Indonesian label of the mark, "" when not marked


@dataclass
class SheetData:
    """The daftar hadir of one day."""

    programme: str
    session: str
    venue: str
    room: str
    date: datetime.date
    starts: datetime.time
    ends: datetime.time
    organiser: str = ""
    rows: list[PersonRow] = field(default_factory=list)


@dataclass
class RoomGroup:
    room: str  # "" for participants without a lodging room
    beds: int
    rows: list[PersonRow] = field(default_factory=list)


@dataclass
class RosterData:
    """The roster of a session grouped by lodging room."""

    programme: str
    session: str
    venue: str
    room: str
    dates: list[datetime.date]
    hours: list[str]
    overnight: bool
    organiser: str = ""
    groups: list[RoomGroup] = field(default_factory=list)


def _person(participant, status="") -> PersonRow:
    return PersonRow(
        name=participant.name,
        nip=participant.nip,
        position=position_text(participant),
        unit=unit_short(participant.unit),
        status=STATUS_TEXT.get(status or "", ""),
    )


def sheet_data(day) -> SheetData:
    """The facts of a day's sheet: its session's seated participants and their marks."""
    from cohorts.attendance import attendance_day_rows

    session = day.session
    rows = [
        _person(booking.participant, booking.mark_status)
        for booking in attendance_day_rows(day=day)
    ]
    return SheetData(
        programme=session.programme.title,
        organiser=session.programme.organiser,
        session=session.title,
        venue=session.venue.name,
        room=session.room.name,
        date=day.date,
        starts=day.starts,
        ends=day.ends,
        rows=rows,
    )


def roster_data(session) -> RosterData:
    """The facts of a session's roster: seated participants grouped by lodging room."""
    from cohorts.attendance import session_roster

    days = list(session.days.order_by("date"))
    groups: dict = {}
    for booking in session_roster(session=session):
        room = booking.lodging_room
        key = room.pk if room else None
        if key not in groups:
            groups[key] = RoomGroup(room=room.name if room else "", beds=room.beds if room else 0)
        groups[key].rows.append(_person(booking.participant))
    ordered = [group for key, group in groups.items() if key is not None]
    if None in groups:
        ordered.append(groups[None])
    return RosterData(
        programme=session.programme.title,
        organiser=session.programme.organiser,
        session=session.title,
        venue=session.venue.name,
        room=session.room.name,
        dates=[day.date for day in days],
        hours=[hours(day.starts, day.ends) for day in days],
        overnight=session.overnight,
        groups=ordered,
    )


# Drawing -----------------------------------------------------------------------------------


def _styles():
    return {
        "cell": ParagraphStyle("cell", fontName="Vera", fontSize=8, leading=9.6, textColor=INK),
        "nip": ParagraphStyle("nip", fontName="Vera", fontSize=6.8, leading=9.6, textColor=INK),
        "sign": ParagraphStyle("sign", fontName="Vera", fontSize=7, leading=8, textColor=MUTED),
        "head": ParagraphStyle(
            "head", fontName="Vera-Bold", fontSize=8, leading=9.6, textColor=INK
        ),
        "group": ParagraphStyle(
            "group",
            fontName="Vera-Bold",
            fontSize=10,
            leading=13,
            textColor=TEAL,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "note": ParagraphStyle("note", fontName="Vera", fontSize=8.5, leading=11, textColor=MUTED),
    }


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so that each can say "Halaman n dari m"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont("Vera", 8)
            self.setFillColor(MUTED)
            self.drawCentredString(PAGE_WIDTH / 2, MARGIN - 14, f"Halaman {number} dari {total}")
            super().showPage()
        super().save()


def _draw_header(canvas, title: str, facts: list[tuple[str, str]], organiser: str):
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
        canvas.setFont("Vera-Bold" if label in ("Pelatihan", "Hari/Tanggal") else "Vera", 8.5)
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


def _document(buffer, title: str, subject: str, draw_header):
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
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=draw_header)])
    return doc


def _base_table_style(extra=()):
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


def _cell(text, style):
    return Paragraph(escape(text or ""), style)


# The daftar hadir ---------------------------------------------------------------------------

SIGN_HEIGHT = 15
SHEET_COLUMNS = [20, 124, 84, 50, 97, 52, 48, 48]  # No … Status, two halves of Tanda tangan


def render_sheet(data: SheetData) -> bytes:
    """The attendance sheet of one day: No, Nama, NIP, Jabatan, Unit, Status and a signature
    column whose boxes alternate left and right, as Indonesian forms do."""
    _register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    facts = [
        ("Pelatihan", data.programme),
        ("Sesi", data.session),
        ("Tempat", f"{data.venue} — {data.room}"),
        ("Hari/Tanggal", weekday_date(data.date)),
        ("Waktu", hours(data.starts, data.ends)),
    ]

    def draw_header(canvas, _doc):
        _draw_header(canvas, "DAFTAR HADIR PESERTA", facts, data.organiser)

    title = f"Daftar Hadir — {data.session} — {weekday_date(data.date)}"
    doc = _document(buffer, title, data.programme, draw_header)
    head = styles["head"]
    rows = [
        [
            _cell("No", head),
            _cell("Nama", head),
            _cell("NIP", head),
            _cell("Jabatan", head),
            _cell("Unit Kerja", head),
            _cell("Status", head),
            _cell("Tanda tangan", head),
            "",
        ]
    ]
    for number, person in enumerate(data.rows, start=1):
        # A fixed-height signature box: a row is never too low to sign in.
        mark = [Paragraph(f"{number}.", styles["sign"]), Spacer(1, SIGN_HEIGHT)]
        rows.append(
            [
                str(number),
                _cell(person.name, styles["cell"]),
                _cell(person.nip, styles["nip"]),
                _cell(person.position, styles["cell"]),
                _cell(person.unit, styles["cell"]),
                _cell(person.status, styles["cell"]),
                mark if number % 2 else "",
                "" if number % 2 else mark,
            ]
        )
    style = _base_table_style(
        [
            ("SPAN", (-2, 0), (-1, 0)),
            ("GRID", (0, 0), (-3, -1), 0.4, GRID),
            ("BOX", (-2, 0), (-1, -1), 0.4, GRID),
            ("LINEBELOW", (-2, 0), (-1, -1), 0.4, GRID),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
        ]
    )
    table = Table(rows, colWidths=SHEET_COLUMNS, repeatRows=1)
    table.setStyle(style)
    story = [table]
    if not data.rows:
        story = [Paragraph("Belum ada peserta yang terdaftar pada sesi ini.", styles["note"])]
    else:
        marked = [row.status for row in data.rows if row.status]
        story.append(Spacer(1, 8))
        summary = f"Jumlah peserta: {len(data.rows)}"
        if marked:
            counts = ", ".join(
                f"{label}: {marked.count(label)}"
                for label in STATUS_TEXT.values()
                if marked.count(label)
            )
            summary += f" · {counts}"
        story.append(Paragraph(escape(summary), styles["note"]))
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


# The session roster ------------------------------------------------------------------------

ROSTER_COLUMNS = [22, 170, 92, 70, 169]


def _date_span(dates: list[datetime.date]) -> str:
    if not dates:
        return "—"
    if len(dates) == 1:
        return weekday_date(dates[0])
    return f"{weekday_date(dates[0])} s.d. {weekday_date(dates[-1])}"


def render_roster(data: RosterData) -> bytes:
    """The participants of a session grouped by lodging room, with the classroom and dates."""
    _register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    distinct_hours = sorted(set(data.hours))
    facts = [
        ("Pelatihan", data.programme),
        ("Sesi", data.session),
        ("Tempat", data.venue),
        ("Ruang kelas", data.room),
        ("Hari/Tanggal", _date_span(data.dates)),
        ("Waktu", ", ".join(distinct_hours) or "—"),
    ]

    def draw_header(canvas, _doc):
        _draw_header(canvas, "DAFTAR PESERTA DAN KAMAR", facts, data.organiser)

    doc = _document(buffer, f"Daftar Peserta — {data.session}", data.programme, draw_header)
    head = styles["head"]
    story = []
    total = sum(len(group.rows) for group in data.groups)
    summary = f"Jumlah peserta: {total}"
    if data.overnight:
        summary += f" · Kamar: {sum(1 for group in data.groups if group.room)}"
    story.append(Paragraph(escape(summary), styles["note"]))
    number = 0
    for group in data.groups:
        if group.room:
            title = f"Kamar {group.room}"
            if group.beds:
                title += f" ({len(group.rows)} dari {group.beds} tempat tidur)"
        else:
            title = "Belum mendapat kamar" if data.overnight else "Peserta"
        story.append(Paragraph(escape(title), styles["group"]))
        rows = [
            [
                _cell("No", head),
                _cell("Nama", head),
                _cell("NIP", head),
                _cell("Jabatan", head),
                _cell("Unit Kerja", head),
            ]
        ]
        for person in group.rows:
            number += 1
            rows.append(
                [
                    str(number),
                    _cell(person.name, styles["cell"]),
                    _cell(person.nip, styles["nip"]),
                    _cell(person.position, styles["cell"]),
                    _cell(person.unit, styles["cell"]),
                ]
            )
        table = Table(rows, colWidths=ROSTER_COLUMNS, repeatRows=1)
        table.setStyle(_base_table_style([("GRID", (0, 0), (-1, -1), 0.4, GRID)]))
        story.append(table)
    if not data.groups:
        story.append(Paragraph("Belum ada peserta yang terdaftar pada sesi ini.", styles["note"]))
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
