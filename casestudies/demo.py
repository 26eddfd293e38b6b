"""Demo of case-study outputs: ten study-visit papers by ten camat on the Seoul visit of
October 2019 ("Innovation in Public Sector Administration"), each with a PDF paper and six
photos drawn with Pillow that carry real EXIF dates and GPS positions in Seoul, in every state
of the workflow (presented, accepted, in review, submitted late, one sent back for revision),
reviewed by the demo facilitator as penguji (with his rubric scores where accepted); and one
thematic group work for each theme, written by its cohort (the demo trainee's group's
is still a draft he can open); the roles' weights, two conflicts of interest (one pinned, one
ended) and the presented papers' feedback released to their authors. The presented outputs
were presented in held slots on a past session day, scored by a panel of facilitators; one
accepted paper is scheduled on a coming day of the live programme, when there is one.

Idempotent: a case study is made once, found again by its title. Everything goes through the
services, as the authors' and the organiser's clicks would; the camat get participant accounts
(without a usable password, as an invitation would make them)."""

import datetime
import io
import zlib

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from casestudies.models import (
    CaseStudy,
    ConflictOfInterest,
    PhotoCategory,
    PresentationSlot,
    RubricCriterion,
)
from casestudies.selectors import review_weights_get
from casestudies.services.case_studies import (
    case_study_create,
    case_study_paper_upload,
    case_study_set_deadline,
    case_study_set_status,
    case_study_submit,
)
from casestudies.services.photos import photo_add
from casestudies.services.presentations import (
    panel_score,
    presentation_slot_hold,
    presentation_slot_schedule,
)
from casestudies.services.reviews import (
    conflict_declare,
    conflict_pin,
    feedback_release,
    review_assign,
    review_score,
    review_weights_save,
)
from cohorts.demo_live import UPCOMING
from cohorts.models import Cohort, CohortMembership, Participant, Room, SessionDay, Theme
from core.errors import DomainError
from core.images import exif_build
from core.roles import Role

Status = CaseStudy.Status
User = get_user_model()
DEMO_TRAINEE = "peserta@selaras.test"  # the lurah of Gambir (lms.demo)

VISIT = (datetime.date(2019, 10, 21), datetime.date(2019, 10, 25))
DEADLINE = datetime.datetime(2019, 11, 15, 17, 0)
# (category slug, caption, place, latitude, longitude)
SIGHTS = [
    ("trotoar", "Trotoar lebar dengan jalur pemandu tunanetra", "Gwanghwamun", 37.5759, 126.9769),
    ("perlakuan-pohon", "Pohon peneduh berkisi pelindung akar", "Seoul Forest", 37.5444, 127.0374),
    ("sungai", "Sungai Cheonggyecheon yang dipulihkan", "Cheonggyecheon", 37.5694, 126.9780),
    ("penataan-reklame", "Papan reklame seragam di pertokoan", "Myeongdong", 37.5636, 126.9834),
    ("taman-inovatif", "Taman di atas bekas jalan layang", "Seoullo 7017", 37.5563, 126.9701),
    ("aksesoris-kota", "Halte bus dengan informasi waktu nyata", "Dongdaemun", 37.5665, 127.0092),
]
# Where each of the ten papers ends up: presented ×3, accepted ×2, in review ×3, submitted
# after the deadline ×1, sent back for revision ×1
OUTCOMES = [
    (Status.PRESENTED,) * 3,
    (Status.ACCEPTED,) * 2,
    (Status.IN_REVIEW,) * 3,
    ("late",),
    (Status.REVISION_REQUESTED,),
]
OUTCOMES = [outcome for group in OUTCOMES for outcome in group]
PATHS = {
    Status.PRESENTED: (Status.IN_REVIEW, Status.ACCEPTED, Status.PRESENTED),
    Status.ACCEPTED: (Status.IN_REVIEW, Status.ACCEPTED),
    Status.IN_REVIEW: (Status.IN_REVIEW,),
    Status.REVISION_REQUESTED: (Status.IN_REVIEW, Status.REVISION_REQUESTED),
    Status.SUBMITTED: (),
    "late": (),
}
COMMENTS = {
    Status.IN_REVIEW: "Mulai ditelaah oleh tim penguji.",
    Status.ACCEPTED: "Makalah diterima; siapkan paparan.",
    Status.PRESENTED: "Dipaparkan di depan panel, 28 November 2019.",
    Status.REVISION_REQUESTED: "Lengkapi analisis penerapan di kecamatan Anda dan foto sungai.",
}


