"""The scheduling assistant's algorithm: a programme's participants into its sessions.

Pure and fast: no database here. ``cohorts.schedule_proposals`` loads the rows, calls
:func:`propose` (or :func:`evaluate` after the organiser moved people) and stores the result.

Rules: every participant at most once; a session's free seats and its venue's beds are never
exceeded; each session's theme mix stays close to the overall mix; and either each
kecamatan's camat and lurahs share one session (``together``) or they are spread over
different dates so that the kecamatan is never left without all its leaders at once
(``spread``). What could not be met is explained, specifically.

How (N participants, S sessions):

- Participants with the same set of eligible sessions form an *eligibility class*; each class
  deals from its own heaps of sessions, one per theme, keyed by (share of the session's seats
  already given to that theme, share of its seats given at all). Giving every participant the
  session where his theme is least represented for its size spreads each theme over the
  sessions in proportion to their size: each session gets the overall mix and they fill evenly.
  Keys only grow, so the heaps are lazy: a stale entry is re-keyed when it surfaces and a full
  session is dropped. O(N log S), never a loop over every participant × every session.
- together: kecamatans are placed whole, largest first, in the best session with room for all
  of them (sessions with too few seats are parked until smaller kecamatans come); heads and
  others fill the gaps; a kecamatan that fits nowhere whole is split last, largest piece first.
- spread: sessions overlapping in time form *date slots*. Each leader of a kecamatan goes to
  the best session of the best slot where his kecamatan has nobody yet (per class and theme, a
  heap of slots over heaps of the slot's sessions), else of its least used slot.
- Beds: an overnight session draws from *pools* (its venue's beds on each of its nights) that
  the venue's sessions of the same nights share. A session has room for min(its free seats,
  every pool's free beds).
"""

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

TOGETHER = "together"
SPREAD = "spread"
MODES = (TOGETHER, SPREAD)
GROUPED = frozenset({"camat", "lurah"})
MAX_DETAILS = 25  # explanations of one kind listed one by one; the rest are counted
CANDIDATES = 6  # sessions weighed for each kecamatan kept together (theme mix)


@dataclass(frozen=True, slots=True)
class Person:
    """A participant to place. ``kecamatan``: the code of his kecamatan (a camat's own unit,
    a lurah's unit's parent; None for heads and others). ``eligible``: session ids he may go
    to (share one frozenset between participants with the same set: it is hashed once)."""

    id: int
    position: str
    kecamatan: str | None
    theme: int | None
    eligible: frozenset


@dataclass(frozen=True, slots=True)
class Session:
    """A session to fill. ``capacity``: seats still free for this proposal (its capacity and
    its room's seats less the seats taken). ``pools``: keys of the bed pools it draws from
    (each key's free beds are given to :func:`propose` in ``beds``); none when not overnight."""

    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    pools: tuple = ()
    label: str = ""


@dataclass
class Plan:
    """``assignment``: participant id → session id or None. ``explanations``: dicts with a
    ``kind`` and its parameters (JSON-ready; :func:`explanation_text` renders them in the
    active language). ``stats``: JSON-ready figures (see :func:`evaluate`)."""

    assignment: dict
    explanations: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def theme_key(theme) -> str:
    return "none" if theme is None else str(theme)


# The board: seats, beds and what each session holds ---------------------------------------------


