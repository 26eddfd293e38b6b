"""The permission matrix: every URL pattern of the site (Wagtail's admin included) and every
admin menu item, requested as the public and as each role, held to README's permission table.

The world. One module-wide set of real objects (built once, inside a transaction rolled back
after the module; each test adds a savepoint): a trainee with an account, enrolled, with a pre-
and post-test submitted and a test open, a certificate with its PDF and a certificate batch;
staff users of every role; a session of yesterday and today run by the world's facilitator (his
"own" session) and one of next month run by nobody; bookings, attendance, a notice, a cohort, a
schedule proposal, a roster import, a built roster export, an outbox email, an invitation; case
studies (drafts, one in review, the trainee's accepted one in the digital collection, its
programme's built collection book); and Wagtail's objects (pages of every type, an alias,
revisions in a workflow, images, documents, collections, a redirect, view restrictions, an
editing session, uploads).

The URLs. ``routes()`` walks the root resolver into every include. ``fill()`` gives each
argument of a pattern an object of the world: first ``ROUTE_FILLERS`` (a route glob → values,
or ``Variants`` to request one pattern with several objects: ``wagtail_serve@lesson``,
``cohorts_session:bookings@other``), then ``<pk>`` of a Wagtail viewset by the viewset's model,
then ``PARAM_FILLERS`` by argument name. A pattern that cannot be filled fails
``test_every_pattern_is_filled`` with its name, unless ``permission_table.UNREACHABLE`` lists
it with a reason. The URL is rebuilt from the pattern and must resolve back to it.

The answers. Each (URL, who) is a GET without following redirects; the test then follows them
itself (memoised per role) to find any 5xx and any loop, which always fail. The first rule of
``permission_table.RULES`` matching the URL says which README rows govern it: who is allowed,
and what an allowed request gets (``answer``):

- ``page``: 200 (an HTML page, or the JSON of Wagtail's modal choosers and APIs);
- ``file:<type>``: 200 with that content type (PDF, XLSX, CSV, calendar, PNG);
- ``redirect``: a redirect whose chain ends in 200 without being refused on the way (views
  that only send elsewhere: explorer root, ``revisions/``, a GET of the test-start address);
- ``page|redirect``: either (allauth's pages, which send a signed-in visitor to the Dasbor);
- ``post``: 405 to a GET (the view only takes POST; its permission check is not exercised by a
  GET, and a refused role may get the 405 too — but never a 200);
- ``absent``: 404 (switched off by the settings, or nothing of that kind exists for anybody);
- ``bulk``: 200, a bulk action's confirmation listing the chosen object among those the user
  may act on (refused: listed among those "without access").

A refused request gets a 403, or a redirect to the sign-in page (``/akun/login/`` or the
admin's ``/admin/login/``), or Wagtail's refusal (a redirect to the admin home with an error
message) — at the first step or anywhere in its chain of redirects; a 404 counts as a refusal
only where the rule says ``hidden`` (a view that answers "not found" to outsiders so that an id
reveals nothing). Patterns no rule covers still get the 5xx/loop check, but every pattern of
the project itself (its namespaces, its views, its viewsets) must have a rule.

README's table (section "Roles and permissions") must list exactly ``permission_table.ROWS``.
"""

import dataclasses
import datetime
import fnmatch
import io
import json
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import constants as message_levels
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from django.utils.regex_helper import normalize
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from core.roles import Role
from tests.permission_table import (
    AUDIENCES,
    NOT_REQUESTED,
    PROJECT_APPS,
    PROJECT_NAMESPACES,
    ROWS,
    RULES,
    UNREACHABLE,
    Rule,
)

PASSWORD = "Matriks-Izin-2019!"
MAX_HOPS = 6
LOCAL_HOSTS = {"testserver", "localhost", "127.0.0.1"}
README = Path(__file__).resolve().parent.parent / "README.md"

# Wagtail leaves the temporary file of each new image rendition open (wagtail/wagtail#14055);
# the admin makes renditions of the world's image. Only that warning is let through.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Unclosed file <tempfile.SpooledTemporaryFile:ResourceWarning"
)


# The world: one real object of every kind a URL takes -------------------------------------------


class World(dict):
    """The objects built by ``build_world``, by attribute; ``by_model`` maps a model to the
    object a viewset's ``<pk>`` gets."""

    __getattr__ = dict.__getitem__
    __setattr__ = dict.__setitem__


def _png():
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _people(w):
    from allauth.account.models import EmailAddress

    from cohorts.models import Theme
    from lms.services.accounts import (
        invitation_token,
        participant_invite,
        user_create_for_participant,
    )
    from tests.factories import make_participant, make_region_tree

    user_model = get_user_model()
    w.users = {}
    for role in Role.values:
        if role == Role.PESERTA:
            continue
        user = user_model.objects.create_user(
            username=f"matriks-{role.lower()}",
            email=f"{role.lower()}@matriks.go.id",
            password=PASSWORD,
            first_name=role,
        )
        user.groups.add(Group.objects.get(name=role))
        w.users[role] = user
    w.organiser = w.users[Role.PENYELENGGARA]
    w.region = make_region_tree()["kelurahan"]
    w.theme = Theme.objects.order_by("sort_order").first()
    w.participant = make_participant(unit=w.region, name="Lurah Cideng")
    trainee = user_create_for_participant(participant=w.participant)
    trainee.set_password(PASSWORD)
    trainee.save()
    w.users[Role.PESERTA] = trainee
    w.email_address = EmailAddress.objects.create(
        user=trainee, email=trainee.email, primary=True, verified=False
    )
    w.invitee = make_participant(unit=w.region, name="Lurah Diundang")
    w.invitation = participant_invite(participant=w.invitee, invited_by=w.organiser)
    w.invitation_token = invitation_token(w.invitation)


