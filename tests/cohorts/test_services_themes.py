"""``theme_save`` and ``theme_delete``: a theme in use is never deleted."""

import pytest
from django.core.exceptions import ValidationError

from cohorts.models import Cohort, Participant, Theme
from cohorts.services.themes import theme_delete, theme_save
from core.errors import DomainError
from tests.factories import make_participant, make_programme

pytestmark = pytest.mark.django_db


def test_saves_a_new_theme_and_a_rename():
    theme = theme_save(theme=Theme(name="Kemacetan", slug="kemacetan", sort_order=9))
    theme.name = "Kemacetan Lalu Lintas"
    theme_save(theme=theme)
    assert Theme.objects.get(slug="kemacetan").name == "Kemacetan Lalu Lintas"


def test_refuses_a_name_or_slug_already_taken():
    with pytest.raises(ValidationError) as refused:
        theme_save(theme=Theme(name="Rawan Banjir", slug="rawan-banjir"))
    assert {"name", "slug"} <= set(refused.value.message_dict)
    assert Theme.objects.filter(name="Rawan Banjir").count() == 1


def test_deletes_an_unused_theme():
    theme = theme_save(theme=Theme(name="Kemacetan", slug="kemacetan"))
    theme_delete(theme=theme)
    assert not Theme.objects.filter(slug="kemacetan").exists()


def test_refuses_a_theme_participants_use(region_tree):
    banjir = Theme.objects.get(slug="rawan-banjir")
    person = make_participant(unit=region_tree["kelurahan"])
    Participant.objects.filter(pk=person.pk).update(theme=banjir)
    with pytest.raises(DomainError, match="1"):
        theme_delete(theme=banjir)
    person.refresh_from_db()
    assert person.theme == banjir


@pytest.mark.parametrize("use", ["theme", "rule"])
def test_refuses_a_theme_a_cohort_or_its_rules_use(use):
    sampah = Theme.objects.get(slug="sampah")
    cohort = Cohort.objects.create(
        name="Angkatan Sampah",
        programme=make_programme(modules=1, lessons=1, questions=1),
        theme=sampah if use == "theme" else None,
    )
    if use == "rule":
        cohort.rule_themes.add(sampah)
    with pytest.raises(DomainError, match="Angkatan Sampah"):
        theme_delete(theme=sampah)
    assert list(cohort.rule_themes.all()) == ([sampah] if use == "rule" else [])
    assert Theme.objects.filter(pk=sampah.pk).exists()