class _Board:
    def __init__(self, sessions, beds, themes):
        self.sessions = sessions
        self.index = {s.id: i for i, s in enumerate(sessions)}
        pool_index = {}
        self.pool_left = []
        self.pools_of = []
        for s in sessions:
            own = []
            for key in s.pools:
                if key not in beds:
                    continue  # no lodging figures for it: not limited by beds
                if key not in pool_index:
                    pool_index[key] = len(self.pool_left)
                    self.pool_left.append(max(0, int(beds[key])))
                own.append(pool_index[key])
            self.pools_of.append(tuple(own))
        self.pool_keys = list(pool_index)
        self.cap_left = [max(0, int(s.capacity)) for s in sessions]
        self.cap0 = [self.free(i) for i in range(len(sessions))]
        self.inv = [1.0 / c if c else 0.0 for c in self.cap0]
        self.count = [0] * len(sessions)
        self.tcount = [[0] * len(themes) for _ in sessions]

    def free(self, i):
        f = self.cap_left[i]
        pool_left = self.pool_left
        for j in self.pools_of[i]:
            if pool_left[j] < f:
                f = pool_left[j]
        return f

    def key(self, i, t):
        inv = self.inv[i]
        return (self.tcount[i][t] * inv, self.count[i] * inv, i)

    def place(self, i, t):
        self.cap_left[i] -= 1
        for j in self.pools_of[i]:
            self.pool_left[j] -= 1
        self.count[i] += 1
        self.tcount[i][t] += 1


class _Queue:
    """One class's sessions for one theme, best first, with room for ``need`` people."""

    __slots__ = ("board", "heap", "parked", "theme")

    def __init__(self, board, theme, indices):
        self.board = board
        self.theme = theme
        self.heap = [board.key(i, theme) for i in indices if board.cap0[i] > 0]
        heapq.heapify(self.heap)
        self.parked = {}  # free seats when parked → entries (too small for the need then)

    def best(self, need=1):
        board, heap, theme = self.board, self.heap, self.theme
        if self.parked:
            for seats in [seats for seats in self.parked if seats >= need]:
                for entry in self.parked.pop(seats):
                    heapq.heappush(heap, entry)
        while heap:
            entry = heap[0]
            i = entry[2]
            seats = board.free(i)
            if seats <= 0:
                heapq.heappop(heap)
                continue
            if seats < need:
                self.parked.setdefault(seats, []).append(heapq.heappop(heap))
                continue
            current = board.key(i, theme)
            if current != entry:
                heapq.heapreplace(heap, current)
                continue
            return i
        return None

    def candidates(self, need, k):
        """Up to ``k`` sessions with room for ``need``, best first (they stay queued)."""
        found = []
        while len(found) < k:
            i = self.best(need)
            if i is None:
                break
            found.append(heapq.heappop(self.heap))
        for entry in found:
            heapq.heappush(self.heap, entry)
        return [entry[2] for entry in found]


class _SlotQueue:
    """One class's sessions for one theme by date slot: the best session of the best slot
    the kecamatan does not use yet."""

    __slots__ = ("seats", "subs", "top")

    def __init__(self, board, theme, indices, slot_of, slot_seats):
        self.seats = slot_seats
        by_slot = defaultdict(list)
        for i in indices:
            by_slot[slot_of[i]].append(i)
        self.subs = {slot: _Queue(board, theme, members) for slot, members in by_slot.items()}
        self.top = [(queue.heap[0], slot) for slot, queue in self.subs.items() if queue.heap]
        heapq.heapify(self.top)

    def best(self, used):
        top, subs = self.top, self.subs
        skipped = []
        chosen = None
        while top:
            entry, slot = top[0]
            queue = subs[slot]
            i = queue.best()
            if i is None:
                heapq.heappop(top)
                continue
            current = queue.heap[0]
            if current != entry:
                heapq.heapreplace(top, (current, slot))
                continue
            if used.get(slot):
                skipped.append(heapq.heappop(top))
                continue
            chosen = i
            break
        if chosen is None and skipped:  # every open slot has one already: by slot size
            seats = self.seats
            chosen = min(skipped, key=lambda item: ((used[item[1]] + 1) / seats[item[1]], item[0]))
            chosen = chosen[0][2]
        for item in skipped:
            heapq.heappush(top, item)
        return chosen


