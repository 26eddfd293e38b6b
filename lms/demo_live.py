"""The demo alive today: beside the 2019 programme, *Visioning Camat dan Lurah 2026* runs now.

Dated from today (Asia/Jakarta) when first loaded: its online part opened two weeks ago, its
first face-to-face session began yesterday and runs today, three more follow in the coming
weeks (``cohorts.demo_live``). Its cohort — the camat and lurah of Jakarta Pusat and Jakarta
Utara — is enrolled with varied progress:

- peserta@selaras.test: both modules done, certificate issued and its PDF rendered; seated
  in the session running today, present yesterday and not yet checked in today;
- FINISHED others: both modules done, certificate issued and rendered;
- HALFWAY: the first module done, the second one's pre-test taken and a lesson read;
- STARTED: the first module's pre-test taken and a lesson read;
- everybody else: enrolled, not started.

Idempotent: pages, questions, the cohort and the sessions are found again (by slug, text,
name and title), and participants with a test in the programme are not replayed. Everything
goes through the services; the certificates are rendered here, not left to the worker, so
the trainee can download it at once.
"""

import copy
import datetime
import random
import zlib
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms import demo_content
from cms.demo_content import callout, knowledge_check, reflection, single, text, true_false
from cms.models import (
    CompetencyArea,
    HomePage,
    LessonPage,
    ModulePage,
    PredicateBand,
    ProgrammePage,
    Question,
    QuestionOption,
)
from cohorts.demo_live import live_cohort_demo_load, live_sessions_demo_load
from cohorts.models import Participant
from core.roles import Role
from lms.demo import DEMO_PARTICIPANT_UNIT
from lms.models import Enrolment, TestAttempt, User
from lms.services.certificates import certificate_issue_and_render
from lms.services.learning import attempt_start, attempt_submit, cohort_enrol, lesson_complete

FINISHED = 8
HALFWAY = 20
STARTED = 16
ONLINE_OPENED_DAYS_AGO = 14

PROGRAMME = {
    "title": "Visioning Camat dan Lurah 2026",
    "slug": "visioning-camat-dan-lurah-2026",
    "intro": (
        "Angkatan 2026 bagi camat dan lurah Jakarta Pusat dan Jakarta Utara: dari visi "
        "Gubernur ke rencana aksi wilayah dan pelayanan pengaduan warga, daring lalu tatap muka."
    ),
    "body": text(
        """
        <h2>Tentang angkatan 2026</h2>
        <p>Pelatihan ini melanjutkan <strong>Visioning Camat dan Lurah</strong> bagi pimpinan
        wilayah Jakarta Pusat dan Jakarta Utara. Dua mata pelatihan daring, masing-masing
        diawali pretest dan ditutup posttest, disusul sesi tatap muka tiga hari di Kampus
        Diklat Kalibata atau Wisma Diklat Cibubur.</p>
        <h2>Sertifikat</h2>
        <p>Peserta yang lulus posttest kedua mata pelatihan dengan nilai minimal 70 menerima
        sertifikat yang dapat diunduh dari Dasbor.</p>
        """
    )["value"],
    "organiser": demo_content.PROGRAMME["organiser"],
    "certificate_place": demo_content.PROGRAMME["certificate_place"],
    "signer_name": demo_content.PROGRAMME["signer_name"],
    "signer_nip": demo_content.PROGRAMME["signer_nip"],
    "signer_title": demo_content.PROGRAMME["signer_title"],
}

