"""Reads of visioning materials and their acknowledgements, each in a fixed number of queries:
who is in a material's audience, a participant's materials on the Dasbor, the reader's own
acknowledgement on the material's page, and the organisers' and coaches' listings."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from cms.visioning import VisioningIndexPage, VisioningMaterialPage
from cohorts.models import Participant, Region
from cohorts.selectors import (
    participant_get_for_user,
    participants_in_audience,
    unit_is_under,
    units_under_q,
)
from lms.models import VisioningAcknowledgement, VisioningRating


def _region_codes(material) -> list[str]:
    """The audience's region codes: from a prefetch when there is one, else one query."""
    return [region.code for region in material.audience_regions.all()]


def material_audience(*, material: VisioningMaterialPage) -> QuerySet[Participant]:
    """Every participant the material's audience takes (positions AND regions; an empty
    criterion does not restrict)."""
    return participants_in_audience(
        positions=material.audience_positions, region_codes=_region_codes(material)
    )


def material_in_audience(*, material: VisioningMaterialPage, participant: Participant) -> bool:
    """Whether ``participant`` is in the material's audience (no query once the material's
    regions are prefetched and the participant's unit is loaded)."""
    positions = material.audience_positions or []
    if positions and participant.position not in positions:
        return False
    codes = _region_codes(material)
    return not codes or unit_is_under(participant.unit.code, codes)


def materials_live():
    """Live materials with their audience's region codes prefetched (two queries)."""
    return (
        VisioningMaterialPage.objects.live()
        .prefetch_related(Prefetch("audience_regions", queryset=Region.objects.only("code")))
        .order_by("deadline", "pk")
    )


@dataclass
class DueMaterial:
    material: VisioningMaterialPage
    acknowledgement: VisioningAcknowledgement | None
    is_open: bool

    @property
    def overdue(self) -> bool:
        return self.acknowledgement is None and not self.is_open


def visioning_list_for_participant(*, participant: Participant, today=None) -> list[DueMaterial]:
    """The live materials whose audience takes ``participant``, each with his acknowledgement
    of its current version (or None) and whether it can still be given or amended; those
    still to acknowledge first, then by deadline. Three queries however many materials."""
    today = today or timezone.localdate()
    materials = [
        material
        for material in materials_live()
        if material_in_audience(material=material, participant=participant)
    ]
    if not materials:
        return []
    acknowledgements = {
        (ack.material_id, ack.version): ack
        for ack in VisioningAcknowledgement.objects.filter(
            participant=participant, material__in=[m.pk for m in materials]
        )
    }
    rows = [
        DueMaterial(
            material=material,
            acknowledgement=acknowledgements.get((material.pk, material.version)),
            is_open=material.is_open(today),
        )
        for material in materials
    ]
    rows.sort(key=lambda row: (row.acknowledgement is not None, row.material.deadline))
    return rows


def acknowledgement_get(*, material: VisioningMaterialPage, participant: Participant):
    """The participant's acknowledgement of the material's current version, with its earlier
    wordings, or None (two queries)."""
    return (
        VisioningAcknowledgement.objects.filter(
            material=material, version=material.version, participant=participant
        )
        .prefetch_related("changes")
        .first()
    )


@dataclass
class MaterialContext:
    """What the material's page shows its reader."""

    key_messages: list
    participant: Participant | None = None
    acknowledgement: VisioningAcknowledgement | None = None
    may_acknowledge: bool = False
    is_open: bool = True
    related_lessons: list = field(default_factory=list)


def material_context(*, material: VisioningMaterialPage, participant, in_audience: bool):
    ack = None
    if participant is not None and in_audience:
        ack = acknowledgement_get(material=material, participant=participant)
    return MaterialContext(
        key_messages=material.key_message_list,
        participant=participant,
        acknowledgement=ack,
        may_acknowledge=participant is not None and in_audience,
        is_open=material.is_open(),
        related_lessons=[
            link.lesson
            for link in material.related_lessons.select_related("lesson").filter(lesson__live=True)
        ],
    )


def visioning_page_context(*, page, user) -> dict:
    """The context the visioning pages get from the learning engine (``PAGE_CONTEXT_HOOK``):
    on the index, the reader's materials (staff: every live one); on a material, the reader's
    acknowledgement and whether he may give one, and the paparan's address."""
    participant = participant_get_for_user(user)
    if isinstance(page, VisioningIndexPage):
        if participant is not None:
            return {"materials": visioning_list_for_participant(participant=participant)}
        today = timezone.localdate()
        return {
            "materials": [
                DueMaterial(material=m, acknowledgement=None, is_open=m.is_open(today))
                for m in materials_live()
            ]
        }
    in_audience = participant is not None and material_in_audience(
        material=page, participant=participant
    )
    return {
        "visioning": material_context(
            material=page, participant=participant, in_audience=in_audience
        ),
        "paparan_url": (
            reverse("lms:visioning_paparan", args=[page.pk]) if page.paparan_id else ""
        ),
    }


def key_message_titles(material: VisioningMaterialPage, ids) -> list[str]:
    titles = {block_id: title for block_id, title, _text in material.key_message_list}
    return [titles[block_id] for block_id in ids if block_id in titles]


def acknowledgement_list() -> QuerySet[VisioningAcknowledgement]:
    """Every acknowledgement for the admin's listing: participant, unit and material in the
    same query, the coaches' mean rating and the number of amendments annotated."""
    return VisioningAcknowledgement.objects.select_related(
        "participant__unit", "material", "recorded_by"
    ).annotate(
        rating_mean=Avg("ratings__score"),
        rating_count=Count("ratings", distinct=True),
    )