def _slots(sessions):
    """Date slots: sessions whose times overlap (directly or through others) share one.
    Returns (slot of each session index, [(first start, last end)] per slot)."""
    order = sorted(range(len(sessions)), key=lambda i: (sessions[i].starts_at, sessions[i].ends_at))
    slot_of = [0] * len(sessions)
    spans = []
    end = None
    for i in order:
        s = sessions[i]
        if end is None or s.starts_at >= end:
            spans.append([s.starts_at, s.ends_at])
        elif s.ends_at > spans[-1][1]:
            spans[-1][1] = s.ends_at
        end = spans[-1][1]
        slot_of[i] = len(spans) - 1
    return slot_of, [tuple(span) for span in spans]


def _day(value):
    return value.date().isoformat() if isinstance(value, datetime) else str(value)


# The algorithm ----------------------------------------------------------------------------------


class _Run:
    """One call of :func:`propose` (state shared by its passes)."""

    def __init__(self, participants, sessions, *, mode, beds, names):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.mode = mode
        self.people = participants
        self.sessions = sessions
        self.names = names or {}
        self.themes = sorted({p.theme for p in participants}, key=lambda t: (t is None, t or 0))
        self.theme_index = {t: n for n, t in enumerate(self.themes)}
        overall = Counter(self.theme_index[p.theme] for p in participants)
        self.shares = [overall[t] / len(participants) for t in range(len(self.themes))]
        self.board = _Board(sessions, beds or {}, self.themes)
        seats = sum(self.board.cap0)
        self.fill = min(1.0, len(participants) / seats) if seats else 0.0
        self.slot_of, self.spans = _slots(sessions)
        self.slot_seats = [0] * len(self.spans)
        for i, seats in enumerate(self.board.cap0):
            self.slot_seats[self.slot_of[i]] += seats
        self.assignment = {p.id: None for p in participants}
        self._indices = {}  # eligible frozenset → sorted session indices
        self._slots = {}  # eligible frozenset → how many date slots it opens
        self.queues = {}  # (eligible frozenset, theme index) → _Queue or _SlotQueue
        self.explanations = []
        self.details = Counter()
        self.worst = (0, 0)  # spread: most leaders of one kecamatan away at once, of how many

    def indices(self, eligible):
        """Sorted indices of the sessions in ``eligible`` (cached per set)."""
        found = self._indices.get(eligible)
        if found is None:
            index = self.board.index
            found = sorted(index[sid] for sid in eligible if sid in index)
            self._indices[eligible] = found
        return found

    def open_slots(self, eligible):
        found = self._slots.get(eligible)
        if found is None:
            found = len({self.slot_of[i] for i in self.indices(eligible)})
            self._slots[eligible] = found
        return found

    def queue(self, eligible, t):
        queue = self.queues.get((eligible, t))
        if queue is None:
            indices = self.indices(eligible)
            if self.mode == SPREAD:
                queue = _SlotQueue(self.board, t, indices, self.slot_of, self.slot_seats)
            else:
                queue = _Queue(self.board, t, indices)
            self.queues[(eligible, t)] = queue
        return queue

    def put(self, person, i):
        self.board.place(i, self.theme_index[person.theme])
        self.assignment[person.id] = self.sessions[i].id

    def explain(self, kind, **params):
        self.details[kind] += 1
        if self.details[kind] <= MAX_DETAILS:
            self.explanations.append({"kind": kind, **params})

    def kecamatans(self):
        groups = defaultdict(list)
        alone = []
        for p in self.people:
            if p.kecamatan and p.position in GROUPED:
                groups[p.kecamatan].append(p)
            else:
                alone.append(p)
        for members in groups.values():
            members.sort(key=lambda p: (p.position != "camat", self.theme_index[p.theme], p.id))
        return groups, alone

    def name(self, code):
        return self.names.get(code, code)

    # together ---------------------------------------------------------------------------------

    def together(self):
        groups, alone = self.kecamatans()
        ti = self.theme_index
        whole, failed = [], []
        for code, members in groups.items():
            if len(members) == 1:
                alone.append(members[0])
                continue
            distinct = {p.eligible for p in members}  # usually one shared set: no copy
            common = distinct.pop() if len(distinct) == 1 else frozenset.intersection(*distinct)
            dominant = Counter(ti[p.theme] for p in members).most_common(1)[0][0]
            whole.append((-len(members), dominant, code, members, common))
        whole.sort(key=lambda item: item[:3])
        for minus_size, dominant, code, members, common in whole:
            found = []
            if self.indices(common):
                found = self.queue(common, dominant).candidates(-minus_size, CANDIDATES)
            if not found:
                failed.append((code, members, common))
                continue
            i = found[0] if len(found) == 1 else self.best_mix(found, members)
            for p in members:
                self.put(p, i)
        alone.sort(key=lambda p: (ti[p.theme], p.id))
        for p in alone:
            i = self.queue(p.eligible, ti[p.theme]).best()
            if i is not None:
                self.put(p, i)
        for code, members, common in failed:
            self.split(code, members, common)

    def best_mix(self, found, members):
        """Of the candidate sessions, the one lacking the kecamatan's themes most: the least
        sum over its members of (session's count of his theme - the session's expected final
        size * the theme's overall share), i.e. the least growth of the squared distance."""
        board, shares, fill = self.board, self.shares, self.fill
        themes = [self.theme_index[p.theme] for p in members]
        best, best_cost = found[0], None
        for i in found:
            counts, expected = board.tcount[i], board.cap0[i] * fill
            cost = sum(counts[t] - expected * shares[t] for t in themes)
            if best_cost is None or cost < best_cost - 1e-9:
                best, best_cost = i, cost
        return best

    def split(self, code, members, common):
        """Place a kecamatan that fits nowhere whole: the largest piece the sessions they may
        all attend still hold, then the next; whoever is left goes wherever he may."""
        board = self.board
        shared = self.indices(common)
        largest = max((board.free(i) for i in shared), default=0)
        parts = Counter()
        pieces = defaultdict(list)
        for p in members:
            pieces[common if shared else p.eligible].append(p)
        for eligible, people in sorted(pieces.items(), key=lambda item: -len(item[1])):
            candidates = self.indices(eligible)
            while people and candidates:
                i = max(candidates, key=lambda i: (board.free(i), -i))
                seats = board.free(i)
                if seats <= 0:
                    break
                for p in people[:seats]:
                    self.put(p, i)
                parts[i] += min(seats, len(people))
                people = people[seats:]
            for p in people:
                if p.eligible != eligible:
                    i = self.queue(p.eligible, self.theme_index[p.theme]).best()
                    if i is not None:
                        self.put(p, i)
                        parts[i] += 1
        self.explain(
            "together_split",
            kecamatan=code,
            name=self.name(code),
            size=len(members),
            reason="seats" if shared else "invitations",
            largest=largest,
            parts=[[self.sessions[i].label, n] for i, n in sorted(parts.items())],
            unplaced=len(members) - sum(parts.values()),
        )

    # spread -----------------------------------------------------------------------------------

    def spread(self):
        groups, alone = self.kecamatans()
        ti = self.theme_index
        slot_of = self.slot_of

        def reach(members):
            """Date slots open to any of the members (most constrained kecamatans go first)."""
            distinct = {p.eligible for p in members}
            union = distinct.pop() if len(distinct) == 1 else frozenset().union(*distinct)
            return self.open_slots(union)

        order = sorted(
            ((reach(members), -len(members), code, members) for code, members in groups.items()),
            key=lambda item: item[:3],
        )
        for available, _minus_size, code, members in order:
            used = Counter()
            for p in members:
                i = self.queue(p.eligible, ti[p.theme]).best(used)
                if i is not None:
                    self.put(p, i)
                    used[slot_of[i]] += 1
            placed = sum(used.values())
            if placed < 2:
                continue
            if len(used) == 1:
                start, end = self.spans[next(iter(used))]
                self.explain(
                    "spread_same_dates",
                    kecamatan=code,
                    name=self.name(code),
                    size=placed,
                    start=_day(start),
                    end=_day(end),
                    reason="one_slot" if available <= 1 else "full",
                )
            away = max(used.values())
            if not self.worst[1] or away * self.worst[1] > self.worst[0] * placed:
                self.worst = (away, placed)
        alone.sort(key=lambda p: (ti[p.theme], p.id))
        for p in alone:
            i = self.queue(p.eligible, ti[p.theme]).best({})
            if i is not None:
                self.put(p, i)
        if self.worst[1] and len(self.spans) > 1:
            self.explain(
                "spread_summary", slots=len(self.spans), away=self.worst[0], size=self.worst[1]
            )

    # after ------------------------------------------------------------------------------------

    def shortages(self):
        board, sessions = self.board, self.sessions
        lost = [p for p in self.people if self.assignment[p.id] is None]
        not_invited = sum(1 for p in lost if not self.indices(p.eligible))
        if not_invited:
            self.explain("not_invited", count=not_invited)
        for i, s in enumerate(sessions):
            seats = max(0, int(s.capacity))
            if board.pools_of[i] and board.cap0[i] < seats:
                self.explain("beds_limit", session=s.label, seats=seats, beds=board.cap0[i])
        reachable = set()
        sizes = Counter(p.eligible for p in self.people)
        for eligible in sizes:
            reachable.update(self.indices(eligible))
        for i, s in enumerate(sessions):
            if i not in reachable:
                self.explain("session_unused", session=s.label)
        short = [p for p in lost if self.indices(p.eligible)]
        if not short:
            return
        self.explain(
            "seats_short",
            unplaced=len(short),
            participants=len(self.people) - not_invited,
            seats=sum(board.cap0),
        )
        if len(sizes) > 1:
            for eligible, unplaced in Counter(p.eligible for p in short).most_common():
                indices = self.indices(eligible)
                self.explain(
                    "class_short",
                    sessions=[sessions[i].label for i in indices[:6]],
                    more_sessions=max(0, len(indices) - 6),
                    participants=sizes[eligible],
                    seats=sum(board.cap0[i] for i in indices),
                    unplaced=unplaced,
                )
        for i, s in enumerate(sessions):
            if board.cap_left[i] > 0 and board.pools_of[i] and board.free(i) <= 0:
                self.explain("beds_full", session=s.label, seats=board.cap_left[i])

    def finish(self):
        for kind, count in self.details.items():
            if count > MAX_DETAILS:
                self.explanations.append({"kind": "more", "of": kind, "count": count - MAX_DETAILS})
        self.explanations.sort(key=explanation_order)