def _learning(w):
    from cms.models import CompetencyArea, HomePage, Question
    from lms.models import Certificate
    from lms.services import learning
    from lms.services.certificate_batches import certificate_batch_create, certificate_batch_run
    from lms.services.certificates import (
        certificate_issue,
        certificate_render,
    )
    from tests.factories import answer_all, lessons_of, make_programme, modules_of

    # Programme A in progress: module 1 complete (pre- and post-test), module 2's pre-test open
    w.home = HomePage.objects.first()
    w.programme = make_programme(modules=2, lessons=2, questions=3, title="Pelatihan Matriks")
    w.module, w.module_open = modules_of(w.programme)
    w.lesson, w.lesson_second = lessons_of(w.module)
    w.area = CompetencyArea.objects.get(name="Kepemimpinan")
    w.question = Question.objects.filter(module=w.module).order_by("pk").first()
    w.enrolment = learning.enrolment_create(participant=w.participant, programme=w.programme)
    pre = learning.attempt_start(participant=w.participant, module=w.module, kind="pre")
    learning.attempt_submit(attempt=pre, answers=answer_all(pre, right=1))
    for lesson in lessons_of(w.module):
        learning.lesson_complete(participant=w.participant, lesson=lesson)
    post = learning.attempt_start(participant=w.participant, module=w.module, kind="post")
    w.attempt = learning.attempt_submit(attempt=post, answers=answer_all(post, right=3))
    w.attempt_open = learning.attempt_start(
        participant=w.participant, module=w.module_open, kind="pre"
    )
    w.reflection_block_id = next(
        block.id for block in w.lesson.body if block.block_type == "reflection"
    )
    # Programme B complete, with its certificate (PDF rendered) and a certificate batch
    w.programme_done = make_programme(modules=1, lessons=1, questions=2, title="Pelatihan Selesai")
    learning.enrolment_create(participant=w.participant, programme=w.programme_done)
    (w.module_done,) = modules_of(w.programme_done)
    for lesson in lessons_of(w.module_done):
        learning.lesson_complete(participant=w.participant, lesson=lesson)
    done = learning.attempt_start(participant=w.participant, module=w.module_done, kind="post")
    learning.attempt_submit(attempt=done, answers=answer_all(done, right=2))
    certificate = certificate_issue(participant=w.participant, programme=w.programme_done)
    certificate_render(certificate_id=certificate.pk)
    w.certificate = Certificate.objects.get(pk=certificate.pk)
    assert w.certificate.pdf, "the world's certificate has no PDF"
    w.batch = certificate_batch_create(programme=w.programme_done, requested_by=w.organiser)
    certificate_batch_run(batch_id=w.batch.pk)
    # Another participant's attempts and certificate: the trainee must not open them
    other = w.invitee
    learning.enrolment_create(participant=other, programme=w.programme)
    pre = learning.attempt_start(participant=other, module=w.module, kind="pre")
    w.attempt_other = learning.attempt_submit(attempt=pre, answers=answer_all(pre, right=2))
    w.attempt_open_other = learning.attempt_start(
        participant=other, module=w.module_open, kind="pre"
    )
    learning.enrolment_create(participant=other, programme=w.programme_done)
    for lesson in lessons_of(w.module_done):
        learning.lesson_complete(participant=other, lesson=lesson)
    done = learning.attempt_start(participant=other, module=w.module_done, kind="post")
    learning.attempt_submit(attempt=done, answers=answer_all(done, right=2))
    certificate = certificate_issue(participant=other, programme=w.programme_done)
    certificate_render(certificate_id=certificate.pk)
    w.certificate_other = Certificate.objects.get(pk=certificate.pk)


def _face_to_face(w):
    from cohorts.models import Attendance, Cohort, Room, SessionNotice
    from cohorts.scheduling.proposals import proposal_compute, proposal_create
    from cohorts.services.attendance import attendance_mark_grid
    from cohorts.services.bookings import booking_create
    from cohorts.services.cohorts import cohort_member_add
    from cohorts.services.notices import notices_queue
    from cohorts.services.roster import roster_import_create, roster_import_validate
    from cohorts.services.roster_export import roster_export_build, roster_export_queue
    from tests.factories import make_session, make_venue

    w.venue = make_venue(name="Kampus Matriks")
    w.room = w.venue.rooms.filter(kind=Room.Kind.CLASSROOM).first()
    today = timezone.localdate()
    # Yesterday and today, all day: today's QR check-in is open whenever the test runs.
    w.session = make_session(
        programme=w.programme,
        venue=w.venue,
        room=w.room,
        start=today - datetime.timedelta(days=1),
        days=2,
        title="Sesi Matriks",
        facilitators=[w.users[Role.FASILITATOR]],
    )
    w.session.days.update(starts=datetime.time(0, 0), ends=datetime.time(23, 59))
    w.day_past, w.day = list(w.session.days.order_by("date"))
    w.session_other = make_session(
        programme=w.programme,
        venue=w.venue,
        room=w.room,
        start=today + datetime.timedelta(days=30),
        days=1,
        title="Sesi Lain",
    )
    w.day_other = w.session_other.days.get()
    w.booking = booking_create(session=w.session, participant=w.participant, by=w.organiser)
    w.booking_other = booking_create(session=w.session, participant=w.invitee, by=w.organiser)
    attendance_mark_grid(day=w.day_past, marks={w.participant.pk: "hadir"}, by=w.organiser)
    w.attendance = Attendance.objects.get(day=w.day_past, participant=w.participant)
    notices_queue(booking_ids=[w.booking.pk], kind=SessionNotice.Kind.INVITATION)
    w.notice = SessionNotice.objects.filter(booking=w.booking).first()
    w.cohort = Cohort.objects.create(name="Angkatan Matriks", programme=w.programme, theme=w.theme)
    cohort_member_add(cohort=w.cohort, participant=w.participant, by=w.organiser)
    w.proposal = proposal_create(
        programme=w.programme, sessions=[w.session], mode="together", by=w.organiser
    )
    proposal_compute(proposal_id=w.proposal.pk)
    csv = (
        "NIP,Nama,Jabatan,Kode Wilayah,Pangkat/Golongan,Email,Telepon\n"
        f"{w.participant.nip},Lurah Cideng,Lurah,{w.region.code},III/c,"
        f"{w.participant.email},0812-3456-7890\n"
    )
    w.roster_import = roster_import_create(
        file=SimpleUploadedFile("peserta.csv", csv.encode()), uploaded_by=w.organiser
    )
    roster_import_validate(roster_import_id=w.roster_import.pk)
    w.roster_export = roster_export_queue(by=w.organiser)
    roster_export_build(roster_export_id=w.roster_export.pk)


