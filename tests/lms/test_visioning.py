"""Acknowledging visioning materials: the audience, the deadline, one per person and version,
amendments kept, new versions asking again, records on behalf, coaches' ratings, the pages
and the admin screens (with their query counts)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.documents.models import Document

from cohorts.models import Participant, Region
from core.errors import DomainError
from core.roles import Role
from lms.models import VisioningAcknowledgement, VisioningAcknowledgementChange, VisioningRating
from lms.selectors.visioning import material_audience, visioning_list_for_participant
from lms.services.accounts import user_create_for_participant
from lms.services.visioning import (
    acknowledgement_amend,
    acknowledgement_rate,
    acknowledgement_record,
)
from tests.factories import make_participant, make_visioning_material

TODAY = timezone.localdate
LATER = datetime.timedelta(days=7)


def response(material, **more):
    return {
        "application": "Kelurahan kami memulai dengan pelayanan satu pintu.",
        "key_message_ids": [material.key_message_list[0][0]],
        "commitment": "Pelayanan KTP selesai dalam satu hari.",
        "commitment_date": TODAY() + LATER,
        **more,
    }


@pytest.fixture
def lurah(participant):
    """The lurah of Cideng (Jakarta Pusat), signed-in account made."""
    user_create_for_participant(participant=participant)
    participant.refresh_from_db()
    return participant


@pytest.fixture
def outsider(region_tree):
    """A lurah in Jakarta Timur: outside a Jakarta Pusat audience."""
    kota = Region.objects.create(code="31.75", name="Jakarta Timur", level=2, kind="kota")
    kec = Region.objects.create(
        code="31.75.01", name="Matraman", level=3, kind="kecamatan", parent=kota
    )
    kel = Region.objects.create(
        code="31.75.01.1001", name="Pisangan Baru", level=4, kind="kelurahan", parent=kec
    )
    person = make_participant(unit=kel)
    user_create_for_participant(participant=person)
    person.refresh_from_db()
    return person


@pytest.fixture
def material(region_tree):
    """For every camat and lurah of Jakarta Pusat."""
    return make_visioning_material(
        positions=[Participant.Position.CAMAT, Participant.Position.LURAH],
        regions=[region_tree["kota"]],
    )


def staff(django_user_model, role):
    user = django_user_model.objects.create_user(
        username=f"{role.lower()}-v",
        email=f"{role.lower()}-v@example.go.id",
        password="x-Pass-2019!",
    )
    user.groups.add(Group.objects.get(name=role))
    return user


# The audience ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_audience_takes_positions_and_every_unit_under_its_regions(region_tree, lurah, outsider):
    camat = make_participant(unit=region_tree["kecamatan"], position=Participant.Position.CAMAT)
    head = make_participant(unit=region_tree["kota"], position=Participant.Position.HEAD)
    material = make_visioning_material(
        positions=[Participant.Position.CAMAT, Participant.Position.LURAH],
        regions=[region_tree["kota"]],
    )
    assert set(material_audience(material=material)) == {lurah, camat}
    everyone = make_visioning_material()
    assert {lurah, camat, head, outsider} <= set(material_audience(material=everyone))


# Services --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_record_happy_path(material, lurah):
    ack = acknowledgement_record(
        material=material, participant=lurah, by=lurah.user, **response(material)
    )
    assert (ack.version, ack.source, ack.recorded_by) == (1, "self", lurah.user)
    assert ack.acknowledged_at is not None


@pytest.mark.django_db
def test_refused_outside_the_audience(material, outsider):
    with pytest.raises(DomainError):
        acknowledgement_record(
            material=material, participant=outsider, by=outsider.user, **response(material)
        )
    assert not VisioningAcknowledgement.objects.exists()


@pytest.mark.django_db
def test_refused_after_the_deadline(material, lurah):
    type(material).objects.filter(pk=material.pk).update(deadline=TODAY() - LATER)
    material.refresh_from_db()
    with pytest.raises(DomainError, match="deadline"):
        acknowledgement_record(
            material=material, participant=lurah, by=lurah.user, **response(material)
        )


@pytest.mark.django_db
def test_refused_twice_for_one_version(material, lurah):
    acknowledgement_record(material=material, participant=lurah, by=None, **response(material))
    with pytest.raises(DomainError, match="already"):
        acknowledgement_record(material=material, participant=lurah, by=None, **response(material))
    assert VisioningAcknowledgement.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        {"key_message_ids": []},
        {"key_message_ids": ["not-a-message"]},
        {"commitment_date": datetime.date(2019, 3, 4)},
        {"application": "   "},
    ],
)
def test_refused_responses(material, lurah, bad):
    with pytest.raises(DomainError):
        acknowledgement_record(
            material=material, participant=lurah, by=None, **response(material, **bad)
        )


@pytest.mark.django_db
def test_refused_for_a_draft(region_tree, lurah):
    draft = make_visioning_material(publish=False)
    with pytest.raises(DomainError, match="not published"):
        acknowledgement_record(material=draft, participant=lurah, by=None, **response(draft))


@pytest.mark.django_db
def test_amend_keeps_the_earlier_wording_until_the_deadline(material, lurah):
    ack = acknowledgement_record(
        material=material, participant=lurah, by=lurah.user, **response(material)
    )
    second = material.key_message_list[1][0]
    acknowledgement_amend(
        acknowledgement=ack,
        by=lurah.user,
        **response(material, commitment="Dua komitmen baru.", key_message_ids=[second]),
    )
    ack.refresh_from_db()
    assert ack.commitment == "Dua komitmen baru." and ack.key_message_ids == [second]
    change = VisioningAcknowledgementChange.objects.get(acknowledgement=ack)
    assert change.commitment == "Pelayanan KTP selesai dalam satu hari."
    assert change.changed_by == lurah.user
    type(material).objects.filter(pk=material.pk).update(deadline=TODAY() - LATER)
    with pytest.raises(DomainError, match="deadline"):
        acknowledgement_amend(acknowledgement=ack, by=lurah.user, **response(material))
    assert VisioningAcknowledgementChange.objects.count() == 1


@pytest.mark.django_db
def test_a_new_version_asks_everyone_again_and_a_correction_does_not(material, lurah):
    first = acknowledgement_record(
        material=material, participant=lurah, by=None, **response(material)
    )
    # a typo fixed: same version, still acknowledged
    material.title = "Visi Jakarta (perbaikan)"
    material.save_revision().publish()
    material.refresh_from_db()
    assert material.version == 1
    assert visioning_list_for_participant(participant=lurah)[0].acknowledgement == first
    # the key messages change: a new version asks again
    material.ask_again = True
    material.save_revision().publish()
    material.refresh_from_db()
    assert (material.version, material.ask_again) == (2, False)
    row = visioning_list_for_participant(participant=lurah)[0]
    assert row.acknowledgement is None
    with pytest.raises(DomainError, match="earlier version"):
        acknowledgement_amend(acknowledgement=first, by=None, **response(material))
    second = acknowledgement_record(
        material=material, participant=lurah, by=None, **response(material)
    )
    assert second.version == 2
    # the published revision's tick is spent: publishing it again does not ask a third time
    material.get_latest_revision().publish()
    material.refresh_from_db()
    assert material.version == 2


@pytest.mark.django_db
def test_on_behalf_record_with_a_note_even_after_the_deadline(material, lurah, django_user_model):
    organiser = staff(django_user_model, Role.PENYELENGGARA)
    type(material).objects.filter(pk=material.pk).update(deadline=TODAY() - LATER)
    material.refresh_from_db()
    ack = acknowledgement_record(
        material=material,
        participant=lurah,
        by=organiser,
        on_behalf_note="Ditandatangani di atas kertas saat sesi.",
        **response(material),
    )
    assert ack.source == VisioningAcknowledgement.Source.ON_BEHALF
    assert ack.recorded_by == organiser and ack.note.startswith("Ditandatangani")


@pytest.mark.django_db
def test_rating_replaces_the_coach_own_and_refuses_off_scale(material, lurah, django_user_model):
    coach = staff(django_user_model, Role.FASILITATOR)
    ack = acknowledgement_record(
        material=material, participant=lurah, by=None, **response(material)
    )
    acknowledgement_rate(acknowledgement=ack, score=2, comment="Belum konkret.", by=coach)
    acknowledgement_rate(acknowledgement=ack, score=4, comment="Jelas.", by=coach)
    rating = VisioningRating.objects.get()
    assert (rating.score, rating.comment) == (4, "Jelas.")
    with pytest.raises(DomainError):
        acknowledgement_rate(acknowledgement=ack, score=5, comment="", by=coach)


# The site --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_participant_reads_and_acknowledges_through_the_site(client, material, lurah):
    client.force_login(lurah.user)
    page = client.get(material.url)
    assert page.status_code == 200
    assert "Satu arah pembangunan" in page.content.decode()
    url = reverse("lms:visioning_acknowledge", args=[material.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert f'value="{TODAY().isoformat()}"' in form.content.decode()  # the date input's format
    first, second = (block_id for block_id, _t, _x in material.key_message_list)
    data = {
        "application": "Penerapan di Cideng.",
        "key_message_ids": [first, second],
        "commitment": "Rapat warga tiap bulan.",
        "commitment_date": (TODAY() + LATER).isoformat(),
    }
    answer = client.post(url, data)
    assert answer.status_code == 302 and answer.url.endswith("#tanggapan")
    ack = VisioningAcknowledgement.objects.get(participant=lurah)
    assert ack.key_message_ids == [first, second]
    # posting again amends (history kept), never a second acknowledgement
    client.post(url, {**data, "commitment": "Rapat warga tiap dua minggu."})
    assert VisioningAcknowledgement.objects.count() == 1
    assert ack.changes.count() == 1
    assert "Rapat warga tiap dua minggu." in client.get(material.url).content.decode()
    # an invalid response is answered with the form again
    bad = client.post(url, {**data, "key_message_ids": ["nope"]})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_outsiders_are_refused(client, material, outsider, lurah):
    assert client.get(material.url).status_code == 302  # sign in first
    client.force_login(outsider.user)
    assert client.get(material.url).status_code == 404
    url = reverse("lms:visioning_acknowledge", args=[material.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, response(material)).status_code == 404
    assert client.get(reverse("lms:visioning_paparan", args=[material.pk])).status_code == 404
    assert not VisioningAcknowledgement.objects.exists()


@pytest.mark.django_db
def test_staff_read_but_do_not_acknowledge(client, material, django_user_model):
    client.force_login(staff(django_user_model, Role.PIMPINAN))
    assert client.get(material.url).status_code == 200
    assert client.get(reverse("lms:visioning_acknowledge", args=[material.pk])).status_code == 404


@pytest.mark.django_db
def test_own_response_only(client, material, lurah, region_tree):
    """Another participant of the audience sees his own acknowledgement, never another's."""
    acknowledgement_record(
        material=material, participant=lurah, by=None, **response(material, commitment="RAHASIA")
    )
    neighbour = make_participant(unit=region_tree["kelurahan"])
    client.force_login(user_create_for_participant(participant=neighbour))
    assert "RAHASIA" not in client.get(material.url).content.decode()
    ack_url = reverse("lms_visioning_ack:detail", args=[VisioningAcknowledgement.objects.get().pk])
    assert client.get(ack_url).status_code in (302, 403)