ORDER = [
    "all_placed",
    "seats_short",
    "not_invited",
    "class_short",
    "beds_limit",
    "beds_full",
    "session_unused",
    "spread_summary",
]


def explanation_order(item):
    """Summaries first, then the details of each kind, each followed by its "… more"."""
    kind = item["of"] if item["kind"] == "more" else item["kind"]
    rank = ORDER.index(kind) if kind in ORDER else len(ORDER)
    return (rank, kind, item["kind"] == "more")


def propose(participants, sessions, *, mode, beds=None, kecamatan_names=None) -> Plan:
    """Assign ``participants`` (list of :class:`Person`) to ``sessions`` (list of
    :class:`Session`) in ``mode`` ("together" or "spread"). ``beds``: free beds per pool key.
    ``kecamatan_names``: code → name, for the explanations.

    Invariants: each participant is in the assignment once, with a session id he is eligible
    for or None; no session gets more than its capacity, no pool more than its beds.
    """
    participants = list(participants)
    sessions = list(sessions)
    run = _Run(participants, sessions, mode=mode, beds=beds, names=kecamatan_names)
    if mode == TOGETHER:
        run.together()
    else:
        run.spread()
    run.shortages()
    stats, _facts = _measure(
        participants, sessions, run.assignment, run.board, run.slot_of, run.spans, mode
    )
    if not stats["unplaced"]:
        run.explanations.insert(0, {"kind": "all_placed", "count": stats["placed"]})
    if mode == SPREAD and run.worst[1]:
        stats["kecamatans"]["most_away"] = list(run.worst)
    run.finish()
    return Plan(assignment=run.assignment, explanations=run.explanations, stats=stats)


