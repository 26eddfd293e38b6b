from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from cms.blocks import LessonStreamBlock

PAGE_CONTEXT_HOOK = "construct_page_context"
VIEW_RESTRICTIONS_KEY = "cms:page-view-restrictions-exist"


class TypedChildrenRouteMixin:
    """Route to children in one query: every child is of ``child_page_model`` (the page type's
    ``subpage_types``), so it is fetched as that type directly instead of base page + specific."""

    child_page_model_name = None

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        model = apps.get_model(self.child_page_model_name)
        try:
            subpage = model.objects.child_of(self).get(slug=path_components[0])
        except model.DoesNotExist as error:
            raise Http404 from error
        subpage._cached_parent_obj = self
        return subpage.route(request, path_components[1:])


def view_restrictions_exist() -> bool:
    """Whether any page of the site has a view restriction (password, groups, signed in),
    remembered in the cache; ``cms.receivers`` forgets it whenever a restriction changes."""
    exists = cache.get(VIEW_RESTRICTIONS_KEY)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(VIEW_RESTRICTIONS_KEY, exists, 3600)
    return exists


class LearningPageMixin:
    """What programme, module and lesson pages share. Their context is completed by the apps
    above the content tree: each function registered with ``@hooks.register(PAGE_CONTEXT_HOOK)``
    is called as ``fn(page=..., request=...)`` and returns a dict to add (the learning engine adds
    the reader's progress, answers and place in the programme; the content app knows nothing of
    learners, and access to modules and lessons is checked by the learning engine's
    ``before_serve_page`` hook). Wagtail's view-restriction check costs nothing while the site
    has no restriction (two queries a request otherwise)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for fn in hooks.get_hooks(PAGE_CONTEXT_HOOK):
            context.update(fn(page=self, request=request) or {})
        return context

    def get_view_restrictions(self):
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(TypedChildrenRouteMixin, Page):
    """The public front page of the site: what Selaras is and where to sign in. Below it the
    learning tree has fixed depths (programme → module → lesson), so a learning page is found
    by its URL in one query, with its parents in one more (``learning_page_route``)."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        try:
            return learning_page_route(self, path_components).route(request, [])
        except Http404:  # not a learning page: the visioning materials, routed by Wagtail
            return Page.route(self, request, path_components)

    lead = models.CharField(_("lead"), max_length=255, blank=True)
    body = RichTextField(_("body"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ProgrammePage", "cms.VisioningIndexPage"]
    child_page_model_name = "cms.ProgrammePage"
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


def learning_page_route(home, path_components):
    """The live programme, module or lesson page that ``path_components`` name below ``home``,
    fetched as its own type by its URL path; a module or lesson comes with its parents attached
    (``_cached_parent_obj``, as Wagtail's routing does): a lesson's module is read with its
    programme's identity (pk, title, URL) in the same query, and that programme is a partial
    ``ProgrammePage`` (enough to link to it and find its modules). Http404 otherwise."""
    model = {1: ProgrammePage, 2: ModulePage, 3: LessonPage}.get(len(path_components))
    if model is None:
        raise Http404
    url_path = home.url_path + "/".join(path_components) + "/"
    pages = model.objects.live().filter(slug=path_components[-1], url_path=url_path)
    if model is ModulePage:
        pages = _with_programme(pages, OuterRef("path"))
    page = pages.first()
    if page is None:
        raise Http404
    if model is LessonPage:
        module_path = page.path[: -page.steplen]
        modules = _with_programme(ModulePage.objects.filter(path=module_path), module_path)
        page._cached_parent_obj = module = modules.first()
        if module is None:
            raise Http404
    else:
        module = page
    if isinstance(module, ModulePage):
        module._cached_parent_obj = ProgrammePage(
            pk=module.programme_pk,
            title=module.programme_title,
            url_path=module.programme_url_path,
            path=module.path[: -module.steplen],
            depth=module.depth - 1,
            live=True,
        )
    else:
        page._cached_parent_obj = home
    return page


def _with_programme(modules, module_path):
    """``modules`` annotated with their programme's pk, title and URL path (one query)."""
    if isinstance(module_path, str):
        programme = Page.objects.filter(path=module_path[: -Page.steplen])
    else:
        programme = Page.objects.filter(
            path=Substr(module_path, 1, Length(module_path) - Page.steplen)
        )
    return modules.annotate(
        programme_pk=Subquery(programme.values("pk")[:1]),
        programme_title=Subquery(programme.values("title")[:1]),
        programme_url_path=Subquery(programme.values("url_path")[:1]),
    )


class CompetencyArea(models.Model):
    """A competency a module builds (kepemimpinan, mediasi, ...). Editable data."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        verbose_name = _("competency area")
        verbose_name_plural = _("competency areas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgrammePage(LearningPageMixin, TypedChildrenRouteMixin, Page):
    """A training programme (pelatihan): modules, dates, and what its certificate says."""

    intro = models.CharField(_("introduction"), max_length=500, blank=True)
    body = RichTextField(_("description"), blank=True)
    organiser = models.CharField(
        _("organiser"), max_length=255, default="BPSDM Provinsi DKI Jakarta"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    certificate_place = models.CharField(_("place of issue"), max_length=100, default="Jakarta")
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    signer_nip = models.CharField(_("signer's NIP"), max_length=18, blank=True)
    signer_title = models.CharField(_("signer's position"), max_length=255, blank=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Completing the programme needs at least this share of the face-to-face session "
            "days to be attended (present or late), counted over the days already marked. "
            "0 means no attendance rule."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("min_attendance_percent"),
            ],
            heading=_("Schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("certificate_place"),
                FieldPanel("signer_name"),
                FieldPanel("signer_nip"),
                FieldPanel("signer_title"),
                InlinePanel("predicate_bands", label=_("Graduation predicates"), min_num=1),
            ],
            heading=_("Certificate"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ModulePage"]
    child_page_model_name = "cms.ModulePage"
    template = "cms/programme_page.html"

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class PredicateBand(Orderable):
    """A graduation predicate: the final score at or above ``min_score`` earns ``name``."""

    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="predicate_bands")
    name = models.CharField(_("predicate"), max_length=100)
    min_score = models.DecimalField(_("minimum score"), max_digits=5, decimal_places=2)

    panels = [FieldPanel("name"), FieldPanel("min_score")]

    class Meta(Orderable.Meta):
        verbose_name = _("graduation predicate")
        verbose_name_plural = _("graduation predicates")


class ModulePage(LearningPageMixin, TypedChildrenRouteMixin, Page):
    """A module (agenda/mata pelatihan) of a programme, with its lessons and tests."""

    competency = models.ForeignKey(
        CompetencyArea,
        verbose_name=_("competency area"),
        on_delete=models.PROTECT,
        related_name="modules",
    )
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )
    jp = models.PositiveSmallIntegerField(
        _("JP"), default=2, help_text=_("Learning hours (jam pelajaran, 45 minutes each).")
    )
    prerequisite = models.ForeignKey(
        "self",
        verbose_name=_("prerequisite module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("This module stays locked until the prerequisite is completed."),
    )
    pretest_enabled = models.BooleanField(_("pre-test"), default=True)
    posttest_enabled = models.BooleanField(_("post-test"), default=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, help_text=_("Post-test score needed to pass.")
    )
    attempt_limit = models.PositiveSmallIntegerField(
        _("post-test attempts"), default=3, help_text=_("0 means unlimited.")
    )
    questions_per_test = models.PositiveSmallIntegerField(
        _("questions per test"), default=0, help_text=_("0 means every question of the bank.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("competency"),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("jp"),
        PageChooserPanel("prerequisite", "cms.ModulePage"),
        MultiFieldPanel(
            [
                FieldPanel("pretest_enabled"),
                FieldPanel("posttest_enabled"),
                FieldPanel("pass_mark"),
                FieldPanel("attempt_limit"),
                FieldPanel("questions_per_test"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
            ],
            heading=_("Tests (questions are edited under Question bank)"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("objectives"),
    ]

    parent_page_types = ["cms.ProgrammePage"]
    subpage_types = ["cms.LessonPage"]
    child_page_model_name = "cms.LessonPage"
    template = "cms/module_page.html"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def clean(self):
        super().clean()
        if not 0 < self.pass_mark <= 100:
            raise ValidationError({"pass_mark": _("The pass mark is a percentage from 1 to 100.")})
        if self.prerequisite_id and self.pk and self.prerequisite_id == self.pk:
            raise ValidationError({"prerequisite": _("A module cannot require itself.")})

    @property
    def objective_list(self):
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]


class LessonPage(LearningPageMixin, Page):
    """A lesson (materi): a stream of text, media, scenarios, reflections and checks."""

    summary = models.CharField(_("summary"), max_length=500, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    body = StreamField(LessonStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["cms.ModulePage"]
    subpage_types = []
    template = "cms/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")


class QuestionForm(WagtailAdminModelForm):
    """Checks the options as a whole: how many are correct must fit the kind of question."""

    def clean(self):
        cleaned = super().clean()
        options = self.formsets.get("options")
        if options is None or not options.is_valid():
            return cleaned
        kept = [
            form.cleaned_data
            for form in options.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        correct = sum(1 for option in kept if option.get("is_correct"))
        kind = cleaned.get("kind")
        if kind == Question.Kind.TRUE_FALSE and len(kept) != 2:
            self.add_error(None, _("A true/false question has exactly two options."))
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and correct != 1:
            self.add_error(None, _("Mark exactly one option as correct."))
        if kind == Question.Kind.MULTIPLE and correct < 1:
            self.add_error(None, _("Mark at least one option as correct."))
        return cleaned


class Question(ClusterableModel):
    """A question of a module's bank, used by its pre- and post-tests."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True/false")

    module = models.ForeignKey(
        ModulePage,
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown to the trainee after the attempt.")
    )
    active = models.BooleanField(_("in use"), default=True)

    base_form_class = QuestionForm
    panels = [
        PageChooserPanel("module", "cms.ModulePage"),
        FieldPanel("kind"),
        FieldPanel("text"),
        InlinePanel("options", label=_("Options"), min_num=2),
        FieldPanel("explanation"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("question bank")
        ordering = ["module", "pk"]

    def __str__(self):
        return self.text[:80]


class QuestionOption(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("option"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text


from cms import visioning  # noqa: E402, F401 — the visioning pages, models of this app