@pytest.mark.django_db
def test_paparan_is_framed_by_this_site_only(client, region_tree, lurah):
    document = Document.objects.create(
        title="Paparan Gubernur", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="paparan.pdf")
    )
    material = make_visioning_material(paparan=document)
    client.force_login(lurah.user)
    page = client.get(material.url).content.decode()
    url = reverse("lms:visioning_paparan", args=[material.pk])
    assert f'src="{url}"' in page
    pdf = client.get(url)
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # framed by this site only; Wagtail's own policy for documents stops anything inside it
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert pdf["Content-Security-Policy"] == "default-src 'none'"
    assert "frame-ancestors 'none'" in client.get(material.url)["Content-Security-Policy"]


@pytest.mark.django_db
def test_dashboard_lists_the_material_with_flat_queries(
    client, region_tree, lurah, django_assert_max_num_queries
):
    client.force_login(lurah.user)
    material = make_visioning_material(title="Visi Gubernur")
    client.get(reverse("lms:dashboard"))  # warm caches
    with django_assert_max_num_queries(60) as small:
        page = client.get(reverse("lms:dashboard"))
    assert "Visi Gubernur" in page.content.decode()
    acknowledgement_record(material=material, participant=lurah, by=None, **response(material))
    for n in range(3):
        make_visioning_material(title=f"Visi Wali Kota {n}", regions=[region_tree["kota"]])
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("lms:dashboard"))
    rows = page.context["visioning_materials"]
    assert len(rows) == 4 and rows[-1].acknowledgement is not None