RENCANA_AKSI_LESSONS = [
    {
        "title": "Membaca Data Wilayah",
        "slug": "membaca-data-wilayah",
        "duration_minutes": 45,
        "summary": "Data kependudukan, pengaduan, dan kejadian sebagai dasar prioritas wilayah.",
        "body": [
            text(
                """
                <h2>Prioritas berangkat dari data</h2>
                <p>Visi Gubernur baru terasa di wilayah bila camat dan lurah memilih prioritas
                yang tepat. Prioritas yang tepat berangkat dari data: jumlah dan sebaran
                penduduk per RW, titik genangan dan kebakaran lima tahun terakhir, pengaduan
                warga yang masuk, serta hasil Musrenbang.</p>
                <ul>
                <li><strong>Data rutin</strong>: kependudukan, sarana dan prasarana, kejadian
                bencana.</li>
                <li><strong>Suara warga</strong>: pengaduan, aspirasi RT/RW, dan hasil
                Musrenbang.</li>
                <li><strong>Pengamatan langsung</strong>: blusukan terjadwal bersama tiga
                pilar.</li>
                </ul>
                """
            ),
            callout(
                "tip",
                "Peta masalah satu halaman",
                """<p>Tandai pada satu peta RW mana yang paling sering tergenang, terbakar,
                atau mengadu. Peta sederhana ini memudahkan rapat koordinasi.</p>""",
            ),
            knowledge_check(
                "Sumber manakah yang paling kuat untuk menetapkan prioritas wilayah?",
                [
                    ("Gabungan data rutin, pengaduan warga, dan pengamatan langsung.", True),
                    ("Usulan kelompok warga yang paling sering datang ke kantor.", False),
                    ("Program tahun lalu yang tinggal diulang.", False),
                ],
                """Satu sumber saja mudah menyesatkan; gabungan data rutin, suara warga, dan
                pengamatan langsung memberi gambaran yang utuh.""",
            ),
        ],
    },
    {
        "title": "Menyusun Rencana Aksi 100 Hari",
        "slug": "menyusun-rencana-aksi-100-hari",
        "duration_minutes": 60,
        "summary": "Menerjemahkan prioritas menjadi kegiatan, penanggung jawab, dan ukuran.",
        "body": [
            text(
                """
                <h2>Dari prioritas ke kegiatan</h2>
                <p>Rencana aksi 100 hari memuat paling banyak tiga prioritas. Setiap prioritas
                diturunkan menjadi kegiatan dengan penanggung jawab, mitra, jadwal, dan ukuran
                keberhasilan yang dapat dilihat warga, misalnya jumlah saluran yang dikeruk
                atau lama rata-rata penanganan pengaduan.</p>
                """
            ),
            reflection(
                """Tuliskan satu prioritas wilayah Anda untuk 100 hari ke depan beserta ukuran
                keberhasilannya.""",
                "Pilih ukuran yang dapat diperiksa warga sendiri.",
            ),
        ],
    },
]

RENCANA_AKSI_QUESTIONS = [
    single(
        "Berapa prioritas yang sebaiknya dimuat dalam rencana aksi 100 hari?",
        [("Paling banyak tiga.", True), ("Sepuluh atau lebih.", False), ("Satu saja.", False)],
        "Sedikit prioritas membuat sumber daya terpusat dan hasilnya terlihat.",
    ),
    single(
        "Ukuran keberhasilan yang baik dalam rencana aksi adalah …",
        [
            ("yang dapat dilihat dan diperiksa warga.", True),
            ("serapan anggaran kegiatan.", False),
            ("jumlah rapat yang diadakan.", False),
        ],
        "Warga menilai dari perubahan yang mereka rasakan, bukan dari serapan anggaran.",
    ),
    true_false(
        "Pengaduan warga termasuk data yang dipakai untuk menetapkan prioritas wilayah.",
        True,
        "Benar. Pengaduan menunjukkan masalah yang paling dirasakan warga.",
    ),
    true_false(
        "Rencana aksi cukup memuat kegiatan tanpa penanggung jawab.",
        False,
        "Salah. Setiap kegiatan perlu penanggung jawab, mitra, jadwal, dan ukuran.",
    ),
    single(
        "Peta masalah per RW terutama membantu …",
        [
            ("rapat koordinasi memilih lokasi tindakan.", True),
            ("mengganti Musrenbang.", False),
            ("menghapus pengaduan lama.", False),
        ],
        "Peta membuat masalah dan lokasinya terlihat oleh semua pihak dalam rapat.",
    ),
]

