"""``participant_save``: the admin form's writer cleans as the roster import does."""

import pytest
from django.core.exceptions import ValidationError

from cohorts.models import Participant, Theme
from cohorts.services.participants import participant_save
from tests.factories import make_participant

pytestmark = pytest.mark.django_db


def fields(region_tree, **overrides):
    return {
        "nip": "19800101 200501 1 123",
        "name": "  Drs. H.  Ahmad Fauzi ",
        "position": "camat",
        "unit": region_tree["kecamatan"],
        "grade": "IV/a",
        "email": " Ahmad.Fauzi@Example.go.id ",
        "phone": "0812 3456 7890",
        **overrides,
    }


def test_creates_a_participant_cleaned_like_the_roster(region_tree):
    banjir = Theme.objects.get(slug="rawan-banjir")
    new = Participant()
    saved = participant_save(participant=new, **fields(region_tree), theme=banjir)
    assert saved is new and saved.pk
    stored = Participant.objects.get(pk=saved.pk)
    assert (stored.nip, stored.name, stored.email, stored.phone) == (
        "198001012005011123",
        "Drs. H. Ahmad Fauzi",
        "ahmad.fauzi@example.go.id",
        "+6281234567890",
    )
    assert stored.theme == banjir


def test_updates_the_given_row_even_when_its_nip_is_corrected(region_tree):
    person = make_participant(unit=region_tree["kelurahan"], nip="198001012005011001")
    participant_save(
        participant=person, **fields(region_tree, nip="1980.0101.2005.01.1.002", email="")
    )
    person.refresh_from_db()
    assert person.nip == "198001012005011002"
    assert person.email == "" and person.theme is None
    assert Participant.objects.count() == 1


def test_refuses_every_bad_field_at_once_keyed_by_field(region_tree):
    with pytest.raises(ValidationError) as refused:
        participant_save(
            participant=Participant(),
            **fields(region_tree, nip="198002302005011124", name=" ", email="x@", unit=None),
        )
    assert set(refused.value.message_dict) == {"nip", "name", "email", "unit"}
    assert not Participant.objects.exists()


def test_refuses_a_nip_or_email_another_participant_has(region_tree):
    other = make_participant(
        unit=region_tree["kelurahan"], nip="198001012005011123", email="ahmad@example.go.id"
    )
    with pytest.raises(ValidationError) as refused:
        participant_save(participant=Participant(), **fields(region_tree))
    assert set(refused.value.message_dict) == {"nip"}
    person = make_participant(unit=region_tree["kelurahan"])
    email = person.email
    with pytest.raises(ValidationError) as refused:
        participant_save(
            participant=person,
            **fields(region_tree, nip=person.nip, email="AHMAD@example.go.id"),
        )
    assert set(refused.value.message_dict) == {"email"}
    person.refresh_from_db()
    assert person.email == email
    # his own email and NIP are no clash with himself
    participant_save(participant=other, **fields(region_tree, email=other.email))
