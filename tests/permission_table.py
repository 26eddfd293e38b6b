"""Who may open what: README's permission table as data, and the URL patterns each row
governs. ``tests/test_permission_matrix.py`` requests every URL as every role and holds the
answers to these rules; it also checks that README's table says exactly what ``ROWS`` says.

A row's marks are given for the six audiences, in README's column order: the public (not
signed in), Peserta, Penyelenggara, Fasilitator, Pimpinan, Penilai. ``Y`` is ✓, ``-`` is –,
and ``own`` is "own": allowed for one's own object — a session the facilitator runs, the
trainee's own attempt, certificate or booking (URL variants ending ``@own``) — and refused for
anyone else's (variants ending ``@other``, whose rules say ``other=True``).

A rule names URL patterns by fnmatch globs over their identifiers: ``namespace:name`` (for
instance ``cohorts_session:bookings``), the route text of an unnamed pattern, and a suffix
``@variant`` when one pattern is requested with several objects (``wagtail_serve@lesson``,
``cohorts_session:bookings@other``). The first rule that matches decides. ``answer`` is what
an allowed request gets; see the matrix test's docstring for what each answer means.
"""

import dataclasses

from core.roles import Role

ANONYMOUS = "anonymous"
AUDIENCES = (ANONYMOUS, *Role.values)  # README's column order
OWN = "own"


@dataclasses.dataclass(frozen=True)
class Row:
    label: str  # the first cell of README's row, exactly
    marks: str  # six tokens: Y, - or own

    def __post_init__(self):
        tokens = self.marks.split()
        assert len(tokens) == len(AUDIENCES), self
        assert set(tokens) <= {"Y", "-", OWN}, self

    def mark(self, who):
        return dict(zip(AUDIENCES, self.marks.split(), strict=True))[who]

    def allows(self, who, *, other=False):
        mark = self.mark(who)
        return mark == "Y" or (mark == OWN and not other)