PENGADUAN_LESSONS = [
    {
        "title": "Mengelola Pengaduan Warga",
        "slug": "mengelola-pengaduan-warga",
        "duration_minutes": 45,
        "summary": "Menerima, meneruskan, menindaklanjuti, dan menutup pengaduan tepat waktu.",
        "body": [
            text(
                """
                <h2>Pengaduan sebagai kesempatan</h2>
                <p>Setiap pengaduan adalah informasi gratis tentang pelayanan. Pengaduan yang
                ditangani cepat dan jelas menumbuhkan kepercayaan warga; yang dibiarkan
                menumpuk menjadi keluhan di media sosial.</p>
                <ol>
                <li>Terima dan catat pada kanal resmi.</li>
                <li>Teruskan kepada petugas atau instansi yang berwenang.</li>
                <li>Tindak lanjuti dan kabari pelapor.</li>
                <li>Tutup dengan bukti penyelesaian.</li>
                </ol>
                """
            ),
            knowledge_check(
                "Kapan sebuah pengaduan boleh ditutup?",
                [
                    ("Setelah ada bukti penyelesaian dan pelapor dikabari.", True),
                    ("Segera setelah diteruskan ke instansi lain.", False),
                ],
                "Meneruskan belum menyelesaikan: pengaduan ditutup dengan bukti penyelesaian.",
            ),
        ],
    },
    {
        "title": "Melaporkan Kemajuan kepada Warga",
        "slug": "melaporkan-kemajuan-kepada-warga",
        "duration_minutes": 30,
        "summary": "Melaporkan hasil rencana aksi secara terbuka dan jujur.",
        "body": [
            text(
                """
                <h2>Terbuka tentang hasil</h2>
                <p>Laporkan kemajuan rencana aksi secara berkala di papan informasi, rapat RW,
                dan kanal digital kelurahan: apa yang sudah selesai, apa yang tertunda dan
                mengapa, serta langkah berikutnya.</p>
                """
            ),
            reflection("Kanal apa yang paling banyak dibaca warga di wilayah Anda?"),
        ],
    },
]

PENGADUAN_QUESTIONS = [
    single(
        "Langkah pertama menangani pengaduan warga adalah …",
        [
            ("menerima dan mencatatnya pada kanal resmi.", True),
            ("menunggu pengaduan serupa dari warga lain.", False),
            ("meminta pelapor datang ke kantor.", False),
        ],
        "Pengaduan yang tidak dicatat tidak dapat dilacak dan ditindaklanjuti.",
    ),
    true_false(
        "Pengaduan boleh ditutup begitu diteruskan kepada instansi lain.",
        False,
        "Salah. Pengaduan ditutup setelah ada bukti penyelesaian dan pelapor dikabari.",
    ),
    true_false(
        "Melaporkan kegiatan yang tertunda beserta alasannya menumbuhkan kepercayaan warga.",
        True,
        "Benar. Keterbukaan tentang hambatan lebih dipercaya daripada diam.",
    ),
    single(
        "Pengaduan yang ditangani lambat paling mungkin …",
        [
            ("berpindah menjadi keluhan di media sosial.", True),
            ("selesai dengan sendirinya.", False),
            ("mempercepat Musrenbang.", False),
        ],
        "Warga yang tidak mendapat jawaban mencari saluran lain.",
    ),
    single(
        "Laporan kemajuan rencana aksi sebaiknya memuat …",
        [
            ("yang selesai, yang tertunda beserta alasannya, dan langkah berikutnya.", True),
            ("hanya kegiatan yang berhasil.", False),
            ("daftar hadir rapat.", False),
        ],
        "Laporan yang utuh membuat warga dapat menilai dan ikut membantu.",
    ),
]

_TESTS = {
    "pretest_enabled": True,
    "posttest_enabled": True,
    "pass_mark": 70,
    "attempt_limit": 3,
    "questions_per_test": 0,
    "shuffle_questions": True,
    "shuffle_options": True,
}