# Measuring an assignment (also one the organiser changed) ---------------------------------------


def _measure(participants, sessions, assignment, board, slot_of, spans, mode):
    """Stats of an assignment, and the facts about kecamatans (split, same dates)."""
    index = board.index
    count = [0] * len(sessions)
    themes_of = [Counter() for _ in sessions]
    overall = Counter()
    placed = 0
    kecamatans = defaultdict(list)
    for p in participants:
        sid = assignment.get(p.id)
        t = theme_key(p.theme)
        overall[t] += 1
        if sid is not None and sid in index:
            i = index[sid]
            count[i] += 1
            themes_of[i][t] += 1
            placed += 1
        if p.kecamatan and p.position in GROUPED:
            kecamatans[p.kecamatan].append(index.get(sid) if sid is not None else None)
    total = len(participants)
    shares = {t: n / total for t, n in overall.items()} if total else {}
    distances, deviation = [], 0.0
    for i in range(len(sessions)):
        n = count[i]
        if not n:
            continue
        distance = 0.0
        for t, share in shares.items():
            got = themes_of[i].get(t, 0)
            distance += abs(got / n - share)
            deviation = max(deviation, abs(got - n * share))
        distances.append(distance / 2)
    split = together = same_dates = 0
    split_list, same_list = [], []
    for code, where in kecamatans.items():
        if len(where) < 2:
            continue
        seated = [i for i in where if i is not None]
        if len(set(seated)) > 1:
            split += 1
            split_list.append((code, Counter(seated)))
        elif len(seated) == len(where):
            together += 1
        if len(seated) >= 2:
            used = Counter(slot_of[i] for i in seated)
            if len(used) == 1:
                same_dates += 1
                same_list.append((code, len(seated), next(iter(used))))
    seats = sum(board.cap0)
    stats = {
        "mode": mode,
        "participants": total,
        "placed": placed,
        "unplaced": total - placed,
        "seats": seats,
        "slots": len(spans),
        "sessions": {
            str(s.id): {
                "count": count[i],
                "capacity": board.cap0[i],
                "themes": dict(sorted(themes_of[i].items())),
            }
            for i, s in enumerate(sessions)
        },
        "themes": dict(sorted(overall.items())),
        "balance": {
            "mean": round(sum(distances) / len(distances), 4) if distances else 0.0,
            "max": round(max(distances), 4) if distances else 0.0,
            "max_deviation": round(deviation, 2),
        },
        "kecamatans": {
            "total": sum(1 for where in kecamatans.values() if len(where) >= 2),
            "together": together,
            "split": split,
            "same_dates": same_dates,
        },
    }
    facts = {"split": split_list, "same_dates": same_list}
    return stats, facts