def _case_studies(w):
    from casestudies.models import RubricCriterion
    from casestudies.services.case_studies import case_study_set_status, case_study_submit
    from casestudies.services.reviews import review_assign
    from tests.casestudies.factories import category, make_case_study, make_ready

    trainee = w.users[Role.PESERTA]
    other = get_user_model().objects.get(participant=w.invitee)
    submitted = make_ready(make_case_study(w.participant, trainee, title="Studi Matriks"), trainee)
    w.case_study = case_study_submit(case_study=submitted, by=trainee)
    w.case_study_draft = make_ready(
        make_case_study(w.participant, trainee, title="Draf Matriks"), trainee
    )
    # another participant's draft: nobody but its author opens it
    w.case_study_other = make_ready(make_case_study(w.invitee, other, title="Draf Lain"), other)
    w.case_study_draft_other = w.case_study_other
    w.photo = w.case_study.photos.get()
    w.photo_draft = w.case_study_draft.photos.get()
    w.photo_other = w.case_study_other.photos.get()
    w.photo_category = category()
    w.rubric_criterion = RubricCriterion.objects.order_by("pk").first()
    # the world's facilitator reviews the submitted one (his "own"), beside another reviewer
    reviewer_other = get_user_model().objects.create_user(
        username="matriks-penguji", email="penguji@matriks.go.id", password=PASSWORD
    )
    reviewer_other.groups.add(Group.objects.get(name=Role.FASILITATOR))
    w.assignment = review_assign(
        case_study=w.case_study, reviewer=w.users[Role.FASILITATOR], role="coach", by=w.organiser
    )
    w.assignment_other = review_assign(
        case_study=w.case_study, reviewer=reviewer_other, role="penguji", by=w.organiser
    )
    w.case_study = case_study_set_status(
        case_study=w.case_study, status="in_review", by=w.organiser
    )
    # a declared conflict of interest, not pinned (its delete view asks to confirm)
    from casestudies.services.reviews import conflict_declare

    w.conflict = conflict_declare(
        reviewer=reviewer_other, participant=w.invitee, kind="kinship", by=w.organiser
    )


def _collection(w):
    from casestudies.services.collection import collection_book_build, collection_book_queue
    from tests.casestudies.factories import make_submitted, move

    trainee = w.users[Role.PESERTA]
    # the trainee's accepted case study is in the collection (@own); the world's case study in
    # review is not, not even for its author (@other)
    w.collected = move(
        make_submitted(w.participant, trainee, title="Koleksi Matriks"),
        "in_review",
        "accepted",
        by=w.organiser,
    )
    w.collected_other = w.case_study
    w.collected_photo = w.collected.photos.get()
    w.collected_photo_other = w.photo
    w.collection_book = collection_book_queue(programme=w.programme, by=w.organiser)
    collection_book_build(collection_book_id=w.collection_book.pk)
    _presentations(w)


def _presentations(w):
    from casestudies.services.presentations import presentation_slot_schedule

    # the accepted case study is presented today before the world's facilitator (his "own"
    # panel seat) and another facilitator (the "other" seat)
    facilitator = w.users[Role.FASILITATOR]
    panellist_other = get_user_model().objects.get(username="matriks-penguji")
    w.slot = presentation_slot_schedule(
        case_study=w.collected,
        day=w.day,
        room=w.room,
        starts=datetime.time(9),
        ends=datetime.time(10),
        panel=[facilitator, panellist_other],
        by=w.organiser,
    )
    w.panel_member = w.slot.panel.get(panellist=facilitator)
    w.panel_member_other = w.slot.panel.get(panellist=panellist_other)


def _site(w):
    from core.health import heartbeat_record
    from core.outbox import email_queue

    w.heartbeat = heartbeat_record(name="matriks")
    w.email = email_queue(
        key="matriks:1",
        recipient=w.participant.email,
        subject="Undangan",
        text="Selamat datang.",
        send=False,
    )


def _wagtail(w):
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupApprovalTask,
        Page,
        PageViewRestriction,
        Site,
        UploadedFile,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from tests.factories import make_programme

    root_collection = Collection.get_first_root_node()
    w.collection = root_collection.add_child(name="Arsip Matriks")
    private_collection = root_collection.add_child(name="Rahasia Matriks")
    w.collection_restriction = CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type="password", password="rahasia"
    )
    w.image = Image.objects.create(title="Foto kegiatan", file=ContentFile(_png(), "foto.png"))
    w.document = Document.objects.create(
        title="Panduan", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="panduan.pdf")
    )
    w.uploaded_image = UploadedFile.objects.create(
        file=ContentFile(_png(), name="unggah.png"),
        for_content_type=ContentType.objects.get_for_model(Image),
        uploaded_by_user=w.organiser,
    )
    w.uploaded_document = UploadedFile.objects.create(
        file=ContentFile(b"teks", name="unggah.txt"),
        for_content_type=ContentType.objects.get_for_model(Document),
        uploaded_by_user=w.organiser,
    )
    w.site = Site.objects.get(is_default_site=True)
    w.group = Group.objects.get(name=Role.PENYELENGGARA)
    w.redirect = Redirect.objects.create(old_path="/lama", redirect_link="/")
    w.private_page = make_programme(modules=0, title="Pelatihan Tertutup")
    w.page_restriction = PageViewRestriction.objects.create(
        page=w.private_page, restriction_type="password", password="rahasia"
    )
    w.alias = w.private_page.create_alias(update_slug="pelatihan-alias")
    w.workflow = Workflow.objects.create(name="Persetujuan materi")
    w.task = GroupApprovalTask.objects.create(name="Persetujuan penyelenggara")
    w.task.groups.add(w.group)
    WorkflowTask.objects.create(workflow=w.workflow, task=w.task, sort_order=0)
    w.workflow_page = WorkflowPage.objects.create(workflow=w.workflow, page=w.programme)
    w.lesson.save_revision(user=w.organiser)
    w.workflow_state = w.workflow.start(w.lesson, w.organiser)
    w.task_state = w.workflow_state.current_task_state
    w.revision = w.lesson.latest_revision
    w.editing_session = EditingSession.objects.create(
        user=w.organiser,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(w.lesson.pk),
        last_seen_at=timezone.now(),
    )