ROWS = {
    "public_pages": Row("home page, programme pages, public documents", "Y Y Y Y Y Y"),
    "account_pages": Row(
        "sign-in pages, password reset, invitation links; health checks, the admin's icons and "
        "translations",
        "Y Y Y Y Y Y",
    ),
    "verify": Row("verify a certificate by its code or QR", "Y Y Y Y Y Y"),
    "own_account": Row(
        "sign in to the site, see own Dasbor, profile and certificates, change password",
        "- Y Y Y Y Y",
    ),
    "two_factor": Row("turn on two-factor sign-in (TOTP, recovery codes)", "- Y Y Y Y Y"),
    "lessons": Row(
        "open modules and lessons (participants: those they are enrolled in; staff: every one, "
        "to review content, recording no progress)",
        "- Y Y Y Y Y",
    ),
    "learner": Row(
        "take enrolled modules and tests; see own test results; download own certificates",
        "- own - - - -",
    ),
    "own_sessions": Row(
        "see own sessions, download their calendar file, check in by QR", "- own - - - -"
    ),
    "admin": Row(
        "open the Wagtail admin (`wagtailadmin.access_admin`): home, own account, site history",
        "- - Y Y Y Y",
    ),
    "choosers": Row(
        "choosers of the admin's forms (pages, images, documents, regions, participants, snippets, "
        "embeds)",
        "- - Y Y Y Y",
    ),
    "participants_view": Row("view participants and regions", "- - Y Y Y Y"),
    "participants_change": Row("add and change participants", "- - Y - - -"),
    "invite": Row("invite participants (add/view invitations)", "- - Y - - -"),
    "cohorts_view": Row("cohorts: view, with their members", "- - Y Y Y Y"),
    "cohorts_change": Row("cohorts: create, edit members and rules", "- - Y - - -"),
    "enrolments_view": Row("enrolments: view", "- - Y Y Y -"),
    "enrolments_add": Row(
        "enrolments: add (a participant, or a whole cohort from its progress page)", "- - Y - - -"
    ),
    "progress": Row("test results and cohort progress", "- - Y Y Y -"),
    "score_correct": Row("correct a test score (kept with its reason)", "- - Y - - -"),
    "content_view": Row("question bank and competency areas: view", "- - Y Y - -"),
    "content_change": Row("question bank and competency areas: add, edit", "- - Y - - -"),
    "pages": Row(
        "programme, module and lesson pages: add, edit, publish; page reports", "- - Y - - -"
    ),
    "media": Row("images and documents: upload, edit", "- - Y - - -"),
    "certificates": Row(
        "certificates: view, revoke, issue for a cohort, download all", "- - Y - - -"
    ),
    "roster": Row("roster import (upload, apply) and export", "- - Y - - -"),
    "themes_view": Row("themes: view", "- - Y Y Y Y"),
    "themes_change": Row("themes: add, edit, delete", "- - Y - - -"),
    "venues_view": Row("venues and rooms: view", "- - Y Y - -"),
    "venues_change": Row("venues and rooms: add, edit, delete", "- - Y - - -"),
    "sessions_view": Row("sessions: view, with their participants", "- - Y own Y Y"),
    "sessions_change": Row("sessions: create, change, cancel, book, waitlist", "- - Y - - -"),
    "scheduler": Row("scheduling assistant: propose, adjust, confirm", "- - Y - - -"),
    "attendance_mark": Row("attendance: mark (grid, import, QR display), close", "- - Y own - -"),
    "attendance_documents": Row(
        "attendance sheets and session rosters (PDF), attendance export (XLSX, CSV)",
        "- - Y own Y -",
    ),
    "dashboard": Row("organiser dashboard", "- - Y Y Y Y"),
    "outbox": Row("email outbox: view, send again", "- - Y - - -"),
    "case_studies_own": Row(
        "write case studies alone or with one's group: list, draft, edit, upload the paper and "
        "photos, submit; open own case studies and their files, and the reviewers' feedback "
        "once released; declare conflicts of interest with facilitators",
        "- own - - - -",
    ),
    "case_studies_review": Row(
        "case studies: review list, review page with paper, photos and history, move through "
        "review, set deadlines, assign reviewers; photo categories and the rubric",
        "- - Y - - -",
    ),
    "case_studies_allocate": Row(
        "case studies: conflicts of interest (declare, pin, remove unpinned), the roles' weights "
        "in the final score, automatic allocation of reviewers with a preview, releasing "
        "feedback to the authors",
        "- - Y - - -",
    ),
    "case_studies_score": Row(
        "case studies assigned to them as coach, mentor or penguji: open them, score with the "
        "rubric, write feedback; declare own conflicts of interest",
        "- - - own - -",
    ),
    "presentations_schedule": Row(
        "case-study presentations: the slots by day, scheduling one for an accepted case study "
        "(session day, room, time, panel), marking it held or cancelled, the panel's scores",
        "- - Y - - -",
    ),
    "presentations_panel": Row(
        "presentation panels they sit on (My panels): score the presentation with the rubric, "
        "write feedback",
        "- - - own - -",
    ),
    "collection": Row(
        "the digital collection: accepted and presented case studies with their web photos and "
        "papers, by cohort, theme, kind and photo category; the photo wall",
        "- Y Y Y Y Y",
    ),
    "collection_books": Row(
        "the digital collection's book (PDF) per programme and its ZIP of papers and original "
        "photos",
        "- - Y - - -",
    ),
    "visioning_read": Row(
        "read visioning materials and their paparan (participants: those addressed to them; "
        "staff: every one)",
        "- own Y Y Y Y",
    ),
    "visioning_acknowledge": Row(
        "acknowledge visioning materials addressed to oneself, amend the response until the "
        "deadline",
        "- own - - - -",
    ),
    "visioning_draft": Row(
        "visioning materials: draft, edit own and submit for approval (under the visioning "
        "index only), with the page explorer, page search and page reports narrowed to them",
        "- - Y - Y -",
    ),
    "visioning_responses": Row(
        "visioning responses: view, with their earlier wordings and ratings",
        "- - Y Y - -",
    ),
    "visioning_on_behalf": Row(
        "visioning responses: record one on a participant's behalf, with a note",
        "- - Y - - -",
    ),
    "visioning_rate": Row(
        "visioning responses: rate the understanding shown (coach)",
        "- - - Y - -",
    ),
    "visioning_alignment": Row(
        "visioning alignment: share acknowledged by kota and kecamatan, who is still missing, "
        "the responses by kecamatan, an email reminder to those missing, the responses as "
        "CSV/XLSX (Pimpinan: own materials, own units)",
        "- - Y - Y -",
    ),
    "practices_read": Row(
        "shared practices: the feed by theme and region, published posts and their photos "
        "(web-sized versions)",
        "- Y Y Y Y Y",
    ),
    "practices_own": Row(
        "shared practices: post one (text, theme, up to six photos), see one's own with their "
        "status, change it until moderated, download its original photos",
        "- own - - - -",
    ),
    "practices_moderate": Row(
        "shared practices: moderate (publish, reject with a reason, hide), open any post and its "
        "original photos",
        "- - Y - - -",
    ),
    "practices_feature": Row(
        "shared practices: feature or unfeature a published post", "- - Y - Y -"
    ),
    "superuser": Row(
        "Wagtail's users, groups, sites, collections, workflows, redirects, locked-pages report "
        "(superusers only)",
        "- - - - - -",
    ),
    "nobody": Row(
        "delete participants, cohorts, sessions, questions, competency areas, rubric criteria; "
        "add or edit regions (loaded from official data)",
        "- - - - - -",
    ),
}


