"""Files and case studies for the case-study tests: photos made with Pillow (with the EXIF a
phone writes), papers as PDF and DOCX, drafts written through the services."""

import datetime
import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casestudies.models import CaseStudy, PhotoCategory
from casestudies.services.case_studies import (
    case_study_create,
    case_study_paper_upload,
    case_study_set_status,
    case_study_submit,
)
from casestudies.services.photos import photo_add
from cohorts.models import Cohort
from cohorts.services.cohorts import cohort_member_add
from core.images import exif_build
from lms.services.accounts import user_create_for_participant
from tests.factories import make_participant, make_programme

SEOUL = (37.566500, 126.978000)
VISIT = (datetime.date(2019, 10, 14), datetime.date(2019, 10, 18))


def photo_bytes(
    *, size=(64, 48), format="JPEG", taken_at=None, position=None, color=(30, 120, 200)
) -> bytes:
    image = Image.new("RGB", size, color)
    exif = exif_build(
        taken_at=taken_at,
        latitude=position[0] if position else None,
        longitude=position[1] if position else None,
    )
    out = io.BytesIO()
    image.save(out, format, exif=exif)
    return out.getvalue()


def upload(data: bytes, name: str, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes(*, padding=0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>" + " " * padding)
    return out.getvalue()


def png_bomb_bytes(width=40_000, height=40_000) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels, with a tiny body: Pillow reads
    the size from the header before decoding anything."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def make_author(unit, **kwargs):
    participant = make_participant(unit=unit, **kwargs)
    return participant, user_create_for_participant(participant=participant)


def make_group(members, *, name="Kelompok Uji", by=None):
    cohort = Cohort.objects.create(name=name, programme=make_programme(modules=0))
    for member in members:
        cohort_member_add(cohort=cohort, participant=member, by=by)
    return cohort


def category(slug="trotoar") -> PhotoCategory:
    return PhotoCategory.objects.get(slug=slug)


def make_case_study(participant, user, *, group=None, deadline=None, **fields) -> CaseStudy:
    values = {
        "kind": CaseStudy.Kind.STUDY_VISIT,
        "title": "Inovasi Administrasi Publik di Seoul",
        "visit_starts": VISIT[0],
        "visit_ends": VISIT[1],
        "visit_place": "Seoul",
        **fields,
    }
    return case_study_create(
        participant=participant, by=user, group=group, deadline=deadline, **values
    )


def make_ready(case_study, user, *, photos=1) -> CaseStudy:
    """A draft with its paper and ``photos`` photos: ready to submit."""
    case_study = case_study_paper_upload(
        case_study=case_study, file=upload(pdf_bytes(), "makalah.pdf"), by=user
    )
    for n in range(photos):
        photo_add(
            case_study=case_study,
            file=upload(
                photo_bytes(taken_at=datetime.datetime(2019, 10, 15, 9, n), position=SEOUL),
                f"foto{n}.jpg",
            ),
            category=category(),
            caption=f"Trotoar lebar {n}",
            by=user,
        )
    return CaseStudy.objects.get(pk=case_study.pk)


def make_submitted(participant, user, **kwargs) -> CaseStudy:
    case_study = make_ready(make_case_study(participant, user, **kwargs), user)
    return case_study_submit(case_study=case_study, by=user)


def move(case_study, *statuses, by, comment="Catatan"):
    for status in statuses:
        case_study = case_study_set_status(
            case_study=case_study, status=status, by=by, comment=comment
        )
    return case_study
