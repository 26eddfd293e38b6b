"""Conflicts of interest: the pure function on hand-made units and declarations (each derived
relation, the mentor's exemption, dates in force at both ends), declaring, pinning and removing
(who may, a pinned one stays), assignment refused with the explanation, the review page's
candidates showing why one is blocked (with a fixed number of queries), and the organisers'
conflict screens."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from casestudies.conflicts import Author, Declared, Unit, blocking_conflicts, derived_relation
from casestudies.models import ConflictOfInterest, ReviewAssignment
from casestudies.services.reviews import (
    conflict_declare,
    conflict_pin,
    conflict_remove,
    review_assign,
)
from cohorts.models import Region
from core.errors import DomainError
from core.roles import Role
from tests.casestudies.factories import make_author, make_submitted
from tests.factories import make_participant

Kind = ConflictOfInterest.Kind
DAY = datetime.date(2026, 12, 2)

KOTA = Unit("31.71", 2, "Jakarta Pusat")
GAMBIR = Unit("31.71.01", 3, "Gambir")
CIDENG = Unit("31.71.01.1002", 4, "Cideng")
PETOJO = Unit("31.71.01.1003", 4, "Petojo Utara")
SAWAH_BESAR = Unit("31.71.02", 3, "Sawah Besar")
KARANG_ANYAR = Unit("31.71.02.1001", 4, "Karang Anyar")
MENTENG_TIMUR = Unit("31.74.01.1001", 4, "Menteng (Jakarta Selatan)")
PROVINCE = Unit("31", 1, "DKI Jakarta")


@pytest.mark.parametrize(
    ("reviewer", "author", "expected"),
    [
        (GAMBIR, CIDENG, Kind.CHAIN_OF_COMMAND),  # the camat above the lurah
        (CIDENG, GAMBIR, Kind.CHAIN_OF_COMMAND),  # the lurah below the camat
        (KOTA, KARANG_ANYAR, Kind.CHAIN_OF_COMMAND),  # the wali kota above a lurah
        (CIDENG, PETOJO, Kind.SAME_KECAMATAN),  # two kelurahan of Gambir
        (CIDENG, CIDENG, Kind.SAME_KECAMATAN),  # the same kelurahan
        (GAMBIR, GAMBIR, Kind.SAME_KECAMATAN),
        (CIDENG, KARANG_ANYAR, Kind.SAME_KOTA),  # Gambir and Sawah Besar
        (GAMBIR, SAWAH_BESAR, Kind.SAME_KOTA),
        (CIDENG, MENTENG_TIMUR, None),  # another kota
        (PROVINCE, CIDENG, None),  # a province reaches everyone: no relation
        (None, CIDENG, None),  # a reviewer without a participant profile
        (CIDENG, None, None),
    ],
)
def test_relations_derived_from_units(reviewer, author, expected):
    assert derived_relation(reviewer, author) == expected


def _author(unit=CIDENG, pk=7, name="Budi"):
    return Author(pk, name, unit)


def test_the_mentor_is_exempt_from_the_chain_of_command_only():
    camat = {"reviewer_unit": GAMBIR, "authors": [_author()], "declared": [], "on": DAY}
    blocked = blocking_conflicts(role="penguji", **camat)
    assert [c.kind for c in blocked] == [Kind.CHAIN_OF_COMMAND]
    assert blocked[0].derived and "Gambir" in blocked[0].explanation
    assert "Cideng" in blocked[0].explanation and "Budi" in blocked[0].explanation
    assert blocking_conflicts(role="coach", **camat)
    assert blocking_conflicts(role="mentor", **camat) == []
    # a declared chain of command does not block him either; declared kinship does
    declared = [Declared(7, Kind.CHAIN_OF_COMMAND), Declared(7, Kind.KINSHIP, reason="Ipar")]
    mentor = blocking_conflicts(
        role="mentor", reviewer_unit=None, authors=[_author()], declared=declared, on=DAY
    )
    assert [c.kind for c in mentor] == [Kind.KINSHIP]
    # a mentor who is a peer in the same kecamatan is not the superior: blocked
    peer = blocking_conflicts(
        role="mentor", reviewer_unit=PETOJO, authors=[_author()], declared=[], on=DAY
    )
    assert [c.kind for c in peer] == [Kind.SAME_KECAMATAN]


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "blocks"),
    [
        (None, None, True),
        (DAY, None, True),  # from today, inclusive
        (None, DAY, True),  # until today, inclusive
        (DAY + datetime.timedelta(days=1), None, False),  # not yet
        (None, DAY - datetime.timedelta(days=1), False),  # over
        (datetime.date(2020, 1, 1), datetime.date(2030, 1, 1), True),
    ],
)
def test_declared_conflicts_block_while_in_force(valid_from, valid_to, blocks):
    declared = [Declared(7, Kind.FORMER_COACH, valid_from, valid_to)]
    found = blocking_conflicts(
        role="penguji", reviewer_unit=None, authors=[_author()], declared=declared, on=DAY
    )
    assert bool(found) is blocks


def test_explanations_say_who_what_when_and_why():
    declared = [
        Declared(
            7,
            Kind.KINSHIP,
            datetime.date(2020, 1, 1),
            None,
            reason="Kakak ipar",
            declared_by="Siti",
            pinned=True,
        ),
        Declared(8, Kind.KINSHIP),  # with someone who is not an author: ignored
    ]
    (conflict,) = blocking_conflicts(
        role="penguji", reviewer_unit=None, authors=[_author()], declared=declared, on=DAY
    )
    text = conflict.explanation
    for part in ("Declared kinship", "Budi", "2020", "Siti", "pinned", "Kakak ipar"):
        assert part in text
    assert not conflict.derived
    # a group: each author is checked, the conflict names the one concerned
    group = [_author(MENTENG_TIMUR, 1, "Ani"), _author(PETOJO, 2, "Dedi")]
    (found,) = blocking_conflicts(
        role="coach", reviewer_unit=CIDENG, authors=group, declared=[], on=DAY
    )
    assert found.participant_id == 2 and "Dedi" in found.explanation


# Services and screens -------------------------------------------------------------------------


def make_staff(role, name):
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.go.id", password="x", first_name=name
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def people(region_tree):
    participant, user = make_author(region_tree["kelurahan"], name="Budi Santoso")
    participant.refresh_from_db()
    return {
        "participant": participant,
        "author": user,
        "organiser": make_staff(Role.PENYELENGGARA, "org"),
        "coach": make_staff(Role.FASILITATOR, "coach"),
        "penguji": make_staff(Role.FASILITATOR, "penguji"),
    }


@pytest.mark.django_db
def test_who_declares_pins_and_removes(people):
    reviewer, participant = people["penguji"], people["participant"]
    by_reviewer = conflict_declare(
        reviewer=reviewer, participant=participant, kind=Kind.KINSHIP, by=reviewer
    )
    by_author = conflict_declare(
        reviewer=people["coach"],
        participant=participant,
        kind=Kind.FORMER_COACH,
        reason="Coach saya di angkatan 2018",
        by=people["author"],
    )
    assert by_reviewer.declared_by == reviewer and by_author.declared_by == people["author"]
    with pytest.raises(DomainError, match="reviewer, the author or an organiser"):
        conflict_declare(
            reviewer=reviewer, participant=participant, kind=Kind.OTHER, by=people["coach"]
        )
    with pytest.raises(DomainError, match="before its start"):
        conflict_declare(
            reviewer=reviewer,
            participant=participant,
            kind=Kind.OTHER,
            valid_from=DAY,
            valid_to=DAY - datetime.timedelta(days=1),
            by=reviewer,
        )
    with pytest.raises(DomainError, match="kind of relation"):
        conflict_declare(reviewer=reviewer, participant=participant, kind="musuh", by=reviewer)
    # removing: not by another facilitator; by the declarer or an organiser while unpinned
    with pytest.raises(DomainError, match="Only whoever declared"):
        conflict_remove(conflict=by_author, by=people["coach"])
    with pytest.raises(DomainError, match="Only an organiser pins"):
        conflict_pin(conflict=by_reviewer, by=reviewer)
    conflict_pin(conflict=by_reviewer, by=people["organiser"])
    by_reviewer.refresh_from_db()
    assert by_reviewer.pinned and by_reviewer.pinned_by == people["organiser"]
    for who in (reviewer, people["organiser"], people["author"]):
        with pytest.raises(DomainError, match="pinned"):
            conflict_remove(conflict=by_reviewer, by=who)
    assert ConflictOfInterest.objects.filter(pk=by_reviewer.pk).exists()
    conflict_remove(conflict=by_author, by=people["author"])
    assert not ConflictOfInterest.objects.filter(pk=by_author.pk).exists()


@pytest.mark.django_db
def test_a_reviewer_with_a_conflict_is_refused_with_the_reason(people):
    case_study = make_submitted(people["participant"], people["author"])
    conflict_declare(
        reviewer=people["penguji"],
        participant=people["participant"],
        kind=Kind.KINSHIP,
        reason="Sepupu",
        by=people["organiser"],
    )
    with pytest.raises(DomainError, match=r"conflict of interest.*Declared kinship.*Sepupu"):
        review_assign(case_study=case_study, reviewer=people["penguji"], role="penguji", by=None)
    # an ended relation no longer blocks
    ConflictOfInterest.objects.update(valid_to=datetime.date(2000, 1, 1))
    review_assign(case_study=case_study, reviewer=people["penguji"], role="penguji", by=None)


@pytest.mark.django_db
def test_derived_conflicts_from_the_reviewers_own_unit(people, region_tree):
    """The camat of Gambir, also a facilitator, reviews a lurah of Gambir: as mentor (his
    superior by design) yes, as penguji no; a lurah of the same kecamatan not even as mentor."""
    case_study = make_submitted(people["participant"], people["author"])
    _camat, camat_user = make_author(
        region_tree["kecamatan"], position="camat", name="Camat Gambir"
    )
    camat_user.groups.add(Group.objects.get(name=Role.FASILITATOR))
    with pytest.raises(DomainError, match="Chain of command"):
        review_assign(case_study=case_study, reviewer=camat_user, role="penguji", by=None)
    review_assign(case_study=case_study, reviewer=camat_user, role="mentor", by=None)
    petojo, _ = Region.objects.get_or_create(
        code="31.71.01.1003",
        defaults={"name": "Petojo Utara", "level": 4, "kind": "kelurahan"},
    )
    _peer, peer_user = make_author(petojo, name="Lurah Petojo")
    peer_user.groups.add(Group.objects.get(name=Role.FASILITATOR))
    with pytest.raises(DomainError, match="Same kecamatan"):
        review_assign(case_study=case_study, reviewer=peer_user, role="mentor", by=None)


@pytest.mark.django_db
def test_the_review_page_explains_blocked_candidates(
    client, people, region_tree, django_assert_max_num_queries
):
    case_study = make_submitted(people["participant"], people["author"])
    conflict_declare(
        reviewer=people["penguji"],
        participant=people["participant"],
        kind=Kind.FORMER_COACH,
        reason="Coach angkatan 2018",
        by=people["organiser"],
    )
    client.force_login(people["organiser"])
    url = reverse("casestudies_casestudy:review", args=[case_study.pk])
    client.get(url)
    with django_assert_max_num_queries(80) as few:
        page = client.get(url).content.decode()
    assert "Blocked" in page and "Coach angkatan 2018" in page and "Free" in page
    # more facilitators, more conflicts, a group of authors: the same number of queries
    for n in range(4):
        other = make_staff(Role.FASILITATOR, f"fasil{n}")
        conflict_declare(
            reviewer=other,
            participant=people["participant"],
            kind=Kind.KINSHIP,
            reason=f"Kerabat {n}",
            by=people["organiser"],
        )
        make_participant(unit=region_tree["kelurahan"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Kerabat 3" in page


@pytest.mark.django_db
def test_organisers_manage_conflicts_in_the_admin(client, people):
    client.force_login(people["organiser"])
    index = reverse("casestudies_conflict:index")
    response = client.post(
        reverse("casestudies_conflict:add"),
        {
            "reviewer": people["coach"].pk,
            "participant": people["participant"].pk,
            "kind": Kind.KINSHIP,
            "valid_from": "",
            "valid_to": "",
            "reason": "Adik kandung",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    conflict = ConflictOfInterest.objects.get()
    assert conflict.declared_by == people["organiser"]
    assert people["participant"].name in client.get(index).content.decode()
    pin = reverse("casestudies_conflict:pin", args=[conflict.pk])
    assert client.get(pin).status_code == 200
    assert client.post(pin).status_code == 302
    conflict.refresh_from_db()
    assert conflict.pinned
    # a pinned conflict is not removed, even by the organiser who declared it
    delete = reverse("casestudies_conflict:delete", args=[conflict.pk])
    client.post(delete)
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()
    # facilitators do not open these screens
    client.force_login(people["coach"])
    refused = client.get(index)
    assert refused.status_code in (302, 403)
    assert ReviewAssignment.objects.count() == 0


@pytest.mark.django_db
def test_the_conflict_list_has_a_fixed_number_of_queries(
    client, people, region_tree, django_assert_max_num_queries
):
    conflict_declare(
        reviewer=people["coach"],
        participant=people["participant"],
        kind=Kind.KINSHIP,
        by=people["organiser"],
    )
    client.force_login(people["organiser"])
    index = reverse("casestudies_conflict:index")
    client.get(index)
    with django_assert_max_num_queries(60) as few:
        assert client.get(index).status_code == 200
    for n in range(5):
        reviewer = make_staff(Role.FASILITATOR, f"lain{n}")
        conflict = conflict_declare(
            reviewer=reviewer,
            participant=make_participant(unit=region_tree["kelurahan"], name=f"Orang {n}"),
            kind=Kind.OTHER,
            by=people["organiser"],
        )
        if n % 2:
            conflict_pin(conflict=conflict, by=people["organiser"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(index).content.decode()
    assert page.count("Orang ") == 5


@pytest.mark.django_db
def test_a_reviewer_declares_and_removes_his_own_conflicts(client, people):
    client.force_login(people["penguji"])
    url = reverse("casestudies_review:conflicts")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"participant": people["participant"].pk, "kind": Kind.KINSHIP, "reason": "Ipar"},
    )
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.reviewer, conflict.declared_by) == (people["penguji"], people["penguji"])
    assert "Ipar" in client.get(url).content.decode()
    # pinned by the organiser: his remove button goes, and a forged request is refused
    conflict_pin(conflict=conflict, by=people["organiser"])
    assert "Remove" not in client.get(url).content.decode()
    client.post(url, {"action": "remove", "conflict": conflict.pk})
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()


@pytest.mark.django_db
def test_an_author_declares_a_conflict_with_a_facilitator(client, people):
    client.force_login(people["author"])
    url = reverse("casestudies:conflicts")
    page = client.get(url).content.decode()
    options = page.split("Declare a conflict")[1].split("</select>")[0]
    assert ">coach<" in options and ">org<" not in options  # facilitators only
    response = client.post(
        url, {"reviewer": people["coach"].pk, "kind": Kind.FORMER_COACH, "reason": "2018"}
    )
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert conflict.participant == people["participant"]
    assert conflict.declared_by == people["author"]
    # he removes it while unpinned; another participant cannot touch it
    _other, other_user = make_author(people["participant"].unit, name="Orang Lain")
    client.force_login(other_user)
    assert client.post(url, {"action": "remove", "conflict": conflict.pk}).status_code == 404
    client.force_login(people["author"])
    assert client.post(url, {"action": "remove", "conflict": conflict.pk}).status_code == 302
    assert not ConflictOfInterest.objects.exists()
    # the coach is then assignable again; a declared conflict blocks him
    conflict_declare(
        reviewer=people["coach"],
        participant=people["participant"],
        kind=Kind.FORMER_COACH,
        by=people["author"],
    )
    case_study = make_submitted(people["participant"], people["author"])
    with pytest.raises(DomainError, match="Former coach"):
        review_assign(case_study=case_study, reviewer=people["coach"], role="coach", by=None)


@pytest.mark.django_db
def test_a_conflict_declared_after_the_assignment_is_shown_beside_it(client, people):
    case_study = make_submitted(people["participant"], people["author"])
    review_assign(case_study=case_study, reviewer=people["coach"], role="coach", by=None)
    conflict_declare(
        reviewer=people["coach"],
        participant=people["participant"],
        kind=Kind.KINSHIP,
        reason="Baru diketahui",
        by=people["author"],
    )
    client.force_login(people["organiser"])
    page = client.get(reverse("casestudies_casestudy:review", args=[case_study.pk]))
    assert "Already reviews it." in page.content.decode()
    assert "Baru diketahui" in page.content.decode()


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
