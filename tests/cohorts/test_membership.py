"""Cohorts filled by rules with manual additions and removals; the history is kept."""

import pytest

from cohorts.models import Cohort, CohortMembership, Participant, Region, Theme
from cohorts.selectors import participant_cohort_history
from cohorts.services.cohorts import (
    cohort_apply_rules,
    cohort_member_add,
    cohort_member_remove,
    cohort_override_clear,
    cohort_set_members,
)
from tests.factories import make_participant, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(region_tree):
    kecamatan = region_tree["kecamatan"]
    other_kecamatan = Region.objects.create(
        code="31.71.02", name="Sawah Besar", level=3, kind="kecamatan", parent=region_tree["kota"]
    )
    other_kelurahan = Region.objects.create(
        code="31.71.02.1001", name="Pasar Baru", level=4, kind="kelurahan", parent=other_kecamatan
    )
    banjir = Theme.objects.get(slug="rawan-banjir")
    sampah = Theme.objects.get(slug="sampah")
    people = {
        "camat": make_participant(unit=kecamatan, position=Participant.Position.CAMAT),
        "lurah": make_participant(unit=region_tree["kelurahan"]),
        "lurah_other": make_participant(unit=other_kelurahan),
        "camat_other": make_participant(unit=other_kecamatan, position="camat"),
    }
    Participant.objects.filter(pk__in=[people["camat"].pk, people["lurah"].pk]).update(theme=banjir)
    Participant.objects.filter(pk=people["lurah_other"].pk).update(theme=sampah)
    programme = make_programme(modules=1, lessons=1, questions=1)
    return {
        "people": people,
        "banjir": banjir,
        "sampah": sampah,
        "programme": programme,
        "kecamatan": kecamatan,
        "kota": region_tree["kota"],
    }


def members(cohort):
    return set(cohort.memberships.active().values_list("participant__name", flat=True))


def names(world, *keys):
    return {world["people"][key].name for key in keys}


def test_themes_are_data_and_editable():
    assert list(Theme.objects.values_list("name", flat=True)) == [
        "Rawan Banjir",
        "Kebakaran",
        "Tawuran",
        "PKM",
        "Sampah",
    ]
    Theme.objects.filter(slug="pkm").update(name="PKM (Pemberdayaan)")
    assert Theme.objects.get(slug="pkm").name == "PKM (Pemberdayaan)"


def test_rules_combine_position_region_and_theme(world):
    cohort = Cohort.objects.create(name="Banjir", programme=world["programme"])
    cohort.rule_themes.add(world["banjir"])
    cohort_apply_rules(cohort=cohort)
    assert members(cohort) == names(world, "camat", "lurah")

    cohort.rule_positions = ["lurah"]
    cohort.save()
    assert cohort_apply_rules(cohort=cohort) == {"added": 0, "removed": 1}
    assert members(cohort) == names(world, "lurah")

    cohort.rule_themes.clear()
    cohort.rule_regions.add(world["kota"])  # everything under Jakarta Pusat
    cohort_apply_rules(cohort=cohort)
    assert members(cohort) == names(world, "lurah", "lurah_other")

    cohort.rule_regions.set([world["kecamatan"]])
    cohort.rule_positions = []
    cohort.save()
    cohort_apply_rules(cohort=cohort)
    assert members(cohort) == names(world, "camat", "lurah")


def test_manual_additions_and_removals_survive_the_rules(world):
    cohort = Cohort.objects.create(name="Banjir", programme=world["programme"])
    cohort.rule_themes.add(world["banjir"])
    cohort_apply_rules(cohort=cohort)
    cohort_member_add(cohort=cohort, participant=world["people"]["camat_other"], reason="pindahan")
    cohort_member_remove(cohort=cohort, participant=world["people"]["lurah"], reason="cuti")
    cohort_apply_rules(cohort=cohort)
    assert members(cohort) == names(world, "camat", "camat_other")
    # forgetting the removal lets the rule bring the lurah back, as a new stay
    cohort_override_clear(cohort=cohort, participant=world["people"]["lurah"])
    assert members(cohort) == names(world, "camat", "camat_other", "lurah")
    stays = CohortMembership.objects.filter(cohort=cohort, participant=world["people"]["lurah"])
    assert stays.count() == 2
    closed = stays.get(left_at__isnull=False)
    assert closed.leave_reason == "cuti"


def test_history_of_a_participant_across_cohorts(world):
    lurah = world["people"]["lurah"]
    first = Cohort.objects.create(name="Angkatan I", programme=world["programme"])
    second = Cohort.objects.create(name="Angkatan II", programme=world["programme"])
    cohort_member_add(cohort=first, participant=lurah)
    cohort_member_remove(cohort=first, participant=lurah, reason="pindah angkatan")
    cohort_member_add(cohort=second, participant=lurah)
    history = list(participant_cohort_history(participant=lurah))
    assert [stay.cohort.name for stay in history] == ["Angkatan II", "Angkatan I"]
    assert history[0].left_at is None
    assert history[1].left_at is not None and history[1].leave_reason == "pindah angkatan"


def test_without_rules_only_manual_members_stay(world):
    cohort = Cohort.objects.create(name="Manual", programme=world["programme"])
    cohort_set_members(cohort=cohort, participants=[world["people"]["lurah"]])
    cohort_apply_rules(cohort=cohort)
    assert members(cohort) == names(world, "lurah")


def test_set_members_keeps_stayers_and_records_leavers(world):
    people = world["people"]
    cohort = Cohort.objects.create(name="Manual", programme=world["programme"])
    cohort_set_members(cohort=cohort, participants=[people["lurah"], people["camat"]])
    stay = cohort.memberships.get(participant=people["lurah"])
    result = cohort_set_members(
        cohort=cohort, participants=[people["lurah"], people["lurah_other"]]
    )
    assert result == {"added": 1, "removed": 1}
    assert cohort.memberships.active().get(participant=people["lurah"]).pk == stay.pk
    assert cohort.memberships.get(participant=people["camat"]).left_at is not None