def _visioning(w):
    from cohorts.models import Participant, Region
    from lms.services.visioning import acknowledgement_record
    from tests.factories import make_visioning_material

    w.visioning_material = make_visioning_material(
        title="Visi Matriks", regions=[w.region.parent], paparan=w.document
    )
    w.visioning_index = w.visioning_material.get_parent().specific
    # addressed to camat only: the world's trainee (a lurah) is outside its audience
    w.visioning_material_other = make_visioning_material(
        title="Visi Camat", positions=[Participant.Position.CAMAT], paparan=w.document
    )
    w.visioning_draft = make_visioning_material(
        title="Draf Visi Pimpinan",
        owner=w.users[Role.PIMPINAN],
        leader_unit=Region.objects.get(code="31"),
        publish=False,
    )
    # published, the Pimpinan's own: he follows it on the alignment dashboard
    w.visioning_own = make_visioning_material(
        title="Visi Pimpinan Terbit",
        owner=w.users[Role.PIMPINAN],
        leader_unit=Region.objects.get(code="31"),
    )
    w.visioning_ack = acknowledgement_record(
        material=w.visioning_material,
        participant=w.participant,
        application="Berlaku untuk kelurahan kami.",
        key_message_ids=[w.visioning_material.key_message_list[0][0]],
        commitment="Rapat warga bulanan.",
        commitment_date=timezone.localdate() + datetime.timedelta(days=7),
        by=w.users[Role.PESERTA],
    )


def _practices(w):
    from lms.services.practices import practice_post_create, practice_post_publish
    from tests.casestudies.factories import photo_bytes

    def photo():
        return SimpleUploadedFile("foto.jpg", photo_bytes(), content_type="image/jpeg")

    # the trainee's own, awaiting moderation; another participant's, published
    w.practice = practice_post_create(
        author=w.participant,
        theme=w.theme,
        title="Praktik Matriks",
        text="Taman baca warga.",
        photos=[(photo(), "Taman")],
    )
    w.practice_photo = w.practice.photos.get()
    w.practice_published = practice_post_publish(
        post=practice_post_create(
            author=w.invitee,
            theme=w.theme,
            title="Praktik Terbit",
            text="Bank sampah.",
            photos=[(photo(), "")],
        ),
        by=w.organiser,
    )
    w.practice_photo_published = w.practice_published.photos.get()


def _own_and_published(**keys):
    """Own: the trainee's post awaiting moderation; published: another participant's."""

    def fn(w):
        return Variants(
            {
                "own": {name: w[attr].pk for name, attr in keys.items()},
                "published": {name: w[f"{attr}_published"].pk for name, attr in keys.items()},
            }
        )

    return fn


def build_world():
    missing = [role for role in Role.values if not Group.objects.filter(name=role).exists()]
    assert not missing, f"the roles' data migrations did not run: {missing}"
    w = World()
    _people(w)
    _learning(w)
    _face_to_face(w)
    _case_studies(w)
    _collection(w)
    _site(w)
    _wagtail(w)
    _visioning(w)
    _practices(w)
    w.by_model = {}
    for value in list(w.values()):
        if hasattr(value, "_meta") and getattr(value, "pk", None):
            w.by_model.setdefault(type(value)._meta.concrete_model, value)
    w.by_model[get_user_model()] = w.organiser
    w.by_model[Page] = w.lesson
    return w


def object_of(w, model):
    """The world's object for a model: its own, else one of a subclass."""
    if model in w.by_model:
        return w.by_model[model]
    return next((obj for m, obj in w.by_model.items() if issubclass(m, model)), None)


# The URL patterns -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Route:
    ident: str  # "namespace:name", or the route text of an unnamed pattern
    namespace: str
    chain: tuple  # the patterns from the root resolver to this one

    @property
    def callback(self):
        return self.chain[-1].callback

    def params(self):
        return [name for pattern in self.chain for name in _template(pattern)[1]]


def _template(pattern):
    """(format string, argument names) of one pattern: ``("pages/%(page_id)s/", ["page_id"])``;
    an unnamed regex group is named ``_0``, ``_1``… as Django's ``normalize`` names it."""
    p = pattern.pattern
    if isinstance(p, RoutePattern):
        names = []

        def sub(match):
            names.append(match["name"])
            return f"%({match['name']})s"

        return re.sub(r"<(?:[^>:]+:)?(?P<name>[^>]+)>", sub, str(p)), names
    assert isinstance(p, RegexPattern), p
    template, names = normalize(str(p._regex))[0]
    return template, list(names)


def routes():
    found = []

    def walk(resolver, chain, namespaces):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                walk(pattern, (*chain, pattern), inner)
                continue
            whole = (*chain, pattern)
            namespace = ":".join(namespaces)
            if pattern.name:
                ident = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                ident = "".join(str(p.pattern) for p in whole)
            found.append(Route(ident, namespace, whole))

    walk(get_resolver(), (), ())
    return found


def build_url(route, values):
    parts = []
    for pattern in route.chain:
        template, names = _template(pattern)
        converters = getattr(pattern.pattern, "converters", {})
        parts.append(
            template
            % {
                name: converters[name].to_url(values[name])
                if name in converters
                else str(values[name])
                for name in names
            }
        )
    return "/" + "".join(parts)


# Filling the arguments --------------------------------------------------------------------------


class Unfillable(Exception):
    pass


@dataclasses.dataclass
class Variants:
    """Several value sets for one pattern, each requested as ``ident@label``."""

    values: dict


def _own_and_other(**keys):
    """``day_pk="day"`` → own: the world's ``day``, other: ``day_other`` (the facilitator's
    session and another; the trainee's attempt, certificate, booking and another's)."""

    def fn(w):
        return Variants(
            {
                "own": {name: w[attr].pk for name, attr in keys.items()},
                "other": {name: w[f"{attr}_other"].pk for name, attr in keys.items()},
            }
        )

    return fn


def _pages(w):
    return {"home": w.home, "programme": w.programme, "module": w.module, "lesson": w.lesson}


def _each_page(name, **more):
    """One variant per page type (and the pages of ``more``, by attribute of the world)."""

    def fn(w):
        pages = {**_pages(w), **{label: w[attr] for label, attr in more.items()}}
        return Variants({label: {name: page.pk} for label, page in pages.items()})

    return fn


def _serve(w):
    pages = {
        **_pages(w),
        "private": w.private_page,
        "visioning_index": w.visioning_index,
        "visioning": w.visioning_material,
        "visioning_other": w.visioning_material_other,
    }
    return Variants({label: {"_0": page.specific.url.lstrip("/")} for label, page in pages.items()})


def _bulk_actions(w):
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry._scan_for_bulk_actions()
    out = {}
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            for action, action_class in actions.items():
                obj = object_of(w, action_class.models[0]._meta.concrete_model)
                if obj is None:
                    raise Unfillable(f"the world has no {model_name} for bulk {action}")
                out[f"{app_label}.{model_name}.{action}"] = {
                    "app_label": app_label,
                    "model_name": model_name,
                    "action": action,
                    "?": f"id={obj.pk}",
                }
    return Variants(out)


