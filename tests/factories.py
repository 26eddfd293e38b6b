"""Small factories for tests. Writes go through services where those enforce rules."""

import itertools

from cohorts.models import Participant, Region
from cohorts.services.participants import participant_upsert

_sequence = itertools.count(1)


def make_region_tree():
    """A tiny province → kota → kecamatan → kelurahan chain with real DKI codes."""
    province, _ = Region.objects.get_or_create(
        code="31",
        defaults={"name": "Daerah Khusus Ibukota Jakarta", "level": 1, "kind": "provinsi"},
    )
    kota, _ = Region.objects.get_or_create(
        code="31.71",
        defaults={
            "name": "Kota Administrasi Jakarta Pusat",
            "level": 2,
            "kind": "kota",
            "parent": province,
        },
    )
    kecamatan, _ = Region.objects.get_or_create(
        code="31.71.01",
        defaults={"name": "Gambir", "level": 3, "kind": "kecamatan", "parent": kota},
    )
    kelurahan, _ = Region.objects.get_or_create(
        code="31.71.01.1002",
        defaults={
            "name": "Cideng",
            "level": 4,
            "kind": "kelurahan",
            "parent": kecamatan,
            "postal_code": "10150",
        },
    )
    return {"province": province, "kota": kota, "kecamatan": kecamatan, "kelurahan": kelurahan}


def make_nip(n=None):
    n = next(_sequence) if n is None else n
    return f"19800101200501{1 + n % 2}{n % 999 + 1:03d}"


def make_participant(*, unit, nip=None, email=None, position=Participant.Position.LURAH, name=None):
    n = next(_sequence)
    participant, _ = participant_upsert(
        nip=nip or make_nip(n),
        name=name or f"Peserta Uji {n}",
        position=position,
        unit=unit,
        grade="III/c",
        email=email if email is not None else f"peserta{n}@example.go.id",
        phone="0812-3456-7890",
    )
    return participant


def make_programme(*, modules=2, lessons=2, questions=4, title="Pelatihan Uji", **module_kwargs):
    """A published programme under the home page: modules × lessons, each module with a bank
    of single-choice questions whose first option is the correct one."""
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

    n = next(_sequence)
    area, _ = CompetencyArea.objects.get_or_create(name="Kepemimpinan")
    home = HomePage.objects.first()
    programme = ProgrammePage(title=f"{title} {n}", slug=f"pelatihan-uji-{n}")
    programme.predicate_bands = [
        PredicateBand(name="Sangat Memuaskan", min_score=90),
        PredicateBand(name="Baik", min_score=70),
        PredicateBand(name="Kurang", min_score=0),
    ]
    home.add_child(instance=programme)
    programme.save_revision().publish()
    for m in range(modules):
        module = ModulePage(
            title=f"Modul {m + 1}",
            slug=f"modul-{m + 1}",
            competency=area,
            jp=4,
            shuffle_questions=False,
            shuffle_options=False,
            **module_kwargs,
        )
        programme.add_child(instance=module)
        module.save_revision().publish()
        for les in range(lessons):
            lesson = LessonPage(
                title=f"Materi {m + 1}.{les + 1}",
                slug=f"materi-{les + 1}",
                body=[
                    ("text", "<p>Isi materi.</p>"),
                    ("reflection", {"question": "Apa pelajaran utama bagi kelurahan Anda?"}),
                ],
            )
            module.add_child(instance=lesson)
            lesson.save_revision().publish()
        for q in range(questions):
            question = Question(module=module, text=f"Pertanyaan {q + 1} modul {m + 1}")
            question.save()
            QuestionOption.objects.bulk_create(
                [
                    QuestionOption(question=question, text="Benar", is_correct=True, sort_order=0),
                    QuestionOption(question=question, text="Salah", sort_order=1),
                    QuestionOption(question=question, text="Keliru", sort_order=2),
                ]
            )
    return programme


def modules_of(programme):
    from cms.models import ModulePage

    return list(ModulePage.objects.child_of(programme).live().order_by("path"))


