import datetime as dt
import random
from collections import Counter

import pytest
from django.utils import translation

from cohorts.scheduling import proposals
from cohorts.scheduling.algorithm import (
    MAX_DETAILS,
    SPREAD,
    TOGETHER,
    Person,
    Session,
    evaluate,
    explanation_text,
    overfull,
    propose,
)
from cohorts.scheduling.proposals import (
    proposal_adjust,
    proposal_compute,
    proposal_confirm,
    proposal_create,
    proposal_discard,
    proposal_queue_confirm,
)
from cohorts.services.bookings import booking_create
from cohorts.services.cohorts import cohort_set_members
from cohorts.services.sessions import session_cancel

UTC = dt.UTC
MONDAY = dt.datetime(2019, 3, 4, 1, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english_messages():
    """The assertions read the English messages; test_i18n checks the catalogue."""
    with translation.override("en"):
        yield


def session(sid, *, day=None, capacity=50, pools=(), hours=32):
    """A session starting ``day`` days after Monday 4 March 2019 (default: its id × 7)."""
    starts = MONDAY + dt.timedelta(days=sid * 7 if day is None else day)
    return Session(sid, starts, starts + dt.timedelta(hours=hours), capacity, pools, f"Sesi {sid}")


def kecamatan(code, size, *, first_id, theme=1, eligible=frozenset()):
    """A camat and size - 1 lurahs of one kecamatan."""
    return [
        Person(first_id + n, "camat" if n == 0 else "lurah", code, theme, eligible)
        for n in range(size)
    ]


def dki_like(sessions, *, seed=2019):
    """6 heads, 44 camat and 267 lurahs over 44 kecamatans, themes mostly by kecamatan."""
    rng = random.Random(seed)
    everyone = frozenset(s.id for s in sessions)
    people = [Person(n, "head", None, 1 + n % 5, everyone) for n in range(1, 7)]
    sizes = [6] * 44
    for k in range(267 - 6 * 44):
        sizes[k * 13 % 44] += 1
    for k in range(44):
        theme = 1 + k % 5
        people.append(Person(len(people) + 1, "camat", f"K{k:02d}", theme, everyone))
        for _n in range(sizes[k]):
            own = theme if rng.random() < 0.8 else rng.randint(1, 5)
            people.append(Person(len(people) + 1, "lurah", f"K{k:02d}", own, everyone))
    return people


def six_sessions(capacity=55):
    return [session(n, capacity=capacity) for n in range(1, 7)]


def placed_in(plan, people):
    where = {}
    for p in people:
        where.setdefault(plan.assignment[p.id], []).append(p)
    return where


def assert_valid(plan, people, sessions, beds=None):
    """Everyone once, in a session he may attend; seats and beds never exceeded."""
    assert sorted(plan.assignment) == sorted(p.id for p in people)
    by_id = {p.id: p for p in people}
    for pid, sid in plan.assignment.items():
        assert sid is None or sid in by_id[pid].eligible
    count = Counter(sid for sid in plan.assignment.values() if sid is not None)
    for s in sessions:
        assert count[s.id] <= s.capacity
    for key, free in (beds or {}).items():
        assert sum(count[s.id] for s in sessions if key in s.pools) <= free
    assert plan.stats["placed"] == sum(count.values())


def texts(plan):
    return [explanation_text(item) for item in plan.explanations]


# Placing everyone once within seats and beds ----------------------------------------------------


@pytest.mark.parametrize("mode", [TOGETHER, SPREAD])
def test_everyone_once_within_seats_when_seats_are_short(mode):
    sessions = six_sessions(capacity=40)  # 240 seats for 317
    people = dki_like(sessions)
    plan = propose(people, sessions, mode=mode)
    assert_valid(plan, people, sessions)
    assert plan.stats["placed"] == 240
    assert plan.stats["unplaced"] == 77
    assert all(v["count"] == 40 for v in plan.stats["sessions"].values())
    message = texts(plan)[0]
    assert "317 participants for 240 free seats" in message
    assert "77 could not be placed; 77 more seats would be needed" in message


@pytest.mark.parametrize("mode", [TOGETHER, SPREAD])
def test_beds_shared_by_sessions_on_the_same_nights_are_respected(mode):
    pool = ("Wisma", "2019-03-04")
    sessions = [
        session(1, day=0, capacity=30, pools=(pool,)),
        session(2, day=0, capacity=30, pools=(pool,)),
        session(3, day=7, capacity=30),
    ]
    everyone = frozenset({1, 2, 3})
    people = [Person(n, "other", None, 1, everyone) for n in range(1, 91)]
    beds = {pool: 40}
    plan = propose(people, sessions, mode=mode, beds=beds)
    assert_valid(plan, people, sessions, beds)
    count = Counter(plan.assignment.values())
    assert count[1] + count[2] == 40
    assert count[3] == 30
    assert count[None] == 20
    assert any("venue's beds for its nights are taken" in text for text in texts(plan))


def test_fewer_beds_than_seats_is_explained():
    sessions = [session(1, capacity=50, pools=(("Wisma", "2019-03-11"),))]
    people = [Person(n, "other", None, 1, frozenset({1})) for n in range(1, 50)]
    plan = propose(people, sessions, mode=TOGETHER, beds={("Wisma", "2019-03-11"): 30})
    assert Counter(plan.assignment.values())[1] == 30
    assert (
        "“Sesi 1” has 50 free seats but its venue has only 30 free beds for its nights"
        in " ".join(texts(plan))
    )


def test_a_session_without_free_seats_gets_nobody():
    sessions = [session(1, capacity=0), session(2, capacity=5)]
    people = [Person(n, "other", None, 1, frozenset({1, 2})) for n in range(1, 8)]
    plan = propose(people, sessions, mode=SPREAD)
    assert Counter(plan.assignment.values()) == {2: 5, None: 2}


# Eligibility ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [TOGETHER, SPREAD])
def test_participants_only_go_to_sessions_inviting_them(mode):
    sessions = [session(n, capacity=20) for n in range(1, 5)]
    people = [
        *[Person(n, "other", None, 1, frozenset({1, 2})) for n in range(1, 21)],
        *[Person(n, "other", None, 2, frozenset({3})) for n in range(21, 31)],
        *[Person(n, "other", None, 2, frozenset()) for n in range(31, 34)],
    ]
    plan = propose(people, sessions, mode=mode)
    assert_valid(plan, people, sessions)
    count = Counter(plan.assignment.values())
    assert count[1] + count[2] == 20
    assert count[3] == 10
    assert count[4] == 0
    assert count[None] == 3
    words = " ".join(texts(plan))
    assert "3 participants are not invited to any of the chosen sessions" in words
    assert "Nobody to schedule may attend “Sesi 4”" in words


def test_shortage_per_invitation_is_explained():
    sessions = [session(1, capacity=5), session(2, capacity=50)]
    people = [
        *[Person(n, "other", None, 1, frozenset({1})) for n in range(1, 9)],
        *[Person(n, "other", None, 1, frozenset({2})) for n in range(9, 20)],
    ]
    plan = propose(people, sessions, mode=SPREAD)
    assert plan.stats["unplaced"] == 3
    assert (
        "3 of the 8 participants invited to Sesi 1 could not be placed: those sessions have 5 "
        "free seats" in " ".join(texts(plan))
    )


# Together -------------------------------------------------------------------------------------


def test_together_keeps_every_kecamatan_in_one_session():
    sessions = six_sessions()
    people = dki_like(sessions)
    plan = propose(people, sessions, mode=TOGETHER)
    assert_valid(plan, people, sessions)
    by_kecamatan = {}
    for p in people:
        if p.kecamatan:
            by_kecamatan.setdefault(p.kecamatan, set()).add(plan.assignment[p.id])
    whole = [code for code, where in by_kecamatan.items() if len(where) == 1]
    # 6 × 55 seats hold at most 7 kecamatans of 7+ leaders each: 42 of the 44 stay whole
    assert len(whole) == 42
    assert plan.stats["kecamatans"] == {
        "total": 44,
        "together": 42,
        "split": 2,
        "same_dates": 42,
    }
    splits = [item for item in plan.explanations if item["kind"] == "together_split"]
    assert {item["kecamatan"] for item in splits} == set(by_kecamatan) - set(whole)
    assert all(item["reason"] == "seats" and not item["unplaced"] for item in splits)


def test_together_with_room_keeps_all_whole():
    sessions = [session(n, capacity=20) for n in range(1, 4)]
    everyone = frozenset({1, 2, 3})
    people = [
        *kecamatan("A", 8, first_id=1, eligible=everyone),
        *kecamatan("B", 8, first_id=20, eligible=everyone),
        *kecamatan("C", 8, first_id=40, eligible=everyone),
        *kecamatan("D", 6, first_id=60, eligible=everyone),
    ]
    plan = propose(people, sessions, mode=TOGETHER)
    assert_valid(plan, people, sessions)
    for code in "ABCD":
        assert len({plan.assignment[p.id] for p in people if p.kecamatan == code}) == 1
    assert not [item for item in plan.explanations if item["kind"] == "together_split"]
    assert texts(plan) == ["Every participant (30) has a session."]


def test_together_explains_a_split_for_lack_of_seats():
    sessions = [session(1, capacity=4), session(2, capacity=4)]
    people = kecamatan("31.71.01", 7, first_id=1, eligible=frozenset({1, 2}))
    plan = propose(people, sessions, mode=TOGETHER, kecamatan_names={"31.71.01": "Gambir"})
    assert_valid(plan, people, sessions)
    assert Counter(plan.assignment.values()) == {1: 4, 2: 3}
    camat = people[0]
    assert plan.assignment[camat.id] == 1  # the camat stays with the largest piece
    assert (
        "Kecamatan Gambir (7 leaders) could not be kept together: no session they may all "
        "attend had 7 free seats (at most 4). Split over: Sesi 1 (4), Sesi 2 (3)."
    ) in texts(plan)


def test_together_explains_a_split_by_invitations():
    sessions = [session(1, capacity=10), session(2, capacity=10)]
    people = [
        Person(1, "camat", "31.71.01", 1, frozenset({1})),
        Person(2, "lurah", "31.71.01", 1, frozenset({2})),
        Person(3, "lurah", "31.71.01", 1, frozenset({2})),
    ]
    plan = propose(people, sessions, mode=TOGETHER, kecamatan_names={"31.71.01": "Gambir"})
    assert plan.assignment == {1: 1, 2: 2, 3: 2}
    assert (
        "Kecamatan Gambir (3 leaders) could not be kept together: its camat and lurahs are not "
        "all invited to one same session. Split over: Sesi 1 (1), Sesi 2 (2)."
    ) in texts(plan)


def test_together_leaves_whole_kecamatans_out_rather_than_splitting_many():
    sessions = [session(1, capacity=10)]
    everyone = frozenset({1})
    people = [
        *kecamatan("A", 5, first_id=1, eligible=everyone),
        *kecamatan("B", 5, first_id=10, eligible=everyone),
        *kecamatan("C", 5, first_id=20, eligible=everyone),
    ]
    plan = propose(people, sessions, mode=TOGETHER)
    where = {code: {plan.assignment[p.id] for p in people if p.kecamatan == code} for code in "ABC"}
    assert sorted(map(sorted, where.values()), key=str) == [[1], [1], [None]]
    assert "5 not placed." in " ".join(texts(plan))


# Spread ---------------------------------------------------------------------------------------


def test_spread_puts_a_kecamatans_leaders_on_different_dates():
    sessions = six_sessions()
    people = dki_like(sessions)
    plan = propose(people, sessions, mode=SPREAD)
    assert_valid(plan, people, sessions)
    by_kecamatan = {}
    for p in people:
        if p.kecamatan:
            by_kecamatan.setdefault(p.kecamatan, Counter())[plan.assignment[p.id]] += 1
    for counts in by_kecamatan.values():
        # 7 or 8 leaders over 6 dates: at most 2 away on any date
        assert len(counts) == 6
        assert max(counts.values()) <= 2
    assert plan.stats["kecamatans"]["same_dates"] == 0
    assert "at most 2 of a kecamatan's 7 leaders are away at the same time" in " ".join(texts(plan))


def test_spread_counts_overlapping_sessions_as_the_same_dates():
    sessions = [
        session(1, day=0, capacity=10),
        session(2, day=1, capacity=10),  # overlaps session 1 (32 hours)
        session(3, day=7, capacity=10),
    ]
    everyone = frozenset({1, 2, 3})
    people = [
        p for k in range(1, 6) for p in kecamatan(f"K{k}", 2, first_id=10 * k, eligible=everyone)
    ]
    plan = propose(people, sessions, mode=SPREAD)
    assert_valid(plan, people, sessions)
    for k in range(1, 6):
        where = {plan.assignment[10 * k], plan.assignment[10 * k + 1]}
        assert 3 in where, "one of the two leaders goes to the other week"
        assert where != {1, 2}


def test_spread_explains_when_only_one_date_slot_is_open():
    sessions = [session(1, day=0, capacity=20), session(2, day=0, capacity=20)]
    people = kecamatan("31.71.01", 4, first_id=1, eligible=frozenset({1, 2}))
    plan = propose(people, sessions, mode=SPREAD, kecamatan_names={"31.71.01": "Gambir"})
    assert_valid(plan, people, sessions)
    assert plan.stats["kecamatans"]["same_dates"] == 1
    assert (
        "All 4 leaders of Kecamatan Gambir are away on the same dates (4–5 March 2019): only "
        "one date slot is open to them."
    ) in texts(plan)


def test_spread_explains_when_the_other_dates_are_full():
    sessions = [session(1, capacity=20), session(2, capacity=0)]
    people = kecamatan("31.71.01", 3, first_id=1, eligible=frozenset({1, 2}))
    plan = propose(people, sessions, mode=SPREAD, kecamatan_names={"31.71.01": "Gambir"})
    assert "the sessions on other dates had no seats left" in " ".join(texts(plan))


# Themes, stats, determinism -------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "tolerance"), [(TOGETHER, 0.15), (SPREAD, 0.1)])
def test_themes_are_balanced_across_sessions(mode, tolerance):
    sessions = six_sessions()
    people = dki_like(sessions)
    plan = propose(people, sessions, mode=mode)
    overall = Counter(p.theme for p in people)
    for p_session in plan.stats["sessions"].values():
        n = p_session["count"]
        distance = sum(
            abs(p_session["themes"].get(str(t), 0) / n - overall[t] / len(people)) for t in overall
        )
        assert distance / 2 <= tolerance
    assert plan.stats["balance"]["max"] <= tolerance
    # sorted by theme and filled one after the other, the sessions would be far apart
    naive = {p.id: 1 + i // 55 for i, p in enumerate(sorted(people, key=lambda p: p.theme))}
    naive_stats, _ = evaluate(people, sessions, naive, mode=mode)
    assert naive_stats["balance"]["max"] > 3 * plan.stats["balance"]["max"]


def test_sessions_fill_evenly():
    sessions = six_sessions(capacity=80)
    people = [Person(n, "other", None, 1 + n % 5, frozenset(range(1, 7))) for n in range(300)]
    plan = propose(people, sessions, mode=SPREAD)
    assert {v["count"] for v in plan.stats["sessions"].values()} == {50}
    assert plan.stats["balance"]["max"] == 0


def test_the_same_input_gives_the_same_plan():
    sessions = six_sessions()
    people = dki_like(sessions)
    first = propose(people, sessions, mode=TOGETHER)
    again = propose(list(people), list(sessions), mode=TOGETHER)
    assert first.assignment == again.assignment
    assert first.explanations == again.explanations


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        propose([], [], mode="random")


def test_evaluate_explains_a_changed_assignment():
    sessions = [session(1, capacity=3), session(2, capacity=3)]
    people = kecamatan("31.71.01", 3, first_id=1, eligible=frozenset({1, 2}))
    names = {"31.71.01": "Gambir"}
    stats, explanations = evaluate(
        people, sessions, {1: 1, 2: 2, 3: None}, mode=TOGETHER, kecamatan_names=names
    )
    words = [explanation_text(item) for item in explanations]
    assert "Kecamatan Gambir (2 leaders) is split: Sesi 1 (1), Sesi 2 (1)." in words
    assert "1 participant has no session." in words
    assert stats["unplaced"] == 1
    _stats, explanations = evaluate(
        people, sessions, {1: 1, 2: 1, 3: 1}, mode=SPREAD, kecamatan_names=names
    )
    words = [explanation_text(item) for item in explanations]
    assert "All 3 leaders of Kecamatan Gambir are away on the same dates (11–12 March 2019)." in (
        words
    )


def test_overfull_names_sessions_over_their_seats_and_beds():
    pool = ("Wisma", "2019-03-04")
    sessions = [session(1, capacity=2, pools=(pool,)), session(2, capacity=5, pools=(pool,))]
    problems = overfull(sessions, {1: 1, 2: 1, 3: 1, 4: 2}, beds={pool: 3})
    assert {
        "kind": "over_seats",
        "session": "Sesi 1",
        "seats": 2,
        "count": 3,
        "session_ids": [1],
    } in problems
    assert {
        "kind": "over_beds",
        "sessions": ["Sesi 1", "Sesi 2"],
        "beds": 3,
        "count": 4,
        "session_ids": [1, 2],
    } in problems
    assert len(problems) == 2
    assert overfull(sessions, {1: 1, 2: 2}, beds={pool: 3}) == []


def test_many_explanations_of_one_kind_are_counted():
    sessions = [session(1, day=0, capacity=500)]
    everyone = frozenset({1})
    people = [
        p
        for k in range(MAX_DETAILS + 5)
        for p in kecamatan(f"K{k:02d}", 2, first_id=10 * k + 10, eligible=everyone)
    ]
    plan = propose(people, sessions, mode=SPREAD)
    kinds = Counter(item["kind"] for item in plan.explanations)
    assert kinds["spread_same_dates"] == MAX_DETAILS
    assert "… and 5 more like these." in texts(plan)


def test_every_explanation_renders():
    items = [
        {"kind": "all_placed", "count": 3},
        {"kind": "not_invited", "count": 1},
        {"kind": "seats_short", "unplaced": 2, "participants": 10, "seats": 8},
        {
            "kind": "class_short",
            "sessions": ["A"],
            "more_sessions": 2,
            "participants": 5,
            "seats": 3,
            "unplaced": 2,
        },
        {"kind": "beds_limit", "session": "A", "seats": 5, "beds": 3},
        {"kind": "beds_full", "session": "A", "seats": 5},
        {"kind": "session_unused", "session": "A"},
        {"kind": "spread_summary", "slots": 4, "away": 2, "size": 7},
        {"kind": "split", "name": "Gambir", "size": 2, "parts": [["A", 1], ["B", 1]]},
        {
            "kind": "same_dates",
            "name": "Gambir",
            "size": 2,
            "start": "2019-03-04",
            "end": "2019-03-04",
        },
        {"kind": "over_seats", "session": "A", "seats": 2, "count": 3},
        {"kind": "over_beds", "sessions": ["A"], "beds": 2, "count": 3},
        {"kind": "unplaced", "count": 2},
        {"kind": "already_seated", "count": 2},
        {"kind": "busy", "count": 1},
        {"kind": "adjusted", "count": 2},
        {"kind": "more", "of": "split", "count": 4},
    ]
    for item in items:
        text = explanation_text(item)
        assert text and "%(" not in text and "{'kind'" not in text
    assert explanation_text(
        {"kind": "same_dates", "name": "X", "size": 2, "start": "2019-03-04", "end": "2019-03-04"}
    ).endswith("(4 March 2019).")


# Services -------------------------------------------------------------------------------------

WEEK = dt.timedelta(days=7)
FIRST_DAY = dt.date(2019, 3, 4)


def make_world(*, kecamatans=2, lurahs=3, sessions=2, capacity=30, beds=60, programme=None):
    """A programme with ``sessions`` two-day sessions a week apart at one venue, and
    ``kecamatans`` kecamatans of one camat and ``lurahs`` lurahs, all enrolled."""
    from cohorts.models import Region, Theme
    from lms.services.learning import enrolment_create
    from tests.factories import (
        make_participant,
        make_programme,
        make_region_tree,
        make_session,
        make_venue,
    )

    tree = make_region_tree()
    programme = programme or make_programme(modules=1, lessons=1, questions=1)
    venue = make_venue(classrooms=(("Kelas A", 200), ("Kelas B", 200)), lodging=(("Asrama", beds),))
    made = [
        make_session(
            programme=programme,
            venue=venue,
            start=FIRST_DAY + n * WEEK,
            capacity=capacity,
            title=f"Sesi {n + 1}",
            override_reason="" if capacity <= beds else "Hotel di dekat kampus",
        )
        for n in range(sessions)
    ]
    themes = list(Theme.objects.order_by("sort_order"))
    people = []
    for k in range(kecamatans):
        code = f"31.71.{k + 1:02d}"
        district, _ = Region.objects.get_or_create(
            code=code,
            defaults={"name": f"Kecamatan {k + 1}", "level": 3, "kind": "kecamatan"},
        )
        if district.parent_id is None:
            district.parent = tree["kota"]
            district.save()
        camat = make_participant(unit=district, position="camat")
        people.append(camat)
        for n in range(lurahs):
            village, _ = Region.objects.get_or_create(
                code=f"{code}.{1001 + n}",
                defaults={
                    "name": f"Kelurahan {k + 1}.{n + 1}",
                    "level": 4,
                    "kind": "kelurahan",
                    "parent": district,
                },
            )
            people.append(make_participant(unit=village, position="lurah"))
    for n, person in enumerate(people):
        person.theme = themes[n % len(themes)]
        person.save(update_fields=["theme"])
        enrolment_create(participant=person, programme=programme)
    return programme, made, people


def computed(programme, sessions, mode=TOGETHER, by=None):

    proposal = proposal_create(programme=programme, sessions=sessions, mode=mode, by=by)
    proposal_compute(proposal_id=proposal.pk)
    proposal.refresh_from_db()
    return proposal


@pytest.mark.django_db
def test_creating_a_proposal_computes_it_after_commit(django_capture_on_commit_callbacks):
    from cohorts.models import ScheduleProposal

    programme, sessions, people = make_world()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        proposal = proposal_create(programme=programme, sessions=sessions, mode=TOGETHER, by=None)
        assert proposal.status == ScheduleProposal.Status.COMPUTING
    assert len(callbacks) == 1
    proposal.refresh_from_db()
    assert proposal.status == ScheduleProposal.Status.READY
    assert set(proposal.assignments) == {str(p.pk) for p in people}
    assert set(proposal.assignments.values()) <= {s.pk for s in sessions}
    # together: each kecamatan in one session
    for k in range(2):
        assert len({proposal.assignments[str(p.pk)] for p in people[4 * k : 4 * k + 4]}) == 1
    assert proposal.stats["placed"] == 8
    assert proposal.explanations[0] == {"kind": "all_placed", "count": 8}


@pytest.mark.django_db
def test_create_refuses_bad_input():
    from core.errors import DomainError
    from tests.factories import make_programme, make_session

    programme, sessions, _people = make_world(kecamatans=1, lurahs=1)
    other = make_session(programme=make_programme(modules=1, lessons=1, questions=1))
    with pytest.raises(DomainError, match="at least one session"):
        proposal_create(programme=programme, sessions=[], mode=SPREAD, by=None)
    with pytest.raises(DomainError, match="another programme"):
        proposal_create(programme=programme, sessions=[other], mode=SPREAD, by=None)
    with pytest.raises(DomainError, match="kecamatan"):
        proposal_create(programme=programme, sessions=sessions, mode="random", by=None)
    session_cancel(session=sessions[0])
    sessions[0].refresh_from_db()
    with pytest.raises(DomainError, match="cancelled"):
        proposal_create(programme=programme, sessions=sessions, mode=SPREAD, by=None)


@pytest.mark.django_db
def test_compute_is_idempotent_and_fails_with_a_message():
    from cohorts.models import ScheduleProposal

    programme, sessions, _people = make_world(kecamatans=1, lurahs=2)
    proposal = computed(programme, sessions)
    ScheduleProposal.objects.filter(pk=proposal.pk).update(assignments={"0": None})
    again = proposal_compute(proposal_id=proposal.pk)
    assert again.assignments == {"0": None}  # a READY proposal is left alone

    proposal = proposal_create(programme=programme, sessions=sessions, mode=SPREAD, by=None)
    for session in sessions:
        session_cancel(session=session)
    result = proposal_compute(proposal_id=proposal.pk)
    assert result.status == ScheduleProposal.Status.FAILED
    assert result.message == "None of the chosen sessions is still scheduled."


@pytest.mark.django_db
def test_compute_keeps_seats_taken_and_seated_participants():

    programme, sessions, people = make_world(kecamatans=2, lurahs=4, capacity=4)
    booking_create(session=sessions[0], participant=people[0])  # the first camat
    proposal = computed(programme, sessions, mode=SPREAD)
    assert str(people[0].pk) not in proposal.assignments  # seated: not re-assigned
    count = Counter(proposal.assignments.values())
    assert count[sessions[0].pk] == 3  # 4 seats, one taken
    assert count[sessions[1].pk] == 4
    assert count[None] == 2  # 9 to place in 7 seats
    assert proposal.stats["sessions"][str(sessions[0].pk)]["capacity"] == 3
    words = [explanation_text(item) for item in proposal.explanations]
    assert (
        "1 participant already has a seat in a session of this programme and was left as he is."
        in words
    )


@pytest.mark.django_db
def test_compute_shares_a_venues_beds_between_sessions_on_the_same_nights():
    from tests.factories import make_session

    programme, sessions, _people = make_world(
        kecamatans=3, lurahs=4, sessions=1, capacity=10, beds=14
    )
    twin = make_session(
        programme=programme,
        venue=sessions[0].venue,
        room=sessions[0].venue.rooms.get(name="Kelas B"),
        start=FIRST_DAY,
        capacity=10,
        title="Sesi kembar",
        override_reason="Sebagian menginap di hotel",
    )
    proposal = computed(programme, [sessions[0], twin], mode=SPREAD)
    count = Counter(proposal.assignments.values())
    assert count[sessions[0].pk] + count[twin.pk] == 14  # 20 seats, 14 beds for 15 people
    assert count[None] == 1


@pytest.mark.django_db
def test_compute_by_invitation():
    from cohorts.models import Cohort

    programme, sessions, people = make_world(kecamatans=2, lurahs=2)
    cohort = Cohort.objects.create(name="Angkatan Banjir", programme=programme)
    cohort_set_members(cohort=cohort, participants=people[:3])
    sessions[0].invited_cohorts.add(cohort)
    sessions[1].invited_participants.add(people[3])
    for session in sessions:
        session.save()  # parental many-to-many fields are written on save
    proposal = computed(programme, sessions, mode=SPREAD)
    assert proposal.assignments == {
        str(people[0].pk): sessions[0].pk,
        str(people[1].pk): sessions[0].pk,
        str(people[2].pk): sessions[0].pk,
        str(people[3].pk): sessions[1].pk,
    }  # the others are invited nowhere: not part of the proposal


@pytest.mark.django_db
def test_compute_avoids_sessions_clashing_with_a_seat_elsewhere():
    from tests.factories import make_programme, make_session

    programme, sessions, people = make_world(kecamatans=1, lurahs=1, capacity=5)
    elsewhere = make_session(
        programme=make_programme(modules=1, lessons=1, questions=1), start=FIRST_DAY
    )
    booking_create(session=elsewhere, participant=people[0])
    proposal = computed(programme, sessions, mode=TOGETHER)
    assert proposal.assignments[str(people[0].pk)] == sessions[1].pk
    assert proposal.assignments[str(people[1].pk)] == sessions[1].pk  # kept with his camat
    assert {"kind": "busy", "count": 1} in proposal.explanations


@pytest.mark.django_db
def test_compute_queries_do_not_grow_with_participants(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme, sessions, _people = make_world(kecamatans=2, lurahs=4)
    few = proposal_create(programme=programme, sessions=sessions, mode=SPREAD, by=None)
    with CaptureQueriesContext(connection) as small:
        proposal_compute(proposal_id=few.pk)
    make_world(kecamatans=6, lurahs=6, sessions=0, programme=programme)
    many = proposal_create(programme=programme, sessions=sessions, mode=SPREAD, by=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        proposal_compute(proposal_id=many.pk)
    many.refresh_from_db()
    assert many.stats["participants"] == 10 + 42
    assert len(small.captured_queries) <= 15


@pytest.mark.django_db
def test_confirm_books_everyone_once():
    from cohorts.models import BookingEvent, ScheduleProposal, SessionBooking
    from core.errors import DomainError

    programme, sessions, _people = make_world()
    proposal = computed(programme, sessions)
    assert proposal_confirm(proposal=proposal, by=None) == 8
    bookings = SessionBooking.objects.filter(session__in=sessions)
    assert bookings.count() == 8
    assert set(bookings.values_list("status", flat=True)) == {"booked"}
    assert {(b.participant_id, b.session_id) for b in bookings} == {
        (int(pk), sid) for pk, sid in proposal.assignments.items()
    }
    for session in sessions:
        session.refresh_from_db()
        assert session.seats_taken == Counter(proposal.assignments.values())[session.pk]
    assert BookingEvent.objects.filter(note="Booked by the scheduling assistant.").count() == 8
    proposal.refresh_from_db()
    assert proposal.status == ScheduleProposal.Status.CONFIRMED
    assert proposal.confirmed_at is not None
    with pytest.raises(DomainError, match="already confirmed"):
        proposal_confirm(proposal=proposal, by=None)
    assert SessionBooking.objects.filter(session__in=sessions).count() == 8
    with pytest.raises(DomainError):
        proposal_discard(proposal=proposal, by=None)


@pytest.mark.django_db
def test_confirm_is_all_or_nothing(django_capture_on_commit_callbacks):
    from cohorts.models import ScheduleProposal, SessionBooking
    from core.errors import DomainError
    from tests.factories import make_programme, make_session

    programme, sessions, people = make_world()
    proposal = computed(programme, sessions)
    later = max(sessions, key=lambda s: s.pk)
    victim = next(p for p in people if proposal.assignments[str(p.pk)] == later.pk)
    elsewhere = make_session(
        programme=make_programme(modules=1, lessons=1, questions=1), start=FIRST_DAY + WEEK
    )
    booking_create(session=elsewhere, participant=victim)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(DomainError, match=f"Nothing was booked: .*{victim.name}"),
    ):
        proposal_confirm(proposal=proposal, by=None)
    assert not callbacks  # no invitation queued either
    assert not SessionBooking.objects.filter(session__in=sessions).exists()
    for session in sessions:
        session.refresh_from_db()
        assert session.seats_taken == 0
    proposal.refresh_from_db()
    assert proposal.status == ScheduleProposal.Status.READY


@pytest.mark.django_db
def test_confirm_refused_when_seats_went_meanwhile():
    from cohorts.models import SessionBooking
    from core.errors import DomainError
    from tests.factories import make_participant

    programme, sessions, people = make_world(kecamatans=1, lurahs=3, sessions=1, capacity=4)
    proposal = computed(programme, sessions)
    outsider = make_participant(unit=people[1].unit)
    booking_create(session=sessions[0], participant=outsider)
    with pytest.raises(DomainError, match="“Sesi 1” has 3 seat\\(s\\) left, not 4"):
        proposal_confirm(proposal=proposal, by=None)
    assert SessionBooking.objects.filter(session=sessions[0]).count() == 1


@pytest.mark.django_db
def test_a_large_confirmation_runs_in_a_task(monkeypatch, django_capture_on_commit_callbacks):
    from cohorts.models import ScheduleProposal, SessionBooking
    from core.errors import DomainError

    monkeypatch.setattr(proposals, "SYNC_CONFIRM_LIMIT", 3)
    programme, sessions, _people = make_world()
    proposal = computed(programme, sessions)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert proposal_queue_confirm(proposal=proposal, by=None) is None
    proposal.refresh_from_db()
    assert proposal.stats["confirming"] is True
    with pytest.raises(DomainError, match="being booked"):
        proposal_adjust(proposal=proposal, moves={}, by=None)
    with pytest.raises(DomainError, match="being booked"):
        proposal_queue_confirm(proposal=proposal, by=None)
    for callback in callbacks:
        callback()
    callbacks[0]()  # a redelivered task does nothing more
    proposal.refresh_from_db()
    assert proposal.status == ScheduleProposal.Status.CONFIRMED
    assert "confirming" not in proposal.stats
    assert SessionBooking.objects.filter(session__in=sessions).count() == 8


@pytest.mark.django_db
def test_adjust_moves_people_and_explains():

    programme, sessions, people = make_world(capacity=5)
    proposal = computed(programme, sessions)
    camat = people[0]
    here = proposal.assignments[str(camat.pk)]
    there = next(s.pk for s in sessions if s.pk != here)
    moved = proposal_adjust(proposal=proposal, moves={camat.pk: there, people[1].pk: None}, by=None)
    assert moved == 2
    proposal.refresh_from_db()
    assert proposal.assignments[str(camat.pk)] == there
    assert proposal.assignments[str(people[1].pk)] is None
    assert proposal.stats["unplaced"] == 1
    assert proposal.stats["moved"] == 2
    words = [explanation_text(item) for item in proposal.explanations]
    assert "2 participants were moved by hand." in words
    assert "1 participant has no session." in words
    assert any(text.startswith("Kecamatan Gambir (3 leaders) is split:") for text in words)
    # moving to where he already is changes nothing
    assert proposal_adjust(proposal=proposal, moves={camat.pk: there}, by=None) == 0


@pytest.mark.django_db
def test_adjust_refuses_what_breaks_the_rules():
    from core.errors import DomainError
    from tests.factories import make_session

    programme, sessions, people = make_world(capacity=4)
    proposal = computed(programme, sessions)
    full = sessions[0].pk
    outside = [p for p in people if proposal.assignments[str(p.pk)] != full]
    with pytest.raises(DomainError, match="“Sesi 1” has 5 participants for 4 free seats"):
        proposal_adjust(proposal=proposal, moves={outside[0].pk: full}, by=None)
    with pytest.raises(DomainError, match="not part of this proposal"):
        proposal_adjust(proposal=proposal, moves={999999: full}, by=None)
    other = make_session(programme=programme, start=FIRST_DAY + 5 * WEEK)
    with pytest.raises(DomainError, match="outside this proposal"):
        proposal_adjust(proposal=proposal, moves={people[0].pk: other.pk}, by=None)
    proposal.refresh_from_db()
    assert "moved" not in proposal.stats
    proposal_discard(proposal=proposal, by=None)
    with pytest.raises(DomainError, match="ready to review"):
        proposal_adjust(proposal=proposal, moves={people[0].pk: None}, by=None)
    with pytest.raises(DomainError, match="cannot become"):
        proposal_confirm(proposal=proposal, by=None)


@pytest.mark.django_db
def test_compute_task_runs_once(django_capture_on_commit_callbacks):
    from cohorts.models import ScheduleProposal
    from cohorts.tasks import schedule_proposal_compute_task

    programme, sessions, _people = make_world(kecamatans=1, lurahs=1)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_create(programme=programme, sessions=sessions, mode=SPREAD, by=None)
    proposal.refresh_from_db()
    stamp = proposal.stats["compute_ms"]
    ScheduleProposal.objects.filter(pk=proposal.pk).update(stats={**proposal.stats, "x": 1})
    schedule_proposal_compute_task.delay(proposal.pk)
    proposal.refresh_from_db()
    assert proposal.stats["x"] == 1 and proposal.stats["compute_ms"] == stamp


# Admin views ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_organiser_runs_the_assistant_end_to_end(staff_client, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from cohorts.models import ScheduleProposal, SessionBooking

    programme, sessions, people = make_world()
    client = staff_client("Penyelenggara")
    start = reverse("cohorts_scheduler:start")
    response = client.get(start, {"programme": programme.pk})
    assert response.status_code == 200
    assert "Sesi 1" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            start,
            {
                "programme": programme.pk,
                "sessions": [s.pk for s in sessions],
                "mode": SPREAD,
            },
        )
    proposal = ScheduleProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts_scheduler:detail", args=[proposal.pk])
    assert proposal.status == ScheduleProposal.Status.READY
    assert proposal.mode == SPREAD

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Refresh" not in page
    for person in people:
        assert person.name in html
        assert f'name="move-{person.pk}"' in html
    assert "Gambir" in html  # the kecamatan column
    assert "Konfirmasi dan daftarkan" in html

    camat = people[0]
    target = next(s.pk for s in sessions if s.pk != proposal.assignments[str(camat.pk)])
    current = {f"move-{pk}": sid or "" for pk, sid in proposal.assignments.items()}
    response = client.post(
        reverse("cohorts_scheduler:adjust", args=[proposal.pk]),
        {**current, f"move-{camat.pk}": target},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.assignments[str(camat.pk)] == target
    assert proposal.stats["moved"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cohorts_scheduler:confirm", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ScheduleProposal.Status.CONFIRMED
    assert SessionBooking.objects.get(participant=camat).session_id == target
    assert SessionBooking.objects.filter(session__in=sessions).count() == 8
    html = client.get(response["Location"]).content.decode()
    assert "Konfirmasi dan daftarkan" not in html
    assert "move-" not in html


@pytest.mark.django_db
def test_proposal_page_follows_progress_while_computing(staff_client):
    from django.urls import reverse

    programme, sessions, _people = make_world(kecamatans=1, lurahs=1)
    proposal = proposal_create(
        programme=programme, sessions=sessions, mode=TOGETHER, by=None
    )  # the task waits for a commit that never comes in this test
    client = staff_client("Penyelenggara")
    status_url = reverse("cohorts_scheduler:status", args=[proposal.pk])
    response = client.get(reverse("cohorts_scheduler:detail", args=[proposal.pk]))
    assert response.status_code == 200
    assert "Refresh" not in response  # the script polls instead: focus stays where it is
    html = response.content.decode()
    assert "<progress" in html and f'data-progress-url="{status_url}"' in html
    assert "js/progress.js" in html
    status = client.get(status_url).json()
    assert status["status"] == "computing" and status["done"] is False
    assert status["text"] == "Menghitung usulan…"
    proposal_compute(proposal_id=proposal.pk)
    status = client.get(reverse("cohorts_scheduler:status", args=[proposal.pk])).json()
    assert status["status"] == "ready" and status["done"] is True


@pytest.mark.django_db
def test_discard_from_the_page(staff_client):
    from django.urls import reverse

    from cohorts.models import ScheduleProposal

    programme, sessions, _people = make_world(kecamatans=1, lurahs=1)
    proposal = computed(programme, sessions)
    client = staff_client("Penyelenggara")
    response = client.post(reverse("cohorts_scheduler:discard", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ScheduleProposal.Status.DISCARDED


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    from django.urls import reverse

    programme, sessions, _people = make_world(kecamatans=1, lurahs=1)
    proposal = computed(programme, sessions)
    for url in (
        reverse("cohorts_scheduler:start"),
        reverse("cohorts_scheduler:detail", args=[proposal.pk]),
        reverse("cohorts_scheduler:status", args=[proposal.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
    response = client.post(reverse("cohorts_scheduler:confirm", args=[proposal.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    proposal.refresh_from_db()
    assert proposal.status == "ready"


@pytest.mark.django_db
def test_a_participant_cannot_open_the_assistant(client):
    from django.urls import reverse

    from lms.services.accounts import user_create_for_participant

    programme, sessions, people = make_world(kecamatans=1, lurahs=1)
    proposal = computed(programme, sessions)
    client.force_login(user_create_for_participant(participant=people[1]))
    response = client.get(reverse("cohorts_scheduler:detail", args=[proposal.pk]))
    assert response.status_code in (302, 403)
    assert people[0].name.encode() not in response.content
    client.post(reverse("cohorts_scheduler:confirm", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == "ready"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Fasilitator", "Pimpinan", "Penilai"])
def test_other_staff_are_refused(staff_client, role):
    from django.urls import reverse

    programme, sessions, _people = make_world(kecamatans=1, lurahs=1)
    proposal = computed(programme, sessions)
    client = staff_client(role)
    for url in (
        reverse("cohorts_scheduler:start"),
        reverse("cohorts_scheduler:detail", args=[proposal.pk]),
        reverse("cohorts_scheduler:status", args=[proposal.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
        assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    response = client.post(reverse("cohorts_scheduler:confirm", args=[proposal.pk]))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    proposal.refresh_from_db()
    assert proposal.status == "ready"


@pytest.mark.django_db
def test_viewers_see_but_do_not_change(client, django_user_model):
    from django.contrib.auth.models import Group, Permission
    from django.urls import reverse

    from cohorts.models import SessionBooking

    programme, sessions, people = make_world(kecamatans=1, lurahs=1)
    proposal = computed(programme, sessions)
    viewer = django_user_model.objects.create_user(username="lihat", password="Lihat-2019!x")
    group = Group.objects.create(name="Peninjau jadwal")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_scheduleproposal"),
    )
    viewer.groups.add(group)
    client.force_login(viewer)
    page = client.get(reverse("cohorts_scheduler:detail", args=[proposal.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert people[0].name in html
    assert "move-" not in html and "Konfirmasi dan daftarkan" not in html
    start = client.get(reverse("cohorts_scheduler:start"), {"programme": programme.pk})
    assert start.status_code == 200 and 'name="mode"' not in start.content.decode()
    xhr = {"x-requested-with": "XMLHttpRequest"}
    for action in ("confirm", "discard", "adjust"):
        url = reverse(f"cohorts_scheduler:{action}", args=[proposal.pk])
        response = client.post(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
        assert client.post(url, headers=xhr).status_code == 403
    url = reverse("cohorts_scheduler:start")
    assert client.post(url, {"programme": programme.pk}, headers=xhr).status_code == 403
    assert not SessionBooking.objects.exists()


@pytest.mark.django_db
def test_proposal_page_queries_stay_flat(staff_client, django_assert_max_num_queries):
    from django.urls import reverse

    programme, sessions, _people = make_world(kecamatans=2, lurahs=4)  # 10 participants
    few = computed(programme, sessions, mode=SPREAD)
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_scheduler:detail", args=[few.pk])
    client.get(url)
    with django_assert_max_num_queries(60) as small:
        response = client.get(url)
    queries = len(small.captured_queries)  # read now: the next request resets the log
    assert response.content.decode().count('name="move-') == 10
    make_world(kecamatans=6, lurahs=4, sessions=0, programme=programme)  # 30 more
    many = computed(programme, sessions, mode=SPREAD)
    url = reverse("cohorts_scheduler:detail", args=[many.pk])
    client.get(url)
    with django_assert_max_num_queries(queries) as large:
        response = client.get(url)
    assert response.content.decode().count('name="move-') == 40
    assert len(large.captured_queries) == queries


@pytest.mark.django_db
def test_the_menu_offers_the_assistant_to_organisers_only(staff_client):
    from django.urls import reverse

    url = reverse("cohorts_scheduler:start")
    organiser = staff_client("Penyelenggara")
    assert url in organiser.get(reverse("wagtailadmin_home")).content.decode()
    organiser.logout()
    facilitator = staff_client("Fasilitator")
    assert url not in facilitator.get(reverse("wagtailadmin_home")).content.decode()
