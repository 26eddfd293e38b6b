"""Demo data for visioning: the Governor's material for every camat and lurah of DKI Jakarta,
drafted by the Pimpinan and approved by the Penyelenggara through the "Visioning approval"
workflow, acknowledged by about 70 % of its audience with varied responses (some amended, a
few recorded on paper's behalf, some rated by the coach); the Wali Kota of Jakarta Timur's
material for his kota; and the Wali Kota of Jakarta Pusat's material still in review.

Idempotent: materials are found by their slug, acknowledgements by person and version, and a
second run adds nothing. The demo trainee (the lurah of Gambir) is left to acknowledge the
Governor's material himself. Never in production."""

import datetime
import io
import random
import zlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from wagtail.documents.models import Document
from wagtail.models import Collection

from cms.visioning import VisioningIndexPage, VisioningMaterialPage
from cohorts.models import Participant, Region
from core.pdf import register_fonts
from lms.demo import DEMO_PARTICIPANT_UNIT
from lms.models import User, VisioningAcknowledgement
from lms.selectors.visioning import material_audience
from lms.services.visioning import (
    acknowledgement_amend,
    acknowledgement_rate,
    acknowledgement_record,
)

GOVERNOR_SLUG = "visi-gubernur-2019"
SHARE_ACKNOWLEDGED = 70  # per cent of the Governor's audience
KEY_MESSAGES = [
    (
        "Jakarta bergerak dalam satu arah",
        "Setiap kecamatan dan kelurahan menyelaraskan program dengan visi provinsi.",
    ),
    (
        "Pelayanan yang cepat, mudah dan terbuka",
        "Layanan dasar selesai dalam hari yang sama, dengan standar yang diumumkan.",
    ),
    (
        "Kolaborasi dengan warga",
        "RT, RW, LMK dan FKDM dilibatkan sejak perencanaan sampai evaluasi.",
    ),
    (
        "Kota yang tangguh",
        "Siaga banjir, kebakaran dan tawuran dengan data wilayah yang mutakhir.",
    ),
]
APPLICATIONS = [
    "Di wilayah kami {issue} masih menjadi persoalan utama; visi ini kami terjemahkan menjadi "
    "program {program} bersama RT/RW.",
    "Pesan kunci ini sejalan dengan rencana kerja kami tahun ini: {program}, terutama untuk "
    "menangani {issue}.",
    "Kami akan memetakan ulang {issue} per RW dan mengukur kemajuan {program} setiap bulan.",
    "Visi Gubernur kami sampaikan dalam apel pagi; langkah pertama adalah {program} karena "
    "{issue} paling dirasakan warga.",
]
ISSUES = [
    "genangan saat hujan deras",
    "antrean layanan administrasi kependudukan",
    "sampah di bantaran kali",
    "tawuran pelajar di malam hari",
    "trotoar yang dipakai parkir liar",
    "kebakaran di permukiman padat",
]
PROGRAMS = [
    "gerebek lumpur bulanan",
    "layanan PTSP keliling",
    "bank sampah per RW",
    "ronda bersama FKDM",
    "penataan trotoar dengan Satpol PP",
    "pelatihan relawan pemadam kebakaran",
]
COMMITMENTS = [
    "Menyelesaikan {n} titik genangan sebelum musim hujan.",
    "Memangkas waktu layanan KTP menjadi satu hari di {n} kelurahan binaan.",
    "Mengadakan musyawarah warga setiap bulan di {n} RW.",
    "Membentuk {n} kelompok relawan siaga bencana.",
    "Menertibkan {n} ruas trotoar bersama warga.",
]
NOTES = [
    "Ditandatangani di atas kertas saat sesi tatap muka.",
    "Dikirim melalui surat dinas karena kendala akses.",
]
COMMENTS = {
    1: "Belum terlihat kaitan dengan pesan kunci.",
    2: "Sebagian sudah tepat; komitmen perlu ukuran yang jelas.",
    3: "Memahami visi dan menerapkannya pada wilayah.",
    4: "Sangat baik: terukur dan melibatkan warga.",
}


def _rng(key: str) -> random.Random:
    return random.Random(zlib.crc32(key.encode()))  # noqa: S311 — demo data, not security


def _paparan(title: str) -> Document:
    """A one-page landscape PDF standing for the leader's presentation: its title and the key
    messages (found again by title)."""
    document = Document.objects.filter(title=title).first()
    if document is not None:
        return document
    if not Collection.objects.exists():  # Wagtail's root collection, gone from a flushed database
        Collection.add_root(name="Root")
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4))
    _width, height = landscape(A4)
    canvas.setTitle(title)
    canvas.setFont("Vera-Bold", 18)
    canvas.drawString(50, height - 80, title)
    canvas.setFont("Vera", 16)
    for n, (head, text) in enumerate(KEY_MESSAGES, start=1):
        y = height - 140 - 70 * n
        canvas.drawString(50, y, f"{n}. {head}")
        canvas.setFont("Vera", 12)
        canvas.drawString(72, y - 22, text)
        canvas.setFont("Vera", 16)
    canvas.showPage()
    canvas.save()
    return Document.objects.create(
        title=title, file=ContentFile(buffer.getvalue(), name="paparan.pdf")
    )