def _block_previews(w):
    from cms.models import LessonPage

    stream = LessonPage._meta.get_field("body").stream_block
    return Variants(
        {
            name: {"?": f"id={block.definition_prefix}"}
            for name, block in stream.child_blocks.items()
            if block.is_previewable
        }
        or {"stream": {"?": f"id={stream.definition_prefix}"}}
    )


def _settings_model(w):
    from wagtail.contrib.settings.registry import registry

    models = list(registry)
    if not models:
        raise Unfillable("no settings model is registered")
    return {"app_name": models[0]._meta.app_label, "model_name": models[0]._meta.model_name}


def _form_page(w):
    from wagtail.contrib.forms.utils import get_form_types

    if not get_form_types():
        raise Unfillable("no form page type exists")
    raise Unfillable("form page types exist: add a form page to the world")


def _checkin(w):
    from cohorts.services.checkin import checkin_token

    return {"day_pk": w.day.pk, "token": checkin_token(w.day)}


def _password_reset_key(w):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = w.users[Role.PESERTA]
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


def _wagtail_password_reset(w):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = w.users[Role.PESERTA]
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _email_key(w):
    from allauth.account.models import EmailConfirmationHMAC

    return {"key": EmailConfirmationHMAC(w.email_address).key}


# (route glob → the world → {argument: value} or Variants of such); the first matching entry
# gives the arguments it names (and "?": a query string), ``<pk>`` of a viewset and
# PARAM_FILLERS the others.
ROUTE_FILLERS = [
    ("wagtail_serve", _serve),
    ("wagtaildocs_serve", lambda w: {"_0": w.document.pk, "_1": w.document.filename}),
    # MEDIA_ROOT served by Django itself, when the URLconf was loaded with DEBUG on
    ("^media/*", lambda w: {"path": w.image.file.name}),
    ("wagtail_bulk_action", _bulk_actions),
    ("wagtailadmin_block_preview", _block_previews),
    ("wagtailsettings:*", _settings_model),
    ("wagtailforms:*submissions*", _form_page),
    ("account_reset_password_from_key", _password_reset_key),
    ("wagtailadmin_password_reset_confirm", _wagtail_password_reset),
    ("account_confirm_email", _email_key),
    ("lms:invitation_accept", lambda w: {"token": w.invitation_token}),
    ("lms:attempt", _own_and_other(attempt_id="attempt_open")),
    ("lms:attempt_result", _own_and_other(attempt_id="attempt")),
    ("lms:reflection_save", lambda w: {"block_id": w.reflection_block_id}),
    ("lms:test_start", lambda w: {"page_id": w.module_open.pk, "kind": "post"}),
    ("certificates:download", _own_and_other(pk="certificate")),
    ("cohorts:booking_ics", _own_and_other(booking_id="booking")),
    ("cohorts:checkin", _checkin),
    ("lms:visioning_*", _own_and_other(page_id="visioning_material")),
    (
        "lms:practice_photo",
        lambda w: _add(_own_and_published(pk="practice_photo")(w), size="kecil"),
    ),
    ("lms:practice_photo_original", _own_and_published(pk="practice_photo")),
    ("lms:practice_detail", _own_and_published(pk="practice")),
    ("lms:practice_edit", _own_and_published(pk="practice")),
    ("lms:practice_moderate", _own_and_published(pk="practice")),
    ("lms:practice_feature", _own_and_published(pk="practice")),
    ("lms_visioning_remind", lambda w: {"pk": w.visioning_own.pk}),
    ("lms_visioning_export", lambda w: {"pk": w.visioning_own.pk}),
    ("casestudies:edit", _own_and_other(pk="case_study_draft")),
    ("casestudies:detail", _own_and_other(pk="case_study")),
    ("casestudies:paper_download", _own_and_other(pk="case_study")),
    ("casestudies:photo_image", lambda w: _add(_own_and_other(pk="photo")(w), size="kecil")),
    ("casestudies:photo_original", _own_and_other(pk="photo")),
    ("casestudies:photo_delete", lambda w: {"pk": w.photo_draft.pk}),
    ("casestudies:collection_detail", _own_and_other(pk="collected")),
    ("casestudies:collection_paper", _own_and_other(pk="collected")),
    (
        "casestudies:collection_image",
        lambda w: _add(_own_and_other(pk="collected_photo")(w), size="kecil"),
    ),
    ("casestudies:*", lambda w: {"pk": w.case_study_draft.pk}),
    ("casestudies_collection:status", lambda w: {"pk": w.collection_book.pk}),
    ("casestudies_collection:download", lambda w: {"pk": w.collection_book.pk}),
    ("casestudies_collection:*", lambda w: {"pk": w.programme.pk}),
    ("casestudies_casestudy:review", lambda w: {"pk": w.case_study.pk}),
    ("casestudies_review:score", _own_and_other(pk="assignment")),
    ("casestudies_presentation:slot", lambda w: {"pk": w.slot.pk}),
    ("casestudies_panel:score", _own_and_other(pk="panel_member")),
    (
        "wagtailadmin_pages:add",
        lambda w: Variants(
            {
                label: {
                    "content_type_app_name": "cms",
                    "content_type_model_name": f"{label}page",
                    "parent_page_id": parent.pk,
                }
                for label, parent in (
                    ("programme", w.home),
                    ("module", w.programme),
                    ("lesson", w.module),
                    ("visioningmaterial", w.visioning_index),
                )
            }
        ),
    ),
    (
        "wagtailadmin_pages:preview_on_add",
        lambda w: {
            "content_type_app_name": "cms",
            "content_type_model_name": "lessonpage",
            "parent_page_id": w.module.pk,
        },
    ),
    (
        "wagtailadmin_pages:type_use*",
        lambda w: {"content_type_app_name": "cms", "content_type_model_name": "lessonpage"},
    ),
    (
        "wagtailadmin_pages:choose_parent",
        lambda w: {"app_label": "cms", "model_name": "lessonpage"},
    ),
    ("wagtailadmin_pages:edit", _each_page("page_id", visioning_draft="visioning_draft")),
    ("wagtailadmin_pages:view_draft", _each_page("page_id")),
    # a programme with a certificate: the usage lists it (a viewset without an edit view)
    ("wagtailadmin_pages:usage", _each_page("page_id", certified="programme_done")),
    ("wagtailadmin_pages:convert_alias", lambda w: {"page_id": w.alias.pk}),
    (
        "wagtailadmin_pages:move_confirm",
        lambda w: {"page_to_move_id": w.lesson_second.pk, "destination_id": w.module_done.pk},
    ),
    (
        "wagtailadmin_pages:revisions_compare",
        lambda w: {"pk": w.lesson.pk, "revision_id_a": "earliest", "revision_id_b": "latest"},
    ),
    ("wagtailadmin_pages:*", lambda w: {"parent_page_id": w.module.pk}),
    ("wagtailadmin_explore*", lambda w: {"parent_page_id": w.programme.pk}),
    ("wagtailadmin_choose_page_child", lambda w: {"parent_page_id": w.programme.pk}),
    ("wagtailadmin_api:pages:find", lambda w: {"?": f"id={w.lesson.pk}"}),
    ("wagtailadmin_api:documents:find", lambda w: {"?": f"id={w.document.pk}"}),
    ("wagtailadmin_api:images:find", lambda w: {"?": f"id={w.image.pk}"}),
    ("wagtailadmin_api:pages:*", lambda w: {"pk": w.lesson.pk, "action_name": "publish"}),
    ("wagtailadmin_api:documents:*", lambda w: {"pk": w.document.pk}),
    ("wagtailadmin_api:images:*", lambda w: {"pk": w.image.pk}),
    ("wagtailadmin_tag_model_autocomplete", lambda w: {"app_name": "taggit", "model_name": "tag"}),
    (
        "wagtailadmin_collections:*",
        lambda w: {"pk": w.collection.pk, "collection_id": w.collection.pk},
    ),
    ("wagtailredirects:*", lambda w: {"redirect_id": w.redirect.pk}),
    (
        "wagtailadmin_workflows:remove",
        lambda w: {"page_pk": w.workflow_page.page_id, "workflow_pk": w.workflow.pk},
    ),
    (
        "wagtailadmin_workflows:add_task",
        lambda w: {"app_label": "wagtailcore", "model_name": "groupapprovaltask"},
    ),
    ("wagtailadmin_workflows:*task*", lambda w: {"pk": w.task.pk}),
    ("wagtailadmin_workflows:*", lambda w: {"pk": w.workflow.pk}),
    (
        "wagtailadmin_editing_sessions:*",
        lambda w: {
            "app_label": "wagtailcore",
            "model_name": "page",
            "object_id": str(w.lesson.pk),
            "session_id": w.editing_session.pk,
        },
    ),
    (
        "wagtailimages:*",
        lambda w: {"uploaded_file_id": w.uploaded_image.pk, "filter_spec": "fill-32x32"},
    ),
    ("wagtaildocs:*", lambda w: {"uploaded_file_id": w.uploaded_document.pk}),
    (
        "wagtaildocs_authenticate_with_password",
        lambda w: {"restriction_id": w.collection_restriction.pk},
    ),
    (
        "wagtailcore_authenticate_with_password",
        lambda w: {"page_view_restriction_id": w.page_restriction.pk, "page_id": w.private_page.pk},
    ),
    ("lms_cohort_progress", lambda w: {"pk": w.cohort.pk}),
    ("lms_invitation:invite", lambda w: {"pk": w.invitee.pk}),
    # the certificates' viewset serves batches too: their <pk> is a batch's, not a certificate's
    ("lms_certificate:batch*", lambda w: {"pk": w.batch.pk}),
    ("cohorts_roster:detail", lambda w: {"pk": w.roster_import.pk}),
    ("cohorts_roster:status", lambda w: {"pk": w.roster_import.pk}),
    ("cohorts_roster:export_status", lambda w: {"pk": w.roster_export.pk}),
    ("cohorts_roster:export_download", lambda w: {"pk": w.roster_export.pk}),
    ("cohorts_scheduler:*", lambda w: {"pk": w.proposal.pk}),
    ("cohorts_session:index*", lambda w: {}),
    (
        "cohorts_session:attendance",
        lambda w: _add(_own_and_other(pk="session")(w), file_format="xlsx"),
    ),
    ("cohorts_session:*", _own_and_other(pk="session")),
    ("cohorts_attendance:*", _own_and_other(day_pk="day", session_pk="session")),
]


