"""Load the demo programme "Visioning Camat dan Lurah" (content in ``cms.demo_content``).

Idempotent: every record is looked up first (competency areas by name, pages by slug under their
parent, questions by text within their module) and only what is missing is created, so a second
run changes nothing. Existing pages are never edited, even if the content module has changed since.
"""

import copy
from decimal import Decimal

from django.db import transaction

from cms import demo_content
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

PROGRAMME_FIELDS = [
    "title",
    "slug",
    "intro",
    "body",
    "organiser",
    "start_date",
    "end_date",
    "certificate_place",
    "signer_name",
    "signer_nip",
    "signer_title",
]
MODULE_FIELDS = [
    "title",
    "slug",
    "summary",
    "objectives",
    "jp",
    "pretest_enabled",
    "posttest_enabled",
    "pass_mark",
    "attempt_limit",
    "questions_per_test",
    "shuffle_questions",
    "shuffle_options",
]
LESSON_FIELDS = ["title", "slug", "summary", "duration_minutes"]


def programme_demo_load() -> ProgrammePage:
    """Create whatever is missing of the demo programme and return its page."""
    with transaction.atomic():
        areas = {
            spec["name"]: CompetencyArea.objects.get_or_create(
                name=spec["name"], defaults={"description": spec["description"]}
            )[0]
            for spec in demo_content.COMPETENCY_AREAS
        }
        programme = _programme_ensure(demo_content.PROGRAMME)
        modules = {}
        for spec in demo_content.MODULES:
            module = _module_ensure(programme, spec, areas, modules)
            modules[spec["slug"]] = module
            for lesson_spec in spec["lessons"]:
                _lesson_ensure(module, lesson_spec)
            _questions_ensure(module, spec["questions"])
    return programme


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _programme_ensure(spec):
    home = HomePage.objects.first()
    if home is None:
        raise HomePage.DoesNotExist("The home page is missing: run the migrations first.")
    programme = _child(home, ProgrammePage, spec["slug"])
    if programme is None:
        programme = ProgrammePage(**{field: spec[field] for field in PROGRAMME_FIELDS})
        programme.predicate_bands = _bands(spec)
        _publish(home, programme)
    elif not programme.predicate_bands.exists():
        for band in _bands(spec):
            band.programme = programme
            band.save()
    return programme


def _bands(spec):
    return [
        PredicateBand(name=name, min_score=Decimal(min_score), sort_order=order)
        for order, (name, min_score) in enumerate(spec["predicate_bands"])
    ]


def _module_ensure(programme, spec, areas, modules):
    module = _child(programme, ModulePage, spec["slug"])
    if module is None:
        prerequisite = spec["prerequisite"]
        module = ModulePage(
            **{field: spec[field] for field in MODULE_FIELDS},
            competency=areas[spec["competency"]],
            prerequisite=modules[prerequisite] if prerequisite else None,
        )
        _publish(programme, module)
    return module


def _lesson_ensure(module, spec):
    lesson = _child(module, LessonPage, spec["slug"])
    if lesson is None:
        lesson = LessonPage(**{field: spec[field] for field in LESSON_FIELDS})
        lesson.body = _stream(spec["body"])
        _publish(module, lesson)
    return lesson


def _stream(blocks):
    """The lesson body as a StreamValue with every block bound, so that saving writes the current
    JSON format with an id on every block and every list item (reflection answers are keyed by
    the block id, which the revision and the live page then share)."""
    stream_block = LessonPage._meta.get_field("body").stream_block
    value = stream_block.to_python(copy.deepcopy(blocks))
    list(value)  # binds each block: raw data would be saved as given, list items without ids
    return value


def _questions_ensure(module, specs):
    existing = set(module.questions.values_list("text", flat=True))
    for spec in specs:
        if spec["text"] in existing:
            continue
        question = Question.objects.create(
            module=module,
            kind=spec["kind"],
            text=spec["text"],
            explanation=spec["explanation"],
            active=True,
        )
        QuestionOption.objects.bulk_create(
            QuestionOption(question=question, text=text, is_correct=correct, sort_order=order)
            for order, (text, correct) in enumerate(spec["options"])
        )
