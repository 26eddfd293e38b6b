"""Visioning materials: a leader's vision and mission, his paparan and key messages, given to
an audience (positions and regions) that reads and acknowledges it by a deadline.

The pages own the editorial content only. Who is in the audience, the acknowledgements and
their ratings belong to the learning engine (``lms``), which fills the page's context through
``PAGE_CONTEXT_HOOK`` and guards it with ``before_serve_page``; the audience's positions and
the region chooser of the editor's form come from ``VISIONING_FORM_HOOK`` (this app knows
nothing of participants).

Versions: acknowledgements belong to a version of a material. An editor who publishes a
revision with "ask everyone again" ticked starts a new version (the key messages changed); a
revision without it (a typo fixed) keeps the version and its acknowledgements.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks, hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import VideoBlock
from cms.models import LearningPageMixin

VISIONING_FORM_HOOK = "construct_visioning_material_form"


class KeyMessageBlock(blocks.StructBlock):
    """One key message; its block id is stable across revisions, so a participant's response
    refers to it by that id."""

    title = blocks.CharBlock(label=_("key message"), max_length=255)
    explanation = blocks.TextBlock(label=_("explanation"), required=False)

    class Meta:
        icon = "pick"
        label = _("Key message")
        template = "cms/blocks/key_message_block.html"
        description = _("A key message the audience responds to")


class VisioningIndexPage(LearningPageMixin, Page):
    """The home of visioning materials: the approval workflow and the leaders' page
    permissions are attached here (``cms/migrations/0007_visioning_workflow.py``); its
    context (the reader's materials) comes from ``PAGE_CONTEXT_HOOK``."""

    intro = models.CharField(_("introduction"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.VisioningMaterialPage"]
    max_count = 1
    template = "cms/visioning_index_page.html"

    class Meta:
        verbose_name = _("visioning index")
        verbose_name_plural = _("visioning indexes")


class VisioningMaterialPageForm(WagtailAdminPageForm):
    """The material's form. The audience's positions are chosen among the participants'
    positions and the regions through the region chooser; both are given by the apps that
    know them, through ``VISIONING_FORM_HOOK`` (``fn(form)``)."""

    audience_positions = forms.MultipleChoiceField(
        label=_("Audience: positions"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every position."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for fn in hooks.get_hooks(VISIONING_FORM_HOOK):
            fn(self)

    def clean(self):
        cleaned = super().clean()
        deadline = cleaned.get("deadline")
        if deadline and not self.instance.pk and deadline < timezone.localdate():
            self.add_error("deadline", _("The deadline has passed."))
        return cleaned


class VisioningMaterialPage(LearningPageMixin, Page):
    """A leader's visioning material (materi visioning) for an audience, with a deadline."""

    leader_name = models.CharField(_("leader"), max_length=255)
    leader_title = models.CharField(
        _("leader's position"), max_length=255, help_text=_("e.g. Gubernur DKI Jakarta")
    )
    leader_unit = models.ForeignKey(
        "cohorts.Region",
        verbose_name=_("leader's unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The region the leader heads. Leaders of the regions above it see this material."
        ),
    )
    vision = RichTextField(_("vision"), features=["bold", "italic", "ul", "ol"])
    mission = RichTextField(_("mission"), blank=True, features=["bold", "italic", "ul", "ol"])
    paparan = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("paparan (PDF)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The presentation as a PDF, shown in the page."),
    )
    video = StreamField([("video", VideoBlock())], verbose_name=_("video"), blank=True, max_num=1)
    key_messages = StreamField(
        [("key_message", KeyMessageBlock())],
        verbose_name=_("key messages"),
        min_num=1,
    )
    audience_positions = models.JSONField(_("audience: positions"), default=list, blank=True)
    audience_regions = ParentalManyToManyField(
        "cohorts.Region",
        verbose_name=_("audience: regions"),
        related_name="+",
        blank=True,
        help_text=_("A region takes every unit under it. None: every region."),
    )
    deadline = models.DateField(
        _("acknowledge by"), help_text=_("Responses can be given and amended until this day.")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    ask_again = models.BooleanField(
        _("this revision changes the key messages: ask everyone again"),
        default=False,
        help_text=_(
            "When published, this revision starts a new version: everyone in the audience is "
            "asked to acknowledge it again. Leave it off for corrections (a typo)."
        ),
    )

    base_form_class = VisioningMaterialPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("leader_name"), FieldPanel("leader_title"), FieldPanel("leader_unit")],
            heading=_("Leader"),
        ),
        FieldPanel("vision"),
        FieldPanel("mission"),
        FieldPanel("paparan"),
        FieldPanel("video"),
        FieldPanel("key_messages"),
        InlinePanel("related_lessons", label=_("Related lessons")),
        MultiFieldPanel(
            [
                FieldPanel("audience_positions"),
                FieldPanel("audience_regions"),
                FieldPanel("deadline"),
                FieldPanel("ask_again"),
            ],
            heading=_("Audience and acknowledgement"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("leader_name"),
        index.SearchField("vision"),
        index.SearchField("mission"),
    ]

    parent_page_types = ["cms.VisioningIndexPage"]
    subpage_types = []
    template = "cms/visioning_material_page.html"

    class Meta:
        verbose_name = _("visioning material")
        verbose_name_plural = _("visioning materials")

    def clean(self):
        super().clean()
        if self.paparan_id and not self.paparan.file.name.lower().endswith(".pdf"):
            raise ValidationError({"paparan": _("The paparan must be a PDF.")})

    def with_content_json(self, content):
        # The version belongs to the live page, never to a revision; a revision's "ask again"
        # counts only until it has been published once (its version is then behind).
        obj = super().with_content_json(content)
        obj.version = self.version
        obj.ask_again = bool(content.get("ask_again")) and content.get("version") == self.version
        obj._was_published = self.first_published_at is not None
        return obj

    def save(self, *args, **kwargs):
        publishing = kwargs.get("update_fields") is None
        if publishing and self.ask_again:
            if getattr(self, "_was_published", False):
                self.version += 1
            self.ask_again = False
        return super().save(*args, **kwargs)

    @property
    def key_message_list(self):
        """[(block id, title, explanation)] in order."""
        return [
            (block.id, block.value["title"], block.value["explanation"])
            for block in self.key_messages
        ]

    def is_open(self, today=None) -> bool:
        return (today or timezone.localdate()) <= self.deadline


class VisioningRelatedLesson(Orderable):
    page = ParentalKey(
        VisioningMaterialPage, on_delete=models.CASCADE, related_name="related_lessons"
    )
    lesson = models.ForeignKey(
        "cms.LessonPage", verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("lesson", "cms.LessonPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related lesson")
        verbose_name_plural = _("related lessons")