def evaluate(
    participants, sessions, assignment, *, mode, beds=None, kecamatan_names=None, note=None
):
    """Stats and explanations of a given assignment (after the organiser's moves): sessions
    over their seats or beds, kecamatans split (together) or with every leader on the same
    dates (spread), participants without a session. Returns (stats, explanations)."""
    participants = list(participants)
    sessions = list(sessions)
    names = kecamatan_names or {}
    board = _Board(sessions, beds or {}, [])
    slot_of, spans = _slots(sessions)
    stats, facts = _measure(participants, sessions, assignment, board, slot_of, spans, mode)
    explanations = [note] if note else []
    details = Counter()

    def explain(kind, **params):
        details[kind] += 1
        if details[kind] <= MAX_DETAILS:
            explanations.append({"kind": kind, **params})

    for problem in overfull(sessions, assignment, beds=beds):
        explain(**problem)
    if mode == TOGETHER:
        for code, parts in facts["split"]:
            explain(
                "split",
                kecamatan=code,
                name=names.get(code, code),
                size=sum(parts.values()),
                parts=[[sessions[i].label, n] for i, n in sorted(parts.items())],
            )
    else:
        for code, size, slot in facts["same_dates"]:
            start, end = spans[slot]
            explain(
                "same_dates",
                kecamatan=code,
                name=names.get(code, code),
                size=size,
                start=_day(start),
                end=_day(end),
            )
    if stats["unplaced"]:
        explain("unplaced", count=stats["unplaced"])
    else:
        explanations.insert(0, {"kind": "all_placed", "count": stats["placed"]})
    for kind, count in details.items():
        if count > MAX_DETAILS:
            explanations.append({"kind": "more", "of": kind, "count": count - MAX_DETAILS})
    return stats, explanations