def _material(*, slug, title, leader, leader_title, unit, regions, owner, deadline, vision):
    """The material (a draft revision by ``owner``), made once; the page as stored."""
    existing = VisioningMaterialPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = VisioningMaterialPage(
        title=title,
        slug=slug,
        leader_name=leader,
        leader_title=leader_title,
        leader_unit=unit,
        vision=vision,
        mission=(
            "<ol><li>Membangun pelayanan publik yang cepat dan terbuka.</li>"
            "<li>Menggerakkan kolaborasi warga di setiap RW.</li>"
            "<li>Menyiapkan wilayah yang tangguh terhadap bencana.</li></ol>"
        ),
        paparan=_paparan(f"Paparan {title}"),
        key_messages=[
            ("key_message", {"title": head, "explanation": text}) for head, text in KEY_MESSAGES
        ],
        audience_positions=[Participant.Position.CAMAT, Participant.Position.LURAH],
        deadline=deadline,
        owner=owner,
        live=False,
    )
    page.audience_regions = regions
    VisioningIndexPage.objects.get().add_child(instance=page)
    page.save_revision(user=owner)
    return page, True


def _submit(page, *, leader, organiser=None, comment=""):
    """Through the index's workflow: submitted by ``leader``; approved (and so published) by
    ``organiser`` when given, else left in review."""
    workflow = page.get_workflow()
    state = workflow.start(page, leader)
    if organiser is not None:
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, organiser, "approve", comment=comment)
    page.refresh_from_db()
    return page


def _response(rng, material, unit_name):
    ids = [block_id for block_id, _title, _text in material.key_message_list]
    chosen = sorted(rng.sample(ids, rng.randint(1, 3)), key=ids.index)
    application = rng.choice(APPLICATIONS).format(
        issue=rng.choice(ISSUES), program=rng.choice(PROGRAMS)
    )
    return {
        "application": f"{unit_name}: {application}",
        "key_message_ids": chosen,
        "commitment": rng.choice(COMMITMENTS).format(n=rng.randint(2, 12)),
        "commitment_date": timezone.localdate() + datetime.timedelta(days=rng.randint(14, 120)),
    }


def _acknowledge(material, *, share, organiser, coach, skip_unit=""):
    """About ``share`` % of the audience acknowledge (chosen by NIP, so always the same
    people); one in ten of them amends, one in twenty was recorded on paper's behalf, and the
    coach rates one in four."""
    audience = material_audience(material=material).select_related("unit", "user")
    done = set(
        VisioningAcknowledgement.objects.filter(
            material=material, version=material.version
        ).values_list("participant_id", flat=True)
    )
    count = 0
    for participant in audience.order_by("unit__code"):
        rng = _rng(f"{material.slug}:{participant.nip}")
        if rng.randrange(100) >= share or participant.unit.code == skip_unit:
            continue
        if participant.pk in done:
            continue
        on_behalf = rng.randrange(20) == 0
        ack = acknowledgement_record(
            material=material,
            participant=participant,
            by=organiser if on_behalf else participant.user,
            on_behalf_note=rng.choice(NOTES) if on_behalf else "",
            **_response(rng, material, participant.unit.name),
        )
        if not on_behalf and rng.randrange(10) == 0:
            acknowledgement_amend(
                acknowledgement=ack,
                by=participant.user,
                **_response(rng, material, participant.unit.name),
            )
        if rng.randrange(4) == 0:
            score = rng.choice([1, 2, 2, 3, 3, 3, 4, 4])
            acknowledgement_rate(
                acknowledgement=ack, score=score, comment=COMMENTS[score], by=coach
            )
        count += 1
    return count


@transaction.atomic
def visioning_demo_load(*, learning: bool = True) -> dict | None:
    """Load (or complete) the visioning demo; nothing without the learning part."""
    if settings.PRODUCTION:
        raise RuntimeError("The demo data is never loaded in production mode.")
    if not learning:
        return None
    leader = User.objects.get(email="pimpinan@selaras.test")
    organiser = User.objects.get(email="penyelenggara@selaras.test")
    coach = User.objects.get(email="fasilitator@selaras.test")
    province = Region.objects.get(code="31")
    deadline = timezone.localdate() + datetime.timedelta(days=21)

    governor, new = _material(
        slug=GOVERNOR_SLUG,
        title="Visi Gubernur: Jakarta Maju, Kotanya Bahagia Warganya",
        leader="Gubernur DKI Jakarta",
        leader_title="Kepala Daerah Provinsi DKI Jakarta",
        unit=province,
        regions=[province],
        owner=leader,
        deadline=deadline,
        vision=(
            "<p>Jakarta kota maju, lestari dan berbudaya yang warganya terlibat dalam "
            "mewujudkan keberadaban, keadilan dan kesejahteraan bagi semua.</p>"
        ),
    )
    if new:
        governor = _submit(
            governor, leader=leader, organiser=organiser, comment="Siap disampaikan."
        )
    acknowledged = _acknowledge(
        governor,
        share=SHARE_ACKNOWLEDGED,
        organiser=organiser,
        coach=coach,
        skip_unit=DEMO_PARTICIPANT_UNIT,
    )

    results = {"governor": governor.pk, "acknowledged": acknowledged}
    for code, slug, approve in (
        ("31.75", "visi-wali-kota-jakarta-timur", True),
        ("31.71", "visi-wali-kota-jakarta-pusat", False),
    ):
        kota = Region.objects.get(code=code)
        head = Participant.objects.filter(unit=kota, position=Participant.Position.HEAD).first()
        name = kota.name.replace("Kota Administrasi ", "")
        material, new = _material(
            slug=slug,
            title=f"Visi Wali Kota {name}",
            leader=head.name if head else f"Wali Kota {name}",
            leader_title=f"Wali Kota {name}",
            unit=kota,
            regions=[kota],
            owner=leader,
            deadline=deadline + datetime.timedelta(days=7),
            vision=f"<p>{name} yang tertata, bersih dan melayani warganya.</p>",
        )
        if new:
            material = _submit(material, leader=leader, organiser=organiser if approve else None)
        if approve:
            results[slug] = _acknowledge(material, share=40, organiser=organiser, coach=coach)
    return results