MODULES = [
    {
        "title": "Dari Visi ke Rencana Aksi",
        "slug": "dari-visi-ke-rencana-aksi",
        "competency": "Kepemimpinan",
        "jp": 4,
        "summary": "Membaca data wilayah dan menyusun rencana aksi 100 hari.",
        "objectives": "Menetapkan prioritas dari data wilayah.\nMenyusun rencana aksi 100 hari.",
        **_TESTS,
        "lessons": RENCANA_AKSI_LESSONS,
        "questions": RENCANA_AKSI_QUESTIONS,
    },
    {
        "title": "Pengaduan dan Laporan kepada Warga",
        "slug": "pengaduan-dan-laporan-kepada-warga",
        "competency": "Integritas dan Nilai BerAKHLAK",
        "jp": 4,
        "summary": "Mengelola pengaduan warga dan melaporkan kemajuan secara terbuka.",
        "objectives": "Menangani pengaduan sampai tuntas.\nMelaporkan kemajuan kepada warga.",
        **_TESTS,
        "lessons": PENGADUAN_LESSONS,
        "questions": PENGADUAN_QUESTIONS,
    },
]
MODULE_FIELDS = ["title", "summary", "objectives", "jp", *_TESTS]
LESSON_FIELDS = ["title", "summary", "duration_minutes"]


