"""The editable lists of case studies in the Wagtail admin: photo categories (saved and deleted
through their services; a category in use is not deleted) and the rubric's criteria (saved
through their service, never deleted: scores point at them)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from casestudies.models import PhotoCategory, RubricCriterion
from casestudies.services.categories import (
    photo_category_delete,
    photo_category_save,
    rubric_criterion_save,
)
from core.errors import DomainError


class PhotoCategoryForm(WagtailAdminModelForm):
    def save(self, commit=True):
        category = super().save(commit=False)
        return photo_category_save(category=category) if commit else category


class PhotoCategoryDeleteView(DeleteView):
    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user)
            photo_category_delete(category=self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            messages.error(self.request, str(error))
            return redirect(self.edit_url_name, self.object.pk)


class PhotoCategoryViewSet(ModelViewSet):
    model = PhotoCategory
    icon = "image"
    menu_label = gettext_lazy("Photo categories")
    menu_order = 20
    url_prefix = "kategori-foto"
    url_namespace = "casestudies_photocategory"
    list_display = ["name", "slug", "sort_order"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    delete_view_class = PhotoCategoryDeleteView
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")],
        base_form_class=PhotoCategoryForm,
    )


class RubricCriterionForm(WagtailAdminModelForm):
    def save(self, commit=True):
        criterion = super().save(commit=False)
        return rubric_criterion_save(criterion=criterion) if commit else criterion


class RubricCriterionViewSet(ModelViewSet):
    model = RubricCriterion
    icon = "list-ol"
    menu_label = gettext_lazy("Rubric")
    menu_order = 30
    url_prefix = "rubrik"
    url_namespace = "casestudies_rubriccriterion"
    list_display = ["name", "weight", "sort_order"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("weight"),
            FieldPanel("sort_order"),
        ],
        base_form_class=RubricCriterionForm,
    )
