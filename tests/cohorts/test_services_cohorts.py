"""``cohort_save``: fields, rules, hand-picked members and the rules applied, in one
transaction."""

import pytest
from django.core.exceptions import ValidationError

from cohorts.models import Cohort, CohortOverride, Participant, Theme
from cohorts.services.cohorts import cohort_save
from tests.factories import make_participant, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(region_tree):
    banjir = Theme.objects.get(slug="rawan-banjir")
    lurah = make_participant(unit=region_tree["kelurahan"])
    camat = make_participant(unit=region_tree["kecamatan"], position="camat")
    other = make_participant(unit=region_tree["kelurahan"])
    Participant.objects.filter(pk__in=[lurah.pk, camat.pk]).update(theme=banjir)
    return banjir, lurah, camat, other


def active(cohort):
    return set(cohort.memberships.active().values_list("participant_id", flat=True))


def test_saves_rules_and_members_and_applies_the_rules(people, django_user_model):
    banjir, lurah, camat, other = people
    organiser = django_user_model.objects.create_user(username="org", email="org@example.go.id")
    cohort = cohort_save(
        cohort=Cohort(
            name="Kelompok Rawan Banjir",
            programme=make_programme(modules=1, lessons=1, questions=1),
            rule_positions=["lurah"],
        ),
        rule_themes=[banjir],
        members=[other],
        by=organiser,
    )
    assert cohort.pk and cohort.rules_applied_at is not None
    assert list(cohort.rule_themes.all()) == [banjir]
    assert active(cohort) == {lurah.pk, other.pk}
    assert CohortOverride.objects.get(cohort=cohort).participant == other

    # a second save with the hand-picked member dropped and the rule widened
    cohort.rule_positions = ["lurah", "camat"]
    cohort_save(cohort=cohort, members=[lurah], by=organiser)
    assert list(cohort.rule_themes.all()) == [banjir]  # None leaves the rules as they are
    assert active(cohort) == {lurah.pk, camat.pk}
    assert cohort.memberships.get(participant=other).removed_by == organiser


def test_refuses_an_unknown_position_and_saves_nothing(people):
    with pytest.raises(ValidationError) as refused:
        cohort_save(
            cohort=Cohort(
                name="Angkatan X",
                programme=make_programme(modules=1, lessons=1, questions=1),
                rule_positions=["gubernur"],
            )
        )
    assert set(refused.value.message_dict) == {"rule_positions"}
    assert not Cohort.objects.exists()


def test_refuses_invalid_fields_and_leaves_the_cohort_as_it_was(people):
    banjir, lurah, _camat, other = people
    cohort = cohort_save(
        cohort=Cohort(
            name="Angkatan I", programme=make_programme(modules=1, lessons=1, questions=1)
        ),
        members=[lurah],
    )
    cohort.name = ""
    with pytest.raises(ValidationError) as refused:
        cohort_save(cohort=cohort, rule_themes=[banjir], members=[other])
    assert "name" in refused.value.message_dict
    cohort = Cohort.objects.get(pk=cohort.pk)
    assert cohort.name == "Angkatan I" and not cohort.rule_themes.exists()
    assert active(cohort) == {lurah.pk}
