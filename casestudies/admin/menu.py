"""The Case studies menu of the admin: the review list, the photo categories, the rubric, the
digital collection (its book and ZIP per programme), conflicts of interest, the roles' weights,
the automatic allocation of reviewers, the presentations."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSetGroup

from casestudies.admin.allocation import AllocationViewSet
from casestudies.admin.categories import PhotoCategoryViewSet, RubricCriterionViewSet
from casestudies.admin.collection import CollectionViewSet
from casestudies.admin.conflicts import ConflictViewSet
from casestudies.admin.presentations import PresentationsViewSet
from casestudies.admin.review import CaseStudyViewSet
from casestudies.admin.weights import WeightsViewSet


class CaseStudiesGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Case studies")
    menu_icon = "doc-full"
    menu_order = 200
    items = (
        CaseStudyViewSet,
        PhotoCategoryViewSet,
        RubricCriterionViewSet,
        CollectionViewSet,
        ConflictViewSet,
        WeightsViewSet,
        AllocationViewSet,
        PresentationsViewSet,
    )
