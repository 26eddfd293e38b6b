from casestudies.models.case_studies import CaseStudy, CaseStudyTransition
from casestudies.models.collection import CollectionBook
from casestudies.models.photos import EvidencePhoto, PhotoCategory
from casestudies.models.presentations import PanelMember, PanelScore, PresentationSlot
from casestudies.models.reviews import (
    ConflictOfInterest,
    FeedbackRelease,
    ReviewAssignment,
    ReviewWeights,
    RubricCriterion,
    RubricScore,
)

__all__ = [
    "CaseStudy",
    "CaseStudyTransition",
    "CollectionBook",
    "ConflictOfInterest",
    "EvidencePhoto",
    "FeedbackRelease",
    "PanelMember",
    "PanelScore",
    "PhotoCategory",
    "PresentationSlot",
    "ReviewAssignment",
    "ReviewWeights",
    "RubricCriterion",
    "RubricScore",
]