def _add(variants, **values):
    return Variants({label: {**given, **values} for label, given in variants.values.items()})


# Arguments filled by name wherever they appear
PARAM_FILLERS = {
    "page_id": lambda w: w.lesson.pk,
    "parent_page_id": lambda w: w.module.pk,
    "page_to_move_id": lambda w: w.lesson.pk,
    "revision_id": lambda w: w.revision.pk,
    "workflow_state_id": lambda w: w.workflow_state.pk,
    "task_state_id": lambda w: w.task_state.pk,
    "task_id": lambda w: w.task.pk,
    "action_name": lambda w: "approve",
    "image_id": lambda w: w.image.pk,
    "document_id": lambda w: w.document.pk,
    "doc_id": lambda w: w.document.pk,
    "code": lambda w: w.certificate.code,
}


def _namespace(viewset):
    try:
        return viewset.url_namespace
    except ImproperlyConfigured:  # a viewset without URLs of its own (Wagtail's PageViewSet)
        return None


def _viewset_models():
    from wagtail.admin.viewsets import viewsets

    models = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = resolve_model_string(model)
        namespace = _namespace(viewset)
        if model is not None and namespace:
            models.setdefault(namespace, model._meta.concrete_model)
    return models


def fill(w, route, viewset_models):
    """[(label, url)] for the route; raises Unfillable saying what is missing."""
    names = route.params()
    given = {}
    for glob, fn in ROUTE_FILLERS:
        if fnmatch.fnmatchcase(route.ident, glob):
            given = fn(w)
            break
    variants = given.values if isinstance(given, Variants) else {"": given}
    out = []
    for label, values in variants.items():
        values = dict(values)
        query = values.pop("?", "")
        for name in names:
            if name in values:
                continue
            model = viewset_models.get(route.namespace) if name == "pk" else None
            if model is not None:
                obj = object_of(w, model)
                if obj is None:
                    raise Unfillable(f"the world has no {model.__name__} for <pk>")
                values[name] = obj.pk
            elif name in PARAM_FILLERS:
                values[name] = PARAM_FILLERS[name](w)
            else:
                raise Unfillable(f"no value for <{name}>")
        url = build_url(route, values)
        match = resolve(urlsplit(url).path)
        if match.func is not route.callback:
            raise Unfillable(f"{url} resolves to {match.view_name or match.route}, not here")
        out.append((label, url + (f"?{query}" if query else "")))
    return out