def _paper(title: str, author: str) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(60, 760, title[:70])
    pdf.setFont("Helvetica", 11)
    pdf.drawString(60, 735, author[:90])
    pdf.drawString(60, 710, "Studi lapangan Seoul, 21-25 Oktober 2019 (makalah demo)")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _photo(seed: str, caption: str, taken_at, position) -> bytes:
    """A small drawn "photo" (sky, ground, a few shapes) carrying EXIF as a phone writes it."""
    rng = zlib.crc32(seed.encode())
    sky = (120 + rng % 90, 170 + rng % 60, 220)
    image = Image.new("RGB", (480, 360), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 230, 480, 360), fill=(90 + rng % 40, 110, 90))
    for n in range(5):
        x = 30 + n * 90 + rng % 20
        height = 60 + (rng >> n) % 110
        draw.rectangle((x, 230 - height, x + 50, 230), fill=(150, 130 + n * 15, 110))
    draw.text((12, 12), caption[:60], fill=(20, 30, 40))
    out = io.BytesIO()
    exif = exif_build(
        taken_at=taken_at,
        latitude=position[0] if position else None,
        longitude=position[1] if position else None,
    )
    image.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()


def _score(case_study, reviewer, seed: int):
    """The facilitator's rubric: levels 3 and 4 by turns, with his feedback."""
    assignment = case_study.assignments.get(reviewer=reviewer)
    criteria = RubricCriterion.objects.values_list("pk", flat=True)
    review_score(
        assignment=assignment,
        levels={pk: 3 + (pk + seed) % 2 for pk in criteria},
        feedback="Analisis baik; perjelas tahapan penerapan dan anggarannya.",
        by=reviewer,
    )


def _submit_and_review(case_study, *, author_user, organiser, outcome, reviewer=None):
    case_study = case_study_submit(case_study=case_study, by=author_user)
    if reviewer is not None and PATHS[outcome]:
        review_assign(case_study=case_study, reviewer=reviewer, role="penguji", by=organiser)
    # the organiser sets the deadline once it is handed in: the late flag was judged when it
    # was submitted, against the deadline it had then
    case_study = case_study_set_deadline(
        case_study=case_study,
        deadline=timezone.make_aware(DEADLINE),
        by=organiser,
    )
    for status in PATHS[outcome]:
        if status == Status.ACCEPTED and reviewer is not None:
            _score(case_study, reviewer, case_study.pk)
        if status == Status.PRESENTED and _present(case_study, organiser):
            case_study.refresh_from_db()
            continue
        case_study = case_study_set_status(
            case_study=case_study, status=status, by=organiser, comment=COMMENTS[status]
        )
    return case_study


PRESENTED_ON = datetime.date(2019, 11, 28)
PANEL_FEEDBACK = "Paparan runtut; tunjukkan rencana anggaran dan tahapan uji coba."


def _panel():
    return list(User.objects.filter(groups__name=Role.FASILITATOR).order_by("pk")[:2])


def _free_time(day, room):
    """The first free hour of ``room`` on ``day`` from 09.00, or None."""
    taken = set(
        PresentationSlot.objects.filter(
            day__date=day.date, room=room, status__in=PresentationSlot.LIVE
        ).values_list("starts", flat=True)
    )
    for hour in range(max(day.starts.hour, 9), day.ends.hour):
        if datetime.time(hour) not in taken:
            return datetime.time(hour), datetime.time(hour + 1)
    return None


def _schedule(case_study, day, organiser):
    room = day.session.room
    hours = _free_time(day, room) if room and room.kind == Room.Kind.CLASSROOM else None
    panel = _panel()
    if hours is None or not panel:
        return None
    try:
        return presentation_slot_schedule(
            case_study=case_study,
            day=day,
            room=room,
            starts=hours[0],
            ends=hours[1],
            panel=panel,
            by=organiser,
        )
    except DomainError:
        return None  # a conflicted panel: the demo leaves it unscheduled


def _present(case_study, organiser) -> bool:
    """Present an accepted case study in a held slot on the last session day up to
    ``PRESENTED_ON`` (else the last one past), scored by the panel; False (nothing made) when
    no day, room or panel fits."""
    days = SessionDay.objects.filter(date__lt=timezone.localdate()).select_related("session__room")
    day = (
        days.filter(date__lte=PRESENTED_ON).order_by("-date").first()
        or days.order_by("-date").first()
    )
    slot = _schedule(case_study, day, organiser) if day else None
    if slot is None:
        return False
    presentation_slot_hold(
        slot=slot,
        by=organiser,
        comment=f"Dipaparkan di depan panel, {day.date:%d-%m-%Y}.",
    )
    criteria = list(RubricCriterion.objects.values_list("pk", flat=True))
    for n, member in enumerate(slot.panel.select_related("panellist").order_by("pk")):
        panel_score(
            member=member,
            levels={pk: 2 + (pk + n + case_study.pk) % 3 for pk in criteria},
            feedback=PANEL_FEEDBACK,
            by=member.panellist,
        )
    return True