# The admin -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_organiser_records_on_behalf_in_the_admin(client, material, lurah, django_user_model):
    url = reverse("lms_visioning_ack:add")
    client.force_login(staff(django_user_model, Role.FASILITATOR))
    assert client.get(url).status_code in (302, 403)
    organiser = staff(django_user_model, Role.PENYELENGGARA)
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    data = {
        "participant": lurah.pk,
        "material": material.pk,
        "application": "Dicatat dari formulir kertas.",
        "key_message_ids": [material.key_message_list[0][0]],
        "commitment": "Kerja bakti mingguan.",
        "commitment_date": (TODAY() + LATER).isoformat(),
        "note": "Formulir kertas, sesi Angkatan I.",
    }
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    ack = VisioningAcknowledgement.objects.get()
    assert ack.source == "on_behalf" and ack.recorded_by == organiser
    again = client.post(url, data)
    assert again.status_code == 400 and VisioningAcknowledgement.objects.count() == 1
    assert client.post(url, {**data, "note": ""}).status_code == 400


@pytest.mark.django_db
def test_rating_permissions(client, material, lurah, django_user_model):
    ack = acknowledgement_record(
        material=material, participant=lurah, by=None, **response(material)
    )
    url = reverse("lms_visioning_ack:detail", args=[ack.pk])
    rating = {"score": 3, "comment": "Memahami."}
    for role in (Role.PENYELENGGARA, Role.PIMPINAN, Role.PENILAI):
        client.force_login(staff(django_user_model, role))
        answer = client.post(url, rating)
        assert answer.status_code in (302, 403) and not VisioningRating.objects.exists(), role
    client.force_login(lurah.user)
    assert client.post(url, rating).status_code in (302, 403)
    coach = staff(django_user_model, Role.FASILITATOR)
    client.force_login(coach)
    assert client.get(url).status_code == 200
    assert client.post(url, rating).status_code == 302
    assert VisioningRating.objects.get().rated_by == coach