def filled_routes(w):
    """[(ident, route, url)] of every pattern filled, and {ident: error} of the others."""
    viewset_models = _viewset_models()
    requests, errors = [], {}
    for route in routes():
        if route.ident in NOT_REQUESTED:
            continue
        try:
            for label, url in fill(w, route, viewset_models):
                requests.append((f"{route.ident}@{label}" if label else route.ident, route, url))
        except Unfillable as error:
            errors[route.ident] = str(error)
    return requests, errors


def rule_for(ident):
    return next((r for r in RULES if any(fnmatch.fnmatchcase(ident, g) for g in r.globs)), None)


def is_project_route(route, project_namespaces):
    module = getattr(getattr(route.callback, "view_class", route.callback), "__module__", "")
    if module.split(".")[0] in PROJECT_APPS:
        return True
    if route.namespace in project_namespaces:
        return True
    return any(fnmatch.fnmatchcase(route.namespace, glob) for glob in PROJECT_NAMESPACES)


def project_viewset_namespaces():
    from wagtail.admin.viewsets import viewsets

    namespaces = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = resolve_model_string(model)
        ours = type(viewset).__module__.split(".")[0] in PROJECT_APPS or (
            model is not None and model._meta.app_label in PROJECT_APPS
        )
        if ours:
            namespaces.add(_namespace(viewset))
    return namespaces


# Requesting, following redirects ----------------------------------------------------------------


@dataclasses.dataclass
class Hop:
    url: str
    status: int
    content_type: str = ""
    location: str = ""
    refusal: str = ""  # this answer refuses: "sign-in", "admin" (redirects) or "no access"
    error: str = ""


def _sign_in_paths():
    return {reverse("account_login"), reverse("admin_login_redirect")}


def get(client, url, counter):
    counter["requests"] += 1
    response = client.get(url)
    if getattr(response, "streaming", False):
        # Read to the end (errors while streaming surface here); the test client closes the
        # response then. Never close it again: that would announce the end of a request once
        # more, and Django would close the database connection of the open transaction.
        for _chunk in response.streaming_content:
            pass
    client.cookies.pop("messages", None)
    hop = Hop(url, response.status_code, response.get("Content-Type", "").split(";")[0])
    context = response.context
    # A bulk action's confirmation lists the chosen objects the user may not act on.
    if (
        response.status_code == 200
        and context is not None
        and "items_with_no_access" in context
        and context["items_with_no_access"]
        and not context["items"]
    ):
        hop.refusal = "no access"
    if response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        hop.error = f"{exc_info[0].__name__}: {exc_info[1]}"[:300] if exc_info else "5xx"
    elif response.status_code in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"])
        if location.netloc and location.hostname not in LOCAL_HOSTS:
            hop.location = response["Location"]
        else:
            hop.location = location.path + (f"?{location.query}" if location.query else "")
            queued = getattr(
                getattr(response.wsgi_request, "_messages", None), "_queued_messages", []
            )
            if location.path in _sign_in_paths():
                hop.refusal = "sign-in"
            elif location.path == reverse("wagtailadmin_home") and any(
                m.level >= message_levels.ERROR for m in queued
            ):
                hop.refusal = "admin"
    return hop


def _memo_key(url):
    """The sign-in page answers the same whatever its ``next``: one visit per role will do
    (a loop is never memoised, so every chain that loops through it is still followed)."""
    path = urlsplit(url).path
    return path if path in _sign_in_paths() else url


def request(client, url, memo, counter):
    """The hops of a GET of ``url`` and of its redirects; ``problem`` names a 5xx or a loop."""
    hops = [get(client, url, counter)]
    problem = ""
    seen = [url]
    while not problem and hops[-1].location and not urlsplit(hops[-1].location).netloc:
        target = hops[-1].location
        if target in seen:
            problem = "redirect loop: " + " -> ".join([*seen, target])
        elif len(seen) > MAX_HOPS:
            problem = "too many redirects: " + " -> ".join(seen)
        elif _memo_key(target) in memo:
            tail = memo[_memo_key(target)]
            if any(hop.url in seen for hop in tail):
                problem = "redirect loop: " + " -> ".join([*seen, *(h.url for h in tail)])
            hops += tail
            break
        else:
            hops.append(get(client, target, counter))
            seen.append(target)
    for hop in hops:
        if hop.status >= 500:
            problem = f"{hop.status} at {hop.url}: {hop.error}"
    if not problem:
        for index in range(1, len(hops)):
            memo.setdefault(_memo_key(hops[index].url), hops[index:])
    return hops, problem


def describe(hops):
    return " -> ".join(
        f"{h.status}" + (f" {h.content_type}" if h.status == 200 else "") + f" {h.url}"
        for h in hops
    )


def verdict(rule, who, hops):
    """'' when the answer is right for ``who``, else what is wrong."""
    first = hops[0]
    refused = any(h.refusal or h.status == 403 for h in hops)
    if rule.allows(who):
        if refused:
            return "refused, but README allows it"
        if _answers(rule.answer, hops):
            return ""
        return f"allowed: expected {rule.answer}"
    if refused:
        return ""
    if rule.hidden and any(h.status == 404 for h in hops):
        return ""
    if rule.answer == "post" and first.status == 405:
        return ""
    return "allowed, but README refuses it"


def _answers(answer, hops):
    first, last = hops[0], hops[-1]
    for kind in answer.split("|"):
        if kind == "page" and first.status == 200:
            return True
        if kind.startswith("file:") and first.status == 200:
            return first.content_type == kind.removeprefix("file:")
        if kind == "redirect" and 300 <= first.status < 400 and last.status == 200:
            return True
        if kind == "post" and first.status == 405:
            return True
        if kind == "absent" and first.status == 404:
            return True
        if kind == "bulk" and first.status == 200 and not first.refusal:
            return True
    return False


# Fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from lms.celery import app

    media = tmp_path_factory.mktemp("matrix-media")
    private = tmp_path_factory.mktemp("matrix-private")
    app.conf.task_always_eager = True
    storages = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": str(private), "base_url": None},
        },
    }
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, STORAGES=storages),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = build_world()
            w.media, w.private = media, private
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def w(settings, world):
    """The world, with the files it made where the storages look (the autouse isolation
    fixture gives each test its own folders)."""
    settings.MEDIA_ROOT = world.media
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": str(world.private), "base_url": None},
        },
    }
    return world