def overfull(sessions, assignment, *, beds=None):
    """Sessions given more people than their free seats, and bed pools given more people
    than their free beds: a list of {"kind": "over_seats"|"over_beds", ...}."""
    sessions = list(sessions)
    beds = beds or {}
    by_id = {s.id: s for s in sessions}
    count = Counter(sid for sid in assignment.values() if sid in by_id)
    problems = []
    pool_use = Counter()
    pool_sessions = defaultdict(list)
    pool_ids = defaultdict(list)
    for s in sessions:
        n = count.get(s.id, 0)
        if n > s.capacity:
            problems.append(
                {
                    "kind": "over_seats",
                    "session": s.label,
                    "seats": s.capacity,
                    "count": n,
                    "session_ids": [s.id],
                }
            )
        for key in s.pools:
            if key in beds:
                pool_use[key] += n
                pool_sessions[key].append(s.label)
                pool_ids[key].append(s.id)
    for key, n in pool_use.items():
        if n > beds[key]:
            problems.append(
                {
                    "kind": "over_beds",
                    "sessions": pool_sessions[key],
                    "beds": int(beds[key]),
                    "count": n,
                    "session_ids": pool_ids[key],
                }
            )
    return problems


# Explanations in words --------------------------------------------------------------------------


def _dates(item):
    start, end = date.fromisoformat(item["start"]), date.fromisoformat(item["end"])
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, 'j F Y')}"
    first = date_format(start, "j F" if start.year == end.year else "j F Y")
    return f"{first}–{date_format(end, 'j F Y')}"


def _parts(parts):
    return ", ".join(f"{label} ({n})" for label, n in parts)