@dataclasses.dataclass(frozen=True)
class Rule:
    globs: tuple[str, ...]
    rows: tuple[str, ...]
    answer: str = "page"
    hidden: bool = False  # refusals may be a 404, which reveals nothing
    other: bool = False  # someone else's object: "own" marks refuse

    def allows(self, who):
        return any(ROWS[row].allows(who, other=self.other) for row in self.rows)


def rule(globs, *rows, **options):
    return Rule(tuple(globs.split()), rows, **options)


# Answers (see the matrix test): page, file:<content type>, redirect, page|redirect, post,
# absent, bulk.
RULES = [
    # The public site
    rule("wagtail_serve@home wagtail_serve@programme wagtail_serve@private", "public_pages"),
    rule("wagtail_serve@module wagtail_serve@lesson", "lessons"),
    rule("wagtaildocs_serve", "public_pages", answer="file:application/pdf"),
    rule("wagtaildocs_authenticate_with_password wagtailcore_*", "public_pages"),
    rule("healthz readyz", "account_pages"),
    rule(
        "account_login account_logout account_signup account_inactive account_reset_password* "
        "account_email_verification_sent account_confirm_email lms:invitation_accept",
        "account_pages",
        answer="page|redirect",
    ),
    rule("set_language", "account_pages", answer="redirect"),
    rule("wagtailadmin_password_reset*", "account_pages", answer="absent"),
    rule("wagtailadmin_sprite wagtailadmin_javascript_catalog", "account_pages"),
    rule("certificates:verify_form certificates:verify", "verify"),
    rule("lms:dashboard certificates:list account_email account_change_password", "own_account"),
    rule(
        "account_set_password account_reauthenticate account_confirm_login_code",
        "own_account",
        answer="page|redirect",
    ),
    rule("mfa_index", "two_factor"),
    rule(
        "mfa_authenticate mfa_reauthenticate mfa_activate_totp mfa_generate_recovery_codes",
        "two_factor",
        answer="redirect",
    ),
    # Without an authenticator there is nothing to turn off or show: 404.
    rule(
        "mfa_deactivate_totp mfa_view_recovery_codes mfa_download_recovery_codes",
        "two_factor",
        answer="absent",
    ),
    # The learner
    rule("lms:lesson_complete lms:reflection_save", "learner", answer="post"),
    rule("lms:test_start", "lessons", answer="redirect"),
    # ...his own (@own) and another participant's (@other), which answer 404 to him
    rule("lms:attempt@own", "learner", hidden=True),
    rule("lms:attempt@other", "learner", hidden=True, other=True),
    rule("lms:attempt_result@own", "learner", "progress", hidden=True),
    rule("lms:attempt_result@other", "learner", "progress", hidden=True, other=True),
    rule(
        "certificates:download@own",
        "learner",
        "certificates",
        answer="file:application/pdf",
        hidden=True,
    ),
    rule(
        "certificates:download@other",
        "learner",
        "certificates",
        answer="file:application/pdf",
        hidden=True,
        other=True,
    ),
    rule("cohorts:checkin", "own_sessions"),
    rule("cohorts:booking_ics@own", "own_sessions", answer="file:text/calendar", hidden=True),
    rule("cohorts:booking_ics@other", "own_sessions", hidden=True, other=True),
    # The admin's frame
    rule("admin_login_redirect", "admin", answer="redirect"),
    rule(
        "wagtailadmin_api:documents:find wagtailadmin_api:images:find", "admin", answer="redirect"
    ),
    rule(
        "wagtailadmin_home wagtailadmin_account admin/test404/ wagtailadmin_dismissibles "
        "wagtailadmin_reports:site_history* wagtailadmin_tag_*autocomplete "
        "wagtailadmin_block_preview* wagtailadmin_pages:confirm_workflow_cancellation "
        "wagtailadmin_api:documents:* wagtailadmin_api:images:* wagtailadmin_api:pages:listing",
        "admin",
    ),
    rule("admin/^.*/$", "admin", answer="absent"),
    rule("wagtailadmin_logout", "admin", answer="post"),
    rule(
        "wagtailadmin_choose_page* wagtailadmin_pages:choose_parent wagtailembeds:* "
        "wagtaildocs_chooser:choose* wagtaildocs_chooser:chosen* "
        "wagtailimages_chooser:choose* wagtailimages_chooser:chosen* "
        "wagtailimages_chooser:select_format region_chooser:choose* region_chooser:chosen* "
        "participant_chooser:choose* participant_chooser:chosen* "
        "wagtailsnippetchoosers_*:choose* wagtailsnippetchoosers_*:chosen* "
        "wagtailadmin_workflows:task_chooser* wagtailadmin_workflows:task_chosen",
        "choosers",
    ),
    # Pages (a Pimpinan adds visioning materials under their index and edits his own draft)
    rule(
        "wagtailadmin_pages:add@visioningmaterial wagtailadmin_pages:edit@visioning_draft",
        "visioning_draft",
    ),
    rule("wagtailadmin_explore_root", "pages", "visioning_draft", answer="redirect"),
    # a Pimpinan asking for another part of the tree is sent to the visioning index
    rule(
        "wagtailadmin_explore wagtailadmin_explore_results",
        "pages",
        "visioning_draft",
        answer="page|redirect",
    ),
    rule(
        "wagtailadmin_pages:search* wagtailadmin_pages:type_use* wagtailforms:index* "
        "wagtailadmin_reports:workflow* wagtailadmin_reports:aging_pages* "
        "wagtailadmin_reports:page_types_usage*",
        "pages",
        "visioning_draft",
    ),
    rule("wagtailadmin_api:pages:detail", "pages", hidden=True),
    rule("wagtailadmin_api:pages:find", "pages", answer="redirect", hidden=True),
    rule(
        "wagtailadmin_api:pages:action wagtailadmin_pages:lock wagtailadmin_pages:unlock "
        "wagtailadmin_pages:set_page_position",
        "pages",
        answer="post",
    ),
    rule(
        "wagtailadmin_explore_root wagtailadmin_pages:add_subpage "
        "wagtailadmin_pages:revisions_index",
        "pages",
        answer="redirect",
    ),
    rule(
        "wagtailadmin_explore* wagtailadmin_pages:* wagtailforms:index* "
        "wagtailadmin_reports:workflow* wagtailadmin_reports:aging_pages* "
        "wagtailadmin_reports:page_types_usage*",
        "pages",
    ),
    rule("wagtail_bulk_action@wagtailcore.page.*", "pages", answer="bulk"),
    # Images and documents
    rule(
        "wagtailimages:edit_multiple wagtailimages:delete*_multiple "
        "wagtailimages:create_multiple_* wagtaildocs:edit_multiple wagtaildocs:delete*_multiple "
        "wagtaildocs:create_multiple_*",
        "media",
        answer="post",
    ),
    # The URL generator needs Wagtail's dynamic image serve view, which is not mounted.
    rule("wagtailimages:url_generator*", "media", answer="absent"),
    rule("wagtailimages:preview", "media", answer="file:image/png"),
    rule(
        "wagtailimages:* wagtaildocs:* wagtailimages_chooser:create wagtaildocs_chooser:create",
        "media",
    ),
    rule(
        "wagtail_bulk_action@wagtailimages.* wagtail_bulk_action@wagtaildocs.*",
        "media",
        answer="bulk",
    ),
    # Question bank and competency areas
    rule("wagtailsnippets_cms_*:delete", "nobody"),
    # Wagtail answers 404 where no delete action is registered for the model (nothing to delete).
    rule("wagtail_bulk_action@cms.*.delete", "nobody", answer="bulk", hidden=True),
    rule("wagtailsnippets_cms_*:list*", "content_view"),
    rule("wagtailsnippets_cms_* wagtailsnippetchoosers_cms_*:create", "content_change"),
    # People
    rule(
        "cohorts_participant:index* cohorts_participant:inspect cohorts_region:index* "
        "cohorts_region:inspect",
        "participants_view",
    ),
    rule("cohorts_participant:delete cohorts_region:* region_chooser:create", "nobody"),
    rule("cohorts_participant:*", "participants_change"),
    rule("lms_invitation:*", "invite"),
    rule("cohorts_roster:export", "roster", answer="file:text/csv"),
    rule("cohorts_roster:export_create", "roster", answer="redirect"),
    rule(
        "cohorts_roster:export_download",
        "roster",
        answer="file:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    rule("cohorts_roster:*", "roster"),
    # Cohorts, enrolments, progress
    rule("cohorts_cohort:delete", "nobody"),
    rule("cohorts_cohort:index* cohorts_cohort:members", "cohorts_view"),
    rule("cohorts_cohort:*", "cohorts_change"),
    rule("lms_enrolment:add", "enrolments_add"),
    rule("lms_enrolment:*", "enrolments_view"),
    rule("lms_attempt:correct", "score_correct"),
    rule("lms_attempt:* lms_cohort_progress", "progress"),
    rule("lms_certificate:*", "certificates"),
    # Face to face
    rule("cohorts_theme:index*", "themes_view"),
    rule("cohorts_theme:*", "themes_change"),
    rule("cohorts_venue:index*", "venues_view"),
    rule("cohorts_venue:*", "venues_change"),
    rule("cohorts_session:delete*", "nobody"),
    rule("cohorts_session:index*", "sessions_view"),
    rule("cohorts_session:bookings@own", "sessions_view"),
    rule("cohorts_session:bookings@other", "sessions_view", other=True),
    rule(
        "cohorts_session:attendance@own",
        "attendance_documents",
        answer="file:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    rule(
        "cohorts_session:attendance@other",
        "attendance_documents",
        answer="file:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        other=True,
    ),
    rule("cohorts_session:*", "sessions_change"),
    rule(
        "cohorts_scheduler:adjust cohorts_scheduler:confirm cohorts_scheduler:discard",
        "scheduler",
        answer="post",
    ),
    rule("cohorts_scheduler:*", "scheduler"),
    rule(
        "cohorts_attendance:sheet_pdf@own cohorts_attendance:roster_pdf@own",
        "attendance_documents",
        answer="file:application/pdf",
    ),
    rule(
        "cohorts_attendance:sheet_pdf@other cohorts_attendance:roster_pdf@other",
        "attendance_documents",
        answer="file:application/pdf",
        other=True,
    ),
    rule("cohorts_attendance:*@own", "attendance_mark"),
    rule("cohorts_attendance:*@other", "attendance_mark", other=True),
    rule("cohorts_dashboard", "dashboard"),
    rule("core_outbox:resend", "outbox"),
    rule("core_outbox:*", "outbox"),
    # Case studies: their authors' (a draft answers "not found" to anybody else, organisers
    # included), then the organisers' once submitted (@own is the trainee's submitted one)
    rule("casestudies:list casestudies:create casestudies:conflicts", "case_studies_own"),
    rule(
        "casestudies:paper_upload casestudies:photo_upload casestudies:submit "
        "casestudies:photo_delete",
        "case_studies_own",
        answer="post",
    ),
    rule("casestudies:edit@own", "case_studies_own", hidden=True),
    rule(
        "casestudies:detail@own",
        "case_studies_own",
        "case_studies_review",
        "case_studies_score",
        hidden=True,
    ),
    rule(
        "casestudies:paper_download@own",
        "case_studies_own",
        "case_studies_review",
        "case_studies_score",
        answer="file:application/pdf",
        hidden=True,
    ),
    rule(
        "casestudies:photo_image@own",
        "case_studies_own",
        "case_studies_review",
        "case_studies_score",
        answer="file:image/jpeg",
        hidden=True,
    ),
    rule(
        "casestudies:photo_original@own",
        "case_studies_own",
        "case_studies_review",
        "case_studies_score",
        answer="file:application/octet-stream",
        hidden=True,
    ),
    # The digital collection: accepted outputs (@own: the trainee's accepted one); one in review
    # (@other) answers "not found" to everybody, its authors included
    rule("casestudies:collection casestudies:collection_photos", "collection"),
    rule("casestudies:collection_detail@own", "collection"),
    rule("casestudies:collection_paper@own", "collection", answer="file:application/pdf"),
    rule("casestudies:collection_image@own", "collection", answer="file:image/jpeg"),
    rule("casestudies:collection*@other", "nobody", hidden=True),
    rule("casestudies_collection:book_create", "collection_books", answer="post"),
    rule("casestudies_collection:download", "collection_books", answer="file:application/pdf"),
    rule("casestudies_collection:zip", "collection_books", answer="file:application/zip"),
    rule("casestudies_collection:*", "collection_books"),
    rule("casestudies:*@other", "case_studies_own", hidden=True, other=True),
    rule("casestudies_rubriccriterion:delete", "nobody"),
    rule(
        "casestudies_casestudy:* casestudies_photocategory:* casestudies_rubriccriterion:*",
        "case_studies_review",
    ),
    rule(
        "casestudies_conflict:* casestudies_weights:* casestudies_allocation:*",
        "case_studies_allocate",
    ),
    rule(
        "casestudies_review:index casestudies_review:conflicts casestudies_review:score@own",
        "case_studies_score",
    ),
    rule("casestudies_review:score@other", "case_studies_score", other=True),
    rule("casestudies_presentation:*", "presentations_schedule"),
    rule("casestudies_panel:index casestudies_panel:score@own", "presentations_panel"),
    rule("casestudies_panel:score@other", "presentations_panel", other=True),
    # Visioning materials: the page and paparan answer "not found" outside the audience
    rule("wagtail_serve@visioning_index wagtail_serve@visioning", "visioning_read", hidden=True),
    rule("wagtail_serve@visioning_other", "visioning_read", hidden=True, other=True),
    rule(
        "lms:visioning_paparan@own",
        "visioning_read",
        answer="file:application/pdf",
        hidden=True,
    ),
    rule(
        "lms:visioning_paparan@other",
        "visioning_read",
        answer="file:application/pdf",
        hidden=True,
        other=True,
    ),
    rule("lms:visioning_acknowledge@own", "visioning_acknowledge", hidden=True),
    rule("lms:visioning_acknowledge@other", "visioning_acknowledge", hidden=True, other=True),
    rule("lms_visioning_ack:add", "visioning_on_behalf"),
    rule("lms_visioning_alignment", "visioning_alignment"),
    rule("lms_visioning_remind", "visioning_alignment", answer="post"),
    rule("lms_visioning_export", "visioning_alignment", answer="file:text/csv"),
    rule("lms_visioning_ack:*", "visioning_responses"),
    # Shared practices: the trainee's post awaiting moderation (@own) answers "not found" to
    # anybody but him and organisers; another participant's published one (@published)
    rule("lms:practice_list", "practices_read"),
    rule("lms_practice:*", "practices_moderate"),
    rule("lms:practice_mine lms:practice_create", "practices_own", hidden=True),
    rule("lms:practice_moderate*", "practices_moderate", answer="post"),
    rule("lms:practice_feature*", "practices_feature", answer="post"),
    rule("lms:practice_detail@own", "practices_own", "practices_moderate", hidden=True),
    rule("lms:practice_detail@published", "practices_read", hidden=True),
    rule("lms:practice_edit@own", "practices_own", hidden=True),
    rule("lms:practice_edit@published", "practices_own", hidden=True, other=True),
    rule(
        "lms:practice_photo@own",
        "practices_own",
        "practices_moderate",
        answer="file:image/jpeg",
        hidden=True,
    ),
    rule("lms:practice_photo@published", "practices_read", answer="file:image/jpeg", hidden=True),
    rule(
        "lms:practice_photo_original@own",
        "practices_own",
        "practices_moderate",
        answer="file:application/octet-stream",
        hidden=True,
    ),
    rule(
        "lms:practice_photo_original@published",
        "practices_own",
        "practices_moderate",
        answer="file:application/octet-stream",
        hidden=True,
        other=True,
    ),
    # Wagtail's own settings
    rule(
        "wagtailadmin_workflows:enable wagtailadmin_workflows:enable_task "
        "wagtailadmin_workflows:remove",
        "superuser",
        answer="post",
    ),
    rule("wagtailadmin_collections:delete", "superuser", hidden=True),
    rule(
        "wagtailusers_* wagtailsites:* wagtailadmin_collections:* wagtailredirects:* "
        "wagtailadmin_workflows:* wagtailadmin_reports:locked_pages* wagtailsnippets:index",
        "superuser",
    ),
    rule("wagtail_bulk_action@lms.user.*", "superuser", answer="bulk"),
]

# Patterns that are not requested, with the reason. The matrix fails when one of them becomes
# reachable (the reason no longer holds) and when a pattern is neither filled nor listed here.
UNREACHABLE = {
    "wagtailadmin_login": "shadowed by admin_login_redirect: the admin signs in through allauth",
    "wagtailforms:list_submissions": "no form page type exists",
    "wagtailforms:list_submissions_results": "no form page type exists",
    "wagtailforms:delete_submissions": "no form page type exists",
    "wagtailsettings:edit": "no settings model is registered",
    "wagtailsettings:preview_on_edit": "no settings model is registered",
}

# Patterns deliberately not requested, with the reason.
NOT_REQUESTED = {
    "wagtailadmin_error_test": "Wagtail's deliberate crash page (/admin/failwhale/): it "
    "raises, for staff, to test error reporting",
}

# URL namespaces of the project (besides any pattern whose view lives in a project app, and
# every viewset defined in one or managing one of its models): each needs a rule.
PROJECT_NAMESPACES = ("lms*", "certificates", "casestudies*", "cohorts*", "core*", "cms*")
PROJECT_APPS = ("lms", "casestudies", "cohorts", "cms", "core")
