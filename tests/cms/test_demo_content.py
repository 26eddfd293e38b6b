import datetime
from decimal import Decimal

import pytest
from wagtail.models import Page, Revision

from cms.demo import programme_demo_load
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
from cohorts.validators import validate_nip
from tests.conftest import shared_data

MODULE_SLUGS = ["kepemimpinan", "mediasi", "negosiasi", "integritas-dan-nilai"]
TEACHING_BLOCKS = {"text", "callout", "case_scenario", "reflection", "knowledge_check"}


@pytest.fixture(scope="module")
def programme(django_db_setup, django_db_blocker):
    """The demo programme, built once for this module's tests, which only read it."""
    with shared_data(django_db_blocker):
        yield programme_demo_load()


def _modules(programme):
    return list(ModulePage.objects.child_of(programme).live().order_by("path"))


def _lessons(module):
    return list(LessonPage.objects.child_of(module).live().order_by("path"))


def _counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "areas": CompetencyArea.objects.count(),
        "bands": PredicateBand.objects.count(),
        "questions": Question.objects.count(),
        "options": QuestionOption.objects.count(),
    }


@pytest.mark.django_db
def test_load_is_idempotent(programme):
    before = _counts()
    bodies = {lesson.pk: list(lesson.body.raw_data) for lesson in LessonPage.objects.all()}

    again = programme_demo_load()

    assert again.pk == programme.pk
    assert _counts() == before
    assert {lesson.pk: list(lesson.body.raw_data) for lesson in LessonPage.objects.all()} == bodies


@pytest.mark.django_db
def test_programme_and_certificate(programme):
    home = HomePage.objects.first()
    programme.refresh_from_db()
    assert programme.get_parent().specific == home
    assert programme.slug == "visioning-camat-dan-lurah"
    assert programme.title == "Visioning Camat dan Lurah"
    assert programme.live and not programme.has_unpublished_changes
    assert programme.intro and "<h2>" in programme.body
    assert programme.organiser == "BPSDM Provinsi DKI Jakarta"
    assert programme.start_date == datetime.date(2019, 3, 4)
    assert programme.end_date == datetime.date(2019, 3, 29)
    assert programme.certificate_place == "Jakarta"
    assert programme.signer_name
    assert validate_nip(programme.signer_nip) == programme.signer_nip
    assert programme.signer_title == (
        "Kepala Badan Pengembangan Sumber Daya Manusia Provinsi DKI Jakarta"
    )
    bands = list(programme.predicate_bands.order_by("sort_order").values_list("name", "min_score"))
    assert bands == [
        ("Sangat Memuaskan", Decimal("90.01")),
        ("Memuaskan", Decimal("80.01")),
        ("Baik", Decimal("70.01")),
        ("Cukup", Decimal("60.01")),
        ("Kurang", Decimal("0")),
    ]
    assert set(CompetencyArea.objects.values_list("name", flat=True)) == {
        "Kepemimpinan",
        "Mediasi",
        "Negosiasi",
        "Integritas dan Nilai BerAKHLAK",
    }
    assert all(CompetencyArea.objects.values_list("description", flat=True))


@pytest.mark.django_db
def test_four_modules_with_lessons_and_questions(programme):
    modules = _modules(programme)
    assert [module.slug for module in modules] == MODULE_SLUGS
    assert [module.jp for module in modules] == [6, 4, 4, 4]
    for module in modules:
        assert module.summary
        assert 3 <= len(module.objective_list) <= 5
        assert module.pretest_enabled and module.posttest_enabled
        assert (module.pass_mark, module.attempt_limit, module.questions_per_test) == (70, 3, 0)
        assert module.shuffle_questions and module.shuffle_options
        assert not module.has_unpublished_changes
        lessons = _lessons(module)
        assert len(lessons) >= 3
        for lesson in lessons:
            assert lesson.summary and lesson.duration_minutes > 0
            assert not lesson.has_unpublished_changes
        assert module.questions.filter(active=True).count() >= 8

    by_slug = {module.slug: module for module in modules}
    assert by_slug["kepemimpinan"].competency.name == "Kepemimpinan"
    assert by_slug["integritas-dan-nilai"].competency.name == "Integritas dan Nilai BerAKHLAK"
    # one prerequisite in the whole programme: Negosiasi requires Mediasi
    assert by_slug["negosiasi"].prerequisite_id == by_slug["mediasi"].pk
    assert [module.slug for module in modules if module.prerequisite_id] == ["negosiasi"]