def _schedule_coming(organiser) -> None:
    """One accepted paper gets a scheduled slot on a coming day of the live programme
    (``cohorts.demo_live``), once; nothing when there is none."""
    accepted = CaseStudy.objects.filter(
        kind=CaseStudy.Kind.STUDY_VISIT, status=Status.ACCEPTED
    ).order_by("pk")
    if PresentationSlot.objects.filter(
        case_study__in=accepted, status=PresentationSlot.Status.SCHEDULED
    ).exists():
        return
    day = (
        SessionDay.objects.filter(
            date__gt=timezone.localdate(), session__title__in=[row[0] for row in UPCOMING]
        )
        .select_related("session__room")
        .order_by("date")
        .first()
    )
    case_study = accepted.first()
    if day is not None and case_study is not None and organiser is not None:
        _schedule(case_study, day, organiser)


def _study_visit(camat, user, organiser, outcome, index, categories, reviewer):
    title = f"Inovasi Administrasi Publik di Seoul: pelajaran untuk {camat.unit.name}"
    if CaseStudy.objects.filter(title=title).exists():
        return False
    with transaction.atomic():
        case_study = case_study_create(
            kind=CaseStudy.Kind.STUDY_VISIT,
            title=title,
            summary=(
                "Makalah studi lapangan Innovation in Public Sector Administration di Seoul: "
                "trotoar, pohon, sungai, reklame, taman dan aksesoris kota, dan penerapannya "
                f"di Kecamatan {camat.unit.name}."
            ),
            participant=camat,
            by=user,
            visit_starts=VISIT[0],
            visit_ends=VISIT[1],
            visit_place="Seoul, Korea Selatan",
            deadline=timezone.make_aware(DEADLINE) if outcome == "late" else None,
        )
        paper = ContentFile(_paper(title, camat.name), name="makalah.pdf")
        case_study = case_study_paper_upload(case_study=case_study, file=paper, by=user)
        for n, (slug, caption, place, latitude, longitude) in enumerate(SIGHTS):
            taken_at = datetime.datetime.combine(
                VISIT[0] + datetime.timedelta(days=(index + n) % 5),
                datetime.time(9 + n, 5 * index % 60),
            )
            position = (latitude + index * 0.0004, longitude - n * 0.0003)
            if index == 6 and n == 0:  # a photo from before the trip: flagged
                taken_at = datetime.datetime(2019, 9, 28, 16, 40)
            if index == 2 and n == 5:  # sent through a chat app: no EXIF left
                taken_at, position = None, None
            photo = ContentFile(
                _photo(f"{camat.pk}-{n}", f"{place}", taken_at, position), name=f"IMG_{n}.jpg"
            )
            photo_add(
                case_study=case_study,
                file=photo,
                category=categories[slug],
                caption=f"{caption} ({place})",
                by=user,
                latitude=latitude if n % 2 == 0 else None,
                longitude=longitude if n % 2 == 0 else None,
            )
        _submit_and_review(
            case_study, author_user=user, organiser=organiser, outcome=outcome, reviewer=reviewer
        )
    return True


def _group_work(theme, cohort, user, organiser, outcome, categories):
    title = f"Kerja kelompok tematik: {theme.name}"
    if CaseStudy.objects.filter(title=title).exists():
        return False
    author = Participant.objects.get(user=user)
    with transaction.atomic():
        case_study = case_study_create(
            kind=CaseStudy.Kind.THEMATIC,
            title=title,
            summary=f"Rencana aksi bersama kelompok {cohort.name} untuk tema {theme.name}.",
            participant=author,
            group=cohort,
            theme=theme,
            by=user,
        )
        if outcome == Status.DRAFT:
            return True
        paper = ContentFile(_paper(title, cohort.name), name="makalah.pdf")
        case_study = case_study_paper_upload(case_study=case_study, file=paper, by=user)
        photo = ContentFile(
            _photo(title, theme.name, datetime.datetime(2019, 3, 6, 10, 0), None), name="a.jpg"
        )
        photo_add(
            case_study=case_study,
            file=photo,
            category=categories["aksesoris-kota"],
            caption=f"Lokasi kerja kelompok {theme.name}",
            by=user,
        )
        _submit_and_review(case_study, author_user=user, organiser=organiser, outcome=outcome)
    return True