def acknowledgement_detail(*, pk: int) -> VisioningAcknowledgement:
    """One acknowledgement with its earlier wordings and ratings (three queries)."""
    return (
        VisioningAcknowledgement.objects.select_related(
            "participant__unit", "material", "recorded_by"
        )
        .prefetch_related("changes__changed_by", "ratings__rated_by")
        .get(pk=pk)
    )


def missing_participants(
    *, material: VisioningMaterialPage, version: int | None = None, within: str | None = None
) -> QuerySet[Participant]:
    """The participants of the material's audience (in or under ``within``, a region code)
    who have not acknowledged ``version`` (the current one unless given), with their unit and
    account, by unit and name."""
    audience = material_audience(material=material)
    if within:
        audience = audience.filter(units_under_q([within]))
    done = VisioningAcknowledgement.objects.filter(
        material=material,
        version=material.version if version is None else version,
        participant=OuterRef("pk"),
    )
    return (
        audience.filter(~Exists(done))
        .select_related("unit", "user")
        .order_by("unit__code", "name", "pk")
    )


def reminder_rounds_recent(*, material: VisioningMaterialPage, within: str | None = None):
    """The material's last three reminder rounds sent within the same units, newest first."""
    return list(
        material.reminder_rounds.filter(within=within or "")
        .select_related("requested_by")
        .order_by("-created_at", "-pk")[:3]
    )


def responses_for_export(*, material: VisioningMaterialPage, within: str | None = None):
    """Every response to the material's current version from the units in or under
    ``within``, as ``alignment_responses`` reads a page of them, for an export; each with its
    key messages' titles (``key_titles``)."""
    acks = (
        acknowledgement_list()
        .filter(material=material, version=material.version)
        .order_by("participant__unit__code", "participant__name", "pk")
    )
    if within:
        acks = acks.filter(units_under_q([within], field="participant__unit__code"))
    titles = {block_id: title for block_id, title, _text in material.key_message_list}
    for ack in acks.iterator(chunk_size=500):
        ack.key_titles = [titles[i] for i in ack.key_message_ids if i in titles]
        yield ack


# Alignment: who in the audience acknowledged, by kota and kecamatan -----------------------

MISSING_PER_PAGE = 50


@dataclass
class AlignmentRow:
    code: str
    name: str
    total: int
    acknowledged: int

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.total) if self.total else 0


@dataclass
class Alignment:
    material: VisioningMaterialPage
    total: int
    acknowledged: int
    by_kota: list
    by_kecamatan: list
    missing: object  # a Paginator page of participants
    rating_mean: float | None

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.total) if self.total else 0


def alignment_get(
    *, material: VisioningMaterialPage, within: str | None = None, missing_page=1
) -> Alignment:
    """The material's audience (narrowed to the units in or under ``within``, a region code)
    and how much of it acknowledged the current version: by kota and by kecamatan (their
    code prefixes), the participants still missing (a page of ``MISSING_PER_PAGE``) and the
    coaches' mean understanding. A fixed number of queries, whatever the audience's size."""
    audience = material_audience(material=material)
    if within:
        audience = audience.filter(units_under_q([within]))
    current = VisioningAcknowledgement.objects.filter(
        material=material, version=material.version, participant=OuterRef("pk")
    )
    rows = audience.annotate(done=Exists(current))
    groups = {}
    for key, length in (("kota", 5), ("kecamatan", 8)):
        groups[key] = list(
            rows.annotate(group=Substr("unit__code", 1, length))
            .values("group")
            .annotate(total=Count("pk"), acknowledged=Count("pk", filter=Q(done=True)))
            .order_by("group")
        )
    codes = {row["group"] for rows_ in groups.values() for row in rows_}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))

    def as_rows(found):
        return [
            AlignmentRow(
                code=row["group"],
                name=names.get(row["group"], row["group"]),
                total=row["total"],
                acknowledged=row["acknowledged"],
            )
            for row in found
        ]

    by_kota = as_rows(groups["kota"])
    missing = Paginator(
        rows.filter(done=False).select_related("unit").order_by("unit__code", "name", "pk"),
        MISSING_PER_PAGE,
    ).get_page(missing_page)
    rating_mean = VisioningRating.objects.filter(
        acknowledgement__material=material,
        acknowledgement__version=material.version,
        acknowledgement__participant__in=audience.values("pk"),
    ).aggregate(mean=Avg("score"))["mean"]
    return Alignment(
        material=material,
        total=sum(row.total for row in by_kota),
        acknowledged=sum(row.acknowledged for row in by_kota),
        by_kota=by_kota,
        by_kecamatan=as_rows(groups["kecamatan"]),
        missing=missing,
        rating_mean=rating_mean,
    )


RESPONSES_PER_PAGE = 25


def alignment_responses(
    *, material: VisioningMaterialPage, within: str | None = None, kecamatan: str = "", page=1
):
    """A page of the responses to the material's current version from the units in or under
    ``within`` (and ``kecamatan``, a code, when given): each with its participant and unit,
    the titles of the key messages it answers (``key_titles``) and the coaches' mean rating.
    Two queries."""
    acks = (
        acknowledgement_list()
        .filter(material=material, version=material.version)
        .order_by("participant__unit__code", "pk")
    )
    if within:
        acks = acks.filter(units_under_q([within], field="participant__unit__code"))
    if kecamatan:
        acks = acks.filter(units_under_q([kecamatan], field="participant__unit__code"))
    responses = Paginator(acks, RESPONSES_PER_PAGE).get_page(page)
    titles = {block_id: title for block_id, title, _text in material.key_message_list}
    for ack in responses:
        ack.key_titles = [titles[i] for i in ack.key_message_ids if i in titles]
    return responses