def _page(parent, model, slug, build):
    """The ``model`` page ``slug`` under ``parent``, built and published when missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = build()
        page.slug = slug
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _stream(blocks):
    """A lesson body with every block bound, so that saving gives each block and list item
    its id (as ``cms.demo`` saves the 2019 lessons: reflection answers are keyed by it)."""
    value = LessonPage._meta.get_field("body").stream_block.to_python(copy.deepcopy(blocks))
    list(value)
    return value


def _lesson(spec):
    lesson = LessonPage(**{field: spec[field] for field in LESSON_FIELDS})
    lesson.body = _stream(spec["body"])
    return lesson


def _questions_ensure(module, specs):
    existing = set(module.questions.values_list("text", flat=True))
    for spec in specs:
        if spec["text"] in existing:
            continue
        question = Question.objects.create(
            module=module, kind=spec["kind"], text=spec["text"], explanation=spec["explanation"]
        )
        QuestionOption.objects.bulk_create(
            QuestionOption(question=question, text=option, is_correct=correct, sort_order=i)
            for i, (option, correct) in enumerate(spec["options"])
        )


def live_programme_demo_load(*, today: datetime.date) -> ProgrammePage:
    """Create whatever is missing of the 2026 programme (pages, question bank)."""

    def programme():
        page = ProgrammePage(
            **PROGRAMME,
            start_date=today - datetime.timedelta(days=ONLINE_OPENED_DAYS_AGO),
            end_date=today + datetime.timedelta(days=35),
        )
        page.predicate_bands = [
            PredicateBand(name=name, min_score=Decimal(min_score), sort_order=i)
            for i, (name, min_score) in enumerate(demo_content.PROGRAMME["predicate_bands"])
        ]
        return page

    page = _page(HomePage.objects.first(), ProgrammePage, PROGRAMME["slug"], programme)
    for spec in MODULES:
        module = _page(
            page,
            ModulePage,
            spec["slug"],
            lambda spec=spec: ModulePage(
                **{field: spec[field] for field in MODULE_FIELDS},
                competency=CompetencyArea.objects.get(name=spec["competency"]),
            ),
        )
        for lesson in spec["lessons"]:
            _page(module, LessonPage, lesson["slug"], lambda lesson=lesson: _lesson(lesson))
        _questions_ensure(module, spec["questions"])
    return page


def _answers(attempt, rng, skill):
    """The answers of a participant who gets each question right with chance ``skill``."""
    correct = {}
    for option in QuestionOption.objects.filter(
        question_id__in=[question_id for question_id, _ in attempt.layout], is_correct=True
    ):
        correct.setdefault(option.question_id, []).append(option.pk)
    answers = {}
    for question_id, option_ids in attempt.layout:
        right = correct.get(question_id, [])
        wrong = [pk for pk in option_ids if pk not in right]
        answers[question_id] = right if rng.random() < skill or not wrong else wrong[:1]
    return answers


def _test(participant, module, kind, rng, skill):
    attempt = attempt_start(participant=participant, module=module, kind=kind, rng=rng)
    return attempt_submit(attempt=attempt, answers=_answers(attempt, rng, skill))


def _study(participant, module, lessons, rng, skill, *, lessons_read=None, post=True):
    _test(participant, module, TestAttempt.Kind.PRE, rng, skill - 0.3)
    for lesson in lessons[:lessons_read]:
        lesson_complete(participant=participant, lesson=lesson)
    if post:
        for _ in range(module.attempt_limit):
            if _test(participant, module, TestAttempt.Kind.POST, rng, skill).passed:
                break
            skill = min(skill + 0.15, 1.0)


def _replay(programme, people, demo_participant):
    modules = list(ModulePage.objects.child_of(programme).live().order_by("path"))
    lessons = [list(LessonPage.objects.child_of(m).live().order_by("path")) for m in modules]
    started = set(
        TestAttempt.objects.filter(module__in=modules).values_list("participant_id", flat=True)
    )
    others = sorted(
        (p for p in people if p.pk != demo_participant.pk),
        key=lambda p: zlib.crc32(p.nip.encode()),
    )
    stages = [(demo_participant, "finished")]
    stages += [(p, "finished") for p in others[:FINISHED]]
    stages += [(p, "halfway") for p in others[FINISHED : FINISHED + HALFWAY]]
    stages += [(p, "started") for p in others[FINISHED + HALFWAY : FINISHED + HALFWAY + STARTED]]
    for participant, stage in stages:
        if participant.pk in started:
            continue
        rng = random.Random(zlib.crc32(f"2026:{participant.nip}".encode()))  # noqa: S311
        skill = 0.9 if participant.pk == demo_participant.pk else 0.6 + rng.random() * 0.35
        if stage == "started":
            _study(participant, modules[0], lessons[0], rng, skill, lessons_read=1, post=False)
            continue
        _study(participant, modules[0], lessons[0], rng, skill)
        if stage == "finished":
            _study(participant, modules[1], lessons[1], rng, skill)
        else:
            _study(participant, modules[1], lessons[1], rng, skill, lessons_read=1, post=False)


def live_demo_load(*, learning: bool = True, today: datetime.date | None = None) -> dict | None:
    """Load (or complete) the programme running today. Idempotent; never in production.

    Must not run inside a transaction: the certificates' PDFs are rendered after the rest
    is committed (``certificate_render``)."""
    if settings.PRODUCTION:
        raise RuntimeError("The demo data is never loaded in production mode.")
    if not learning:
        return None
    today = today or timezone.localdate()
    demo_participant = Participant.objects.get(
        unit__code=DEMO_PARTICIPANT_UNIT, position=Participant.Position.LURAH
    )
    organiser = User.objects.filter(groups__name=Role.PENYELENGGARA).order_by("pk").first()
    with transaction.atomic():
        programme = live_programme_demo_load(today=today)
        cohort = live_cohort_demo_load(programme=programme, by=organiser)
        cohort_enrol(cohort=cohort, enrolled_by=organiser)
        figures = live_sessions_demo_load(
            programme=programme, cohort=cohort, demo_participant=demo_participant, today=today
        )
        people = list(Participant.objects.filter(enrolments__programme=programme).order_by("pk"))
        _replay(programme, people, demo_participant)
    completed = Enrolment.objects.filter(programme=programme, completed_at__isnull=False)
    for participant_id in completed.order_by("pk").values_list("participant_id", flat=True):
        certificate_issue_and_render(participant_id=participant_id, programme_id=programme.pk)
    return {**figures, "enrolled": len(people), "completed": completed.count()}