def _review_settings(camat, organiser, reviewer):
    """The roles' weights (penguji 50, coach 30, mentor 20), two conflicts of interest of the
    demo facilitator — a kinship he declared with the camat whose paper came in late, pinned
    by the organiser, and a former coaching that has ended (shown, not blocking) — and the
    feedback of the presented papers released to their authors. Each made once."""
    if organiser is None or reviewer is None:
        return
    if review_weights_get().updated_by_id is None:
        review_weights_save(penguji=50, coach=30, mentor=20, by=organiser)
    people = {outcome: person for person, outcome in zip(camat, OUTCOMES, strict=False)}
    declared = [
        (people.get("late"), ConflictOfInterest.Kind.KINSHIP, None, None, reviewer, True),
        (
            camat[0] if camat else None,
            ConflictOfInterest.Kind.FORMER_COACH,
            datetime.date(2017, 1, 1),
            datetime.date(2018, 12, 31),
            organiser,
            False,
        ),
    ]
    for participant, kind, starts, ends, by, pin in declared:
        if participant is None:
            continue
        conflict = ConflictOfInterest.objects.filter(
            reviewer=reviewer, participant=participant, kind=kind
        ).first() or conflict_declare(
            reviewer=reviewer,
            participant=participant,
            kind=kind,
            valid_from=starts,
            valid_to=ends,
            reason="Data demo: ipar dari pihak istri."
            if kind == ConflictOfInterest.Kind.KINSHIP
            else "Data demo: coach pada angkatan 2017-2018.",
            by=by,
        )
        if pin and not conflict.pinned:
            conflict_pin(conflict=conflict, by=organiser)
    for case_study in CaseStudy.objects.filter(
        kind=CaseStudy.Kind.STUDY_VISIT,
        status=Status.PRESENTED,
        feedback_release__isnull=True,
        assignments__scored_at__isnull=False,
    ).distinct():
        feedback_release(case_study=case_study, by=organiser)


def case_studies_demo_load(*, learning: bool = True, account_for=None) -> int:
    """Load the case-study demo (once; a second run adds nothing). ``account_for`` makes (or
    returns) a participant's account — the learning engine's ``user_create_for_participant``,
    handed down by the ``load_demo`` command since this app sits below it. Returns the number
    of case studies made."""
    if not learning or account_for is None:
        return 0
    organiser = User.objects.filter(groups__name=Role.PENYELENGGARA).order_by("pk").first()
    reviewer = User.objects.filter(groups__name=Role.FASILITATOR).order_by("pk").first()
    categories = {category.slug: category for category in PhotoCategory.objects.all()}
    made = 0
    camat = list(
        Participant.objects.filter(position=Participant.Position.CAMAT)
        .exclude(email="")
        .select_related("unit", "user")
        .order_by("unit__code")[: len(OUTCOMES)]
    )
    for index, (person, outcome) in enumerate(zip(camat, OUTCOMES, strict=False)):
        user = person.user or account_for(participant=person)
        made += _study_visit(person, user, organiser, outcome, index, categories, reviewer)
    _review_settings(camat, organiser, reviewer)
    _schedule_coming(organiser)
    group_outcomes = [Status.IN_REVIEW, Status.ACCEPTED, Status.SUBMITTED, Status.PRESENTED]
    trainee_cohorts = set(
        CohortMembership.objects.active()
        .filter(participant__user__email__iexact=DEMO_TRAINEE)
        .values_list("cohort_id", flat=True)
    )
    for n, theme in enumerate(Theme.objects.order_by("sort_order", "pk")):
        cohort = (
            Cohort.objects.filter(theme=theme, name__startswith="Kelompok").order_by("pk").first()
        )
        if cohort is None:
            continue
        if cohort.pk in trainee_cohorts:
            user, outcome = User.objects.get(email__iexact=DEMO_TRAINEE), Status.DRAFT
        else:
            first = (
                Participant.objects.filter(
                    memberships__cohort=cohort, memberships__left_at__isnull=True
                )
                .exclude(email="")
                .order_by("name")
                .first()
            )
            if first is None:
                continue
            user = first.user or account_for(participant=first)
            outcome = group_outcomes[n % len(group_outcomes)]
        made += _group_work(theme, cohort, user, organiser, outcome, categories)
    return made