def lessons_of(module):
    from cms.models import LessonPage

    return list(LessonPage.objects.child_of(module).live().order_by("path"))


def answer_all(attempt, *, right):
    """Answers for every question of an attempt: all right, or the first ``right`` right."""
    from cms.models import QuestionOption

    answers = {}
    for index, (question_id, option_ids) in enumerate(attempt.layout):
        correct = QuestionOption.objects.get(question_id=question_id, is_correct=True).pk
        wrong = next(pk for pk in option_ids if pk != correct)
        answers[question_id] = [correct if index < right else wrong]
    return answers


def make_venue(*, name=None, classrooms=(("Kelas A", 60),), lodging=(("Asrama 1", 60),)):
    """A venue with classrooms (name, seats) and lodging rooms (name, beds)."""
    from cohorts.models import Room, Venue

    n = next(_sequence)
    venue = Venue.objects.create(
        name=name or f"Kampus Uji {n}", address=f"Jl. Uji No. {n}, Jakarta"
    )
    Room.objects.bulk_create(
        [
            Room(venue=venue, name=room, kind=Room.Kind.CLASSROOM, capacity=seats)
            for room, seats in classrooms
        ]
        + [
            Room(venue=venue, name=room, kind=Room.Kind.LODGING, beds=beds)
            for room, beds in lodging
        ]
    )
    return venue


def make_session(
    *,
    programme=None,
    venue=None,
    room=None,
    start=None,
    days=2,
    capacity=30,
    title=None,
    overnight=True,
    facilitators=(),
    override_reason="",
):
    """A scheduled session of ``days`` consecutive days (08.00–16.00) through the service."""
    import datetime

    from cohorts.models import Room, TrainingSession
    from cohorts.services.sessions import session_save

    n = next(_sequence)
    programme = programme or make_programme(modules=1, lessons=1, questions=1)
    venue = venue or make_venue()
    room = room or venue.rooms.filter(kind=Room.Kind.CLASSROOM).first()
    start = start or datetime.date(2019, 3, 4)
    session = TrainingSession(
        programme=programme,
        title=title or f"Sesi Uji {n}",
        venue=venue,
        room=room,
        capacity=capacity,
        overnight=overnight,
    )
    day_list = [
        (start + datetime.timedelta(days=i), datetime.time(8), datetime.time(16))
        for i in range(days)
    ]
    return session_save(
        session=session,
        days=day_list,
        facilitators=list(facilitators),
        override_reason=override_reason,
    )


def make_visioning_material(
    *,
    title=None,
    positions=(),
    regions=(),
    deadline=None,
    owner=None,
    leader_unit=None,
    key_messages=("Satu arah pembangunan", "Pelayanan cepat"),
    publish=True,
    paparan=None,
):
    """A visioning material under the visioning index (made by cms' data migration), its
    audience the given positions and regions; published unless ``publish`` is False."""
    import datetime

    from django.utils import timezone

    from cms.visioning import VisioningIndexPage, VisioningMaterialPage

    n = next(_sequence)
    index = VisioningIndexPage.objects.get()
    page = VisioningMaterialPage(
        title=title or f"Visi Uji {n}",
        slug=f"visi-uji-{n}",
        leader_name="Dr. Pimpinan Uji",
        leader_title="Gubernur",
        leader_unit=leader_unit,
        vision="<p>Jakarta maju, kotanya bahagia warganya.</p>",
        mission="<p>Melayani dengan cepat.</p>",
        deadline=deadline or timezone.localdate() + datetime.timedelta(days=14),
        key_messages=[("key_message", {"title": t, "explanation": ""}) for t in key_messages],
        audience_positions=list(positions),
        paparan=paparan,
        owner=owner,
        live=False,
    )
    page.audience_regions = list(regions)
    index.add_child(instance=page)
    revision = page.save_revision(user=owner)
    if publish:
        revision.publish()
        page.refresh_from_db()
    return VisioningMaterialPage.objects.get(pk=page.pk)
