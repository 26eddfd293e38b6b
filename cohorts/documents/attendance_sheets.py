"""Attendance documents as PDFs: the daftar hadir (attendance sheet with a signature column)
of one session day, and the roster of a session by lodging room.

Both are A4 portrait on ``core.pdf``'s paged document: the header repeats on every page, so
does the table's header row, and every page says "Halaman n dari m". Long names wrap inside
their cell. Rendering works on plain data classes (``SheetData``, ``RosterData``); ``sheet_data``
and ``roster_data`` build them from the database in a fixed number of queries.
"""

import datetime
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer, Table

from cohorts.selectors import attendance_day_rows, session_roster
from core.formatting import hours, position_text, unit_short, weekday_date
from core.pdf import (
    GRID,
    INK,
    MUTED,
    TEAL,
    NumberedCanvas,
    cell,
    paged_document,
    register_fonts,
    table_style,
)
from core.pdf import draw_header as draw_document_header

BOLD_FACTS = ("Pelatihan", "Hari/Tanggal")
STATUS_TEXT = {
    "hadir": "Hadir",
    "terlambat": "Terlambat",
    "izin": "Izin",
    "sakit": "Sakit",
    "alpa": "Alpa",
}


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


SIGN_HEIGHT = 15


SHEET_COLUMNS = [20, 124, 84, 50, 97, 52, 48, 48]  # No … Status, two halves of Tanda tangan


def render_sheet(data: SheetData) -> bytes:
    """The attendance sheet of one day: No, Nama, NIP, Jabatan, Unit, Status and a signature
    column whose boxes alternate left and right, as Indonesian forms do."""
    register_fonts()
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
        draw_document_header(canvas, "DAFTAR HADIR PESERTA", facts, data.organiser, bold=BOLD_FACTS)

    title = f"Daftar Hadir — {data.session} — {weekday_date(data.date)}"
    doc = paged_document(buffer, title=title, subject=data.programme, on_page=draw_header)
    head = styles["head"]
    rows = [
        [
            cell("No", head),
            cell("Nama", head),
            cell("NIP", head),
            cell("Jabatan", head),
            cell("Unit Kerja", head),
            cell("Status", head),
            cell("Tanda tangan", head),
            "",
        ]
    ]
    for number, person in enumerate(data.rows, start=1):
        # A fixed-height signature box: a row is never too low to sign in.
        mark = [Paragraph(f"{number}.", styles["sign"]), Spacer(1, SIGN_HEIGHT)]
        rows.append(
            [
                str(number),
                cell(person.name, styles["cell"]),
                cell(person.nip, styles["nip"]),
                cell(person.position, styles["cell"]),
                cell(person.unit, styles["cell"]),
                cell(person.status, styles["cell"]),
                mark if number % 2 else "",
                "" if number % 2 else mark,
            ]
        )
    style = table_style(
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
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


ROSTER_COLUMNS = [22, 170, 92, 70, 169]


def _date_span(dates: list[datetime.date]) -> str:
    if not dates:
        return "—"
    if len(dates) == 1:
        return weekday_date(dates[0])
    return f"{weekday_date(dates[0])} s.d. {weekday_date(dates[-1])}"


def render_roster(data: RosterData) -> bytes:
    """The participants of a session grouped by lodging room, with the classroom and dates."""
    register_fonts()
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
        draw_document_header(
            canvas, "DAFTAR PESERTA DAN KAMAR", facts, data.organiser, bold=BOLD_FACTS
        )

    doc = paged_document(
        buffer,
        title=f"Daftar Peserta — {data.session}",
        subject=data.programme,
        on_page=draw_header,
    )
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
                cell("No", head),
                cell("Nama", head),
                cell("NIP", head),
                cell("Jabatan", head),
                cell("Unit Kerja", head),
            ]
        ]
        for person in group.rows:
            number += 1
            rows.append(
                [
                    str(number),
                    cell(person.name, styles["cell"]),
                    cell(person.nip, styles["nip"]),
                    cell(person.position, styles["cell"]),
                    cell(person.unit, styles["cell"]),
                ]
            )
        table = Table(rows, colWidths=ROSTER_COLUMNS, repeatRows=1)
        table.setStyle(table_style([("GRID", (0, 0), (-1, -1), 0.4, GRID)]))
        story.append(table)
    if not data.groups:
        story.append(Paragraph("Belum ada peserta yang terdaftar pada sesi ini.", styles["note"]))
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