def explanation_text(item: dict) -> str:
    """One explanation in the active language."""
    kind = item.get("kind")
    if kind == "all_placed":
        return ngettext(
            "The participant has a session.",
            "Every participant (%(count)d) has a session.",
            item["count"],
        ) % {"count": item["count"]}
    if kind == "not_invited":
        return ngettext(
            "%(count)d participant is not invited to any of the chosen sessions and was not "
            "scheduled.",
            "%(count)d participants are not invited to any of the chosen sessions and were not "
            "scheduled.",
            item["count"],
        ) % {"count": item["count"]}
    if kind == "seats_short":
        short = max(item["unplaced"], item["participants"] - item["seats"])
        return _(
            "Seats ran out: %(participants)d participants for %(seats)d free seats. "
            "%(unplaced)d could not be placed; %(short)d more seats would be needed."
        ) % {**item, "short": short}
    if kind == "class_short":
        sessions = ", ".join(item["sessions"])
        if item.get("more_sessions"):
            sessions += " " + _("and %(count)d more") % {"count": item["more_sessions"]}
        return _(
            "%(unplaced)d of the %(participants)d participants invited to %(sessions)s could "
            "not be placed: those sessions have %(seats)d free seats (some shared with others)."
        ) % {**item, "sessions": sessions}
    if kind == "beds_limit":
        return (
            _(
                "“%(session)s” has %(seats)d free seats but its venue has only %(beds)d free beds "
                "for its nights: at most %(beds)d participants can be placed there."
            )
            % item
        )
    if kind == "beds_full":
        return (
            _(
                "“%(session)s” still has %(seats)d seats, but the venue's beds for its nights are "
                "taken by the sessions overlapping there."
            )
            % item
        )
    if kind == "session_unused":
        return _("Nobody to schedule may attend “%(session)s”: it invites none of them.") % item
    if kind == "together_split":
        if item["reason"] == "invitations":
            why = _("its camat and lurahs are not all invited to one same session")
        elif not item["largest"]:
            why = _("the sessions they may all attend had no seats left")
        else:
            why = _("no session they may all attend had %(size)d free seats (at most %(largest)d)")
        text = _("Kecamatan %(name)s (%(size)d leaders) could not be kept together: %(why)s.") % {
            **item,
            "why": why % item,
        }
        if item["parts"]:
            text += " " + _("Split over: %(parts)s.") % {"parts": _parts(item["parts"])}
        if item["unplaced"]:
            text += " " + _("%(count)d not placed.") % {"count": item["unplaced"]}
        return text
    if kind == "spread_same_dates":
        if item["reason"] == "one_slot":
            why = _("only one date slot is open to them")
        else:
            why = _("the sessions on other dates had no seats left")
        return _(
            "All %(size)d leaders of Kecamatan %(name)s are away on the same dates "
            "(%(dates)s): %(why)s."
        ) % {**item, "dates": _dates(item), "why": why}
    if kind == "spread_summary":
        return (
            ngettext(
                "The leaders of each kecamatan are spread over the date slot: at most %(away)d of "
                "a kecamatan's %(size)d leaders are away at the same time.",
                "The leaders of each kecamatan are spread over the %(slots)d date slots: at most "
                "%(away)d of a kecamatan's %(size)d leaders are away at the same time.",
                item["slots"],
            )
            % item
        )
    if kind == "split":
        return _("Kecamatan %(name)s (%(size)d leaders) is split: %(parts)s.") % {
            **item,
            "parts": _parts(item["parts"]),
        }
    if kind == "same_dates":
        return _(
            "All %(size)d leaders of Kecamatan %(name)s are away on the same dates (%(dates)s)."
        ) % {**item, "dates": _dates(item)}
    if kind == "over_seats":
        return _("“%(session)s” has %(count)d participants for %(seats)d free seats.") % item
    if kind == "over_beds":
        return _(
            "%(sessions)s: %(count)d participants for %(beds)d free beds at the venue on the "
            "same nights."
        ) % {**item, "sessions": ", ".join(f"“{label}”" for label in item["sessions"])}
    if kind == "unplaced":
        return (
            ngettext(
                "%(count)d participant has no session.",
                "%(count)d participants have no session.",
                item["count"],
            )
            % item
        )
    if kind == "already_seated":
        return (
            ngettext(
                "%(count)d participant already has a seat in a session of this programme and was "
                "left as he is.",
                "%(count)d participants already have a seat in a session of this programme and "
                "were left as they are.",
                item["count"],
            )
            % item
        )
    if kind == "busy":
        return (
            ngettext(
                "%(count)d participant has a seat in another session at the same time as some of "
                "these; he was kept out of those.",
                "%(count)d participants have a seat in other sessions at the same time as some of "
                "these; they were kept out of those.",
                item["count"],
            )
            % item
        )
    if kind == "adjusted":
        return (
            ngettext(
                "%(count)d participant was moved by hand.",
                "%(count)d participants were moved by hand.",
                item["count"],
            )
            % item
        )
    if kind == "more":
        return (
            ngettext(
                "… and %(count)d more like this.", "… and %(count)d more like these.", item["count"]
            )
            % item
        )
    return str(item)