@pytest.mark.django_db
def test_responses_listing_queries_stay_flat(
    client, region_tree, material, django_user_model, django_assert_max_num_queries
):
    client.force_login(staff(django_user_model, Role.PENYELENGGARA))
    url = reverse("lms_visioning_ack:index")
    person = make_participant(unit=region_tree["kelurahan"])
    acknowledgement_record(material=material, participant=person, by=None, **response(material))
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    coach = staff(django_user_model, Role.FASILITATOR)
    for _ in range(5):
        person = make_participant(unit=region_tree["kelurahan"])
        ack = acknowledgement_record(
            material=material, participant=person, by=None, **response(material)
        )
        acknowledgement_rate(acknowledgement=ack, score=3, comment="", by=coach)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200 and "3.0 (1)" in page.content.decode()
    detail = reverse("lms_visioning_ack:detail", args=[ack.pk])
    with django_assert_max_num_queries(40):
        assert client.get(detail).status_code == 200


@pytest.mark.django_db
def test_visioning_index_lists_own_materials_with_flat_queries(
    client, region_tree, lurah, outsider, django_assert_max_num_queries
):
    first = make_visioning_material(title="Visi Pertama", regions=[region_tree["kota"]])
    index = first.get_parent()
    client.force_login(lurah.user)
    client.get(index.url)  # warm caches
    with django_assert_max_num_queries(30) as small:
        assert client.get(index.url).status_code == 200
    acknowledgement_record(material=first, participant=lurah, by=None, **response(first))
    for n in range(3):
        make_visioning_material(title=f"Visi Tambahan {n}")
    make_visioning_material(title="Visi Jakarta Timur", regions=[outsider.unit.parent.parent])
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(index.url)
    html = page.content.decode()
    assert "Visi Tambahan 2" in html and "Visi Pertama" in html
    assert "Visi Jakarta Timur" not in html