@pytest.mark.django_db
def test_pages_pass_validation(programme):
    for page in [programme, *_modules(programme)]:
        page.specific.full_clean()
    for lesson in LessonPage.objects.all():
        lesson.full_clean()  # includes the StreamField: knowledge checks need a correct option


@pytest.mark.django_db
def test_questions_fit_their_kind(programme):
    kinds = set()
    for question in Question.objects.filter(module__in=_modules(programme)):
        kinds.add(question.kind)
        question.full_clean()
        options = list(question.options.all())
        for option in options:
            option.full_clean()
        correct = sum(option.is_correct for option in options)
        assert question.explanation, question.text
        assert len({option.text for option in options}) == len(options), question.text
        if question.kind == Question.Kind.TRUE_FALSE:
            assert sorted(option.text for option in options) == ["Benar", "Salah"]
            assert correct == 1
        elif question.kind == Question.Kind.SINGLE:
            assert len(options) == 4, question.text
            assert correct == 1, question.text
        else:
            assert 4 <= len(options) <= 5, question.text
            assert correct >= 2, question.text
    assert kinds == set(Question.Kind.values)


@pytest.mark.django_db
def test_page_tree_rules(programme):
    home = HomePage.objects.first()
    module = _modules(programme)[0]
    assert ProgrammePage.can_create_at(home)
    assert not LessonPage.can_create_at(home)
    assert not ModulePage.can_create_at(home)
    assert ModulePage.can_create_at(programme)
    assert not LessonPage.can_create_at(programme)
    assert LessonPage.can_create_at(module)
    assert not ModulePage.can_create_at(module)


@pytest.mark.django_db
def test_lessons_use_the_teaching_blocks(programme):
    used = set()
    reflection_ids = []
    for module in _modules(programme):
        module_blocks = set()
        for lesson in _lessons(module):
            body = list(lesson.body)
            assert 4 <= len(body) <= 7, lesson.slug
            assert body[0].block_type == "text"
            assert "<h2>" in body[0].value.source
            module_blocks.update(block.block_type for block in body)
            for block in body:
                assert block.id, lesson.slug
                if block.block_type == "reflection":
                    reflection_ids.append(block.id)
                elif block.block_type == "case_scenario":
                    assert 2 <= len(block.value["prompts"]) <= 4
                elif block.block_type == "knowledge_check":
                    options = block.value["options"]
                    assert 2 <= len(options) <= 4
                    assert any(option["correct"] for option in options)
                    assert block.value["explanation"]
            # the live page and its latest revision share the block ids
            latest = lesson.get_latest_revision_as_object()
            assert [block.id for block in latest.body] == [block.id for block in body]
        assert {"case_scenario", "reflection", "knowledge_check"} <= module_blocks, module.slug
        used |= module_blocks
    assert used == TEACHING_BLOCKS
    assert len(set(reflection_ids)) == len(reflection_ids)


@pytest.mark.django_db
def test_no_placeholder_text(programme):
    texts = [programme.body, programme.intro]
    for lesson in LessonPage.objects.all():
        texts.append(str(list(lesson.body.raw_data)))
    texts += list(Question.objects.values_list("text", flat=True))
    for text in texts:
        lowered = text.lower()
        assert "lorem" not in lowered
        assert "todo" not in lowered
        assert "xxx" not in lowered