class Visitor:
    """A test client signed in as one audience, signed in again whenever a request ended its
    session; with the memo of the redirects it followed and a count of its requests."""

    def __init__(self, w, who):
        self.client = Client(raise_request_exception=False)
        self.user = w.users.get(who)
        self.memo, self.counter = {}, {"requests": 0}
        self.session = None

    def request(self, url):
        if self.user is not None and (not self.session or self._session_cookie() != self.session):
            self.client.force_login(self.user)
            self.session = self._session_cookie()
        return request(self.client, url, self.memo, self.counter)

    def _session_cookie(self):
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        return cookie.value if cookie is not None else None


# The tests ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_pattern_is_filled_or_listed_unreachable(w):
    _requests, errors = filled_routes(w)
    unlisted = {ident: error for ident, error in errors.items() if ident not in UNREACHABLE}
    assert not unlisted, "URL patterns the matrix cannot fill (add a filler or a reason):\n" + (
        "\n".join(f"  {ident}: {error}" for ident, error in sorted(unlisted.items()))
    )
    idents = {route.ident for route in routes()}
    stale = sorted(i for i in UNREACHABLE if i not in errors and i in idents)
    assert not stale, f"listed as unreachable but filled now (remove them): {stale}"
    gone = sorted(i for i in (*UNREACHABLE, *NOT_REQUESTED) if i not in idents)
    assert not gone, f"listed as unreachable or not requested but no such pattern: {gone}"


@pytest.mark.django_db
def test_every_project_pattern_has_a_rule_and_every_rule_a_pattern(w):
    requests, _errors = filled_routes(w)
    namespaces = project_viewset_namespaces()
    uncovered = sorted(
        ident
        for ident, route, _url in requests
        if is_project_route(route, namespaces) and rule_for(ident) is None
    )
    assert not uncovered, f"project URLs without a rule in tests/permission_table.py: {uncovered}"
    idents = [ident for ident, _route, _url in requests]
    unused = [
        glob
        for r in RULES
        for glob in r.globs
        if not any(fnmatch.fnmatchcase(ident, glob) for ident in idents)
    ]
    assert not unused, f"rules naming no URL pattern (stale?): {unused}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", AUDIENCES)
def test_matrix(w, who):
    requests, _errors = filled_routes(w)
    visitor = Visitor(w, who)
    failures = []
    for ident, _route, url in requests:
        hops, problem = visitor.request(url)
        rule = rule_for(ident)
        wrong = problem or (verdict(rule, who, hops) if rule else "")
        if wrong:
            failures.append(f"{ident} as {who}: {wrong}\n      {describe(hops)}")
    assert not failures, f"{len(failures)} wrong answers:\n" + "\n".join(failures)


SIDEBAR = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S
)


def menu_items(html):
    """(label, url) of every link of the admin sidebar (its props are JSON, not <a> links)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("url"), str) and "label" in value:
                found.append((str(value["label"]), value["url"]))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    match = SIDEBAR.search(html)
    assert match, "the admin page has no sidebar props"
    walk(json.loads(match.group(1)))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("who", [role for role in Role.values if role != Role.PESERTA])
def test_admin_menu(w, who):
    """Every item of the admin menu (main, submenus, settings, reports, help, account) a role
    sees opens for it, and README allows that role the screen."""
    visitor = Visitor(w, who)
    home, problem = visitor.request(reverse("wagtailadmin_home"))
    assert home[0].status == 200, problem or describe(home)
    items = menu_items(visitor.client.get(reverse("wagtailadmin_home")).content.decode())
    assert any(url == reverse("wagtailadmin_account") for _label, url in items), items
    failures = []
    for label, url in items:
        if urlsplit(url).netloc:
            continue  # the help menu's links to wagtail.org
        match = resolve(urlsplit(url).path)
        ident = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        rule = rule_for(ident)
        hops, problem = visitor.request(url)
        if problem or hops[-1].status != 200 or any(h.refusal for h in hops):
            failures.append(f"{label} ({url}): {problem or describe(hops)}")
        elif rule is None:
            failures.append(f"{label} ({url}): no rule in tests/permission_table.py ({ident})")
        elif not rule.allows(who):
            failures.append(f"{label} ({url}): shown, but README refuses it ({ident})")
    assert not failures, f"menu items of {who} that do not open:\n" + "\n".join(failures)


def readme_rows():
    text = Path(README).read_text(encoding="utf-8")
    section = text.split("## Roles and permissions", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return header, rows


MARKS = {"Y": "✓", "-": "–", "own": "own"}


def test_readme_table_says_what_the_matrix_asserts():
    header, rows = readme_rows()
    assert header[1:] == ["Public", *Role.values], header
    expected = {row.label: [MARKS[m] for m in row.marks.split()] for row in ROWS.values()}
    assert list(rows) == list(expected), "README's rows differ from permission_table.ROWS"
    different = {
        label: (rows[label], marks) for label, marks in expected.items() if rows[label] != marks
    }
    assert not different, f"README's marks differ (README, table): {different}"


class StubClient:
    """Answers GETs from a table, as the test client would (for testing the walker itself)."""

    def __init__(self, answers):
        self.answers, self.cookies = answers, {}

    def get(self, url):
        response = self.answers[url]
        response.context, response.wsgi_request = None, SimpleNamespace()
        return response


def test_the_walker_finds_loops_server_errors_and_refusals():
    sign_in = reverse("account_login")
    client = StubClient(
        {
            "/a/": HttpResponseRedirect("/b/"),
            "/b/": HttpResponseRedirect("http://testserver/a/"),
            "/c/": HttpResponseRedirect("/d/"),
            "/d/": HttpResponse(status=500),
            "/e/": HttpResponseRedirect(f"{sign_in}?next=/e/"),
            f"{sign_in}?next=/e/": HttpResponse(),
        }
    )
    counter = {"requests": 0}
    _hops, problem = request(client, "/a/", {}, counter)
    assert problem == "redirect loop: /a/ -> /b/ -> /a/"
    _hops, problem = request(client, "/c/", {}, counter)
    assert problem.startswith("500 at /d/")
    hops, problem = request(client, "/e/", {}, counter)
    assert not problem and hops[0].refusal == "sign-in" and hops[-1].status == 200
    anonymous_only = Rule(("x",), ("public_pages",))
    nobody = Rule(("x",), ("nobody",))
    assert verdict(nobody, Role.PENILAI, hops) == ""
    assert verdict(anonymous_only, Role.PENILAI, hops) == "refused, but README allows it"
    assert counter["requests"] == 6  # a loop is not requested twice