# Alignment -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_alignment_by_kota_and_kecamatan_with_flat_queries(
    client, region_tree, material, lurah, django_user_model, django_assert_max_num_queries
):
    organiser = staff(django_user_model, Role.PENYELENGGARA)
    client.force_login(organiser)
    url = reverse("lms_visioning_alignment") + f"?materi={material.pk}"
    acknowledgement_record(material=material, participant=lurah, by=None, **response(material))
    make_participant(unit=region_tree["kelurahan"], name="Lurah Belum")
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        page = client.get(url)
    alignment = page.context["alignment"]
    assert (alignment.acknowledged, alignment.total, alignment.percent) == (1, 2, 50)
    assert [(row.code, row.percent) for row in alignment.by_kota] == [("31.71", 50)]
    assert [row.code for row in alignment.by_kecamatan] == ["31.71.01"]
    assert [p.name for p in alignment.missing] == ["Lurah Belum"]
    assert [r.participant for r in page.context["responses"]] == [lurah]
    for _ in range(6):
        camat = make_participant(unit=region_tree["kecamatan"], position=Participant.Position.CAMAT)
        acknowledgement_record(material=material, participant=camat, by=None, **response(material))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert page.context["alignment"].total == 8
    assert len(page.context["responses"]) == 7
    filtered = client.get(url + "&kec=31.71.01&r=1")
    assert filtered.context["kecamatan"] == "31.71.01"
    assert client.get(url + "&kec=99").context["kecamatan"] == ""


@pytest.mark.django_db
def test_alignment_for_pimpinan_is_limited_to_his_units(
    client, region_tree, material, lurah, outsider, django_user_model
):
    everyone = make_visioning_material(title="Visi Semua")
    # the Pimpinan is the camat of Gambir: he follows his kecamatan only
    camat = make_participant(unit=region_tree["kecamatan"], position=Participant.Position.CAMAT)
    leader = user_create_for_participant(participant=camat)
    leader.groups.add(Group.objects.get(name=Role.PIMPINAN))
    own = make_visioning_material(
        title="Visi Camat Gambir", owner=leader, leader_unit=region_tree["kecamatan"]
    )
    acknowledgement_record(
        material=own, participant=outsider, by=None, **response(own, commitment="LUAR")
    )
    acknowledgement_record(
        material=own, participant=lurah, by=None, **response(own, commitment="DALAM")
    )
    client.force_login(leader)
    page = client.get(reverse("lms_visioning_alignment"))
    assert [m.title for m in page.context["materials"]] == ["Visi Camat Gambir"]
    # responses from his units only: the Jakarta Timur lurah's is not his to read
    assert [a.commitment for a in page.context["responses"]] == ["DALAM"]
    assert "LUAR" not in page.content.decode()
    assert {p.pk for p in page.context["alignment"].missing} <= {lurah.pk, camat.pk}
    # another's material is not his to follow
    page = client.get(reverse("lms_visioning_alignment") + f"?materi={everyone.pk}")
    assert page.context["material"].pk == own.pk
    for role in (Role.FASILITATOR, Role.PENILAI):
        client.force_login(staff(django_user_model, role))
        assert client.get(reverse("lms_visioning_alignment")).status_code in (302, 403)
    client.force_login(lurah.user)
    assert client.get(reverse("lms_visioning_alignment")).status_code in (302, 403)


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
