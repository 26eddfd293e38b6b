"""The one block set lessons are written with."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=255,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image_block.html"
        description = _("An image with alternative text and an optional caption")


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=255)
    url = blocks.URLBlock(
        label=_("video address"),
        required=False,
        help_text=_("A YouTube or Vimeo address, shown as an embedded player."),
    )
    file = DocumentChooserBlock(
        label=_("video file"),
        required=False,
        help_text=_("An uploaded MP4 or WebM file, played from this site."),
    )
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video_block.html"
        description = _("An embedded or uploaded video with an optional transcript")

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("url") and not cleaned.get("file"):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Give a video address or a video file."))}
            )
        return cleaned


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(label=_("description"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "cms/blocks/document_block.html"
        description = _("A file the trainee can download")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("info", _("Note")), ("tip", _("Tip")), ("warning", _("Important"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "cms/blocks/callout_block.html"
        description = _("A highlighted note, tip or warning")


class CaseScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=255)
    situation = blocks.RichTextBlock(
        label=_("situation"), features=["bold", "italic", "link", "ul", "ol"]
    )
    prompts = blocks.ListBlock(
        blocks.CharBlock(label=_("prompt"), max_length=500), label=_("discussion prompts")
    )

    class Meta:
        icon = "group"
        label = _("Case scenario")
        template = "cms/blocks/case_scenario_block.html"
        description = _("A field situation with questions to discuss")


class ReflectionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=500)
    guidance = blocks.TextBlock(label=_("guidance"), required=False)

    class Meta:
        icon = "edit"
        label = _("Reflection question")
        template = "cms/blocks/reflection_block.html"
        description = _("A question the trainee answers in writing; the answer is saved")


class CheckOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("option"), max_length=500)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)


class KnowledgeCheckBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=500)
    options = blocks.ListBlock(CheckOptionBlock(), label=_("options"), min_num=2)
    explanation = blocks.TextBlock(label=_("explanation"), required=False)

    class Meta:
        icon = "tick-inverse"
        label = _("Knowledge check")
        template = "cms/blocks/knowledge_check_block.html"
        description = _("A quick question with its explanation; not scored")

    def clean(self, value):
        cleaned = super().clean(value)
        if not any(option["correct"] for option in cleaned["options"]):
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("Mark at least one correct option."))}
            )
        return cleaned


class LessonStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"),
        icon="pilcrow",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"],
        template="cms/blocks/text_block.html",
        description=_("Paragraphs, headings and lists"),
    )
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    case_scenario = CaseScenarioBlock()
    reflection = ReflectionBlock()
    knowledge_check = KnowledgeCheckBlock()
