"""Models of the lms app: accounts (``accounts``), the learning engine (``learning``),
certificates (``certificates``), acknowledgements of visioning materials (``visioning``) and
shared practices (``practices``)."""

from lms.models.accounts import Invitation, User
from lms.models.certificates import Certificate, CertificateBatch
from lms.models.learning import (
    AttemptAnswer,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
    ReflectionAnswer,
    ScoreCorrection,
    TestAttempt,
)
from lms.models.practices import PracticePhoto, PracticePost
from lms.models.visioning import (
    VisioningAcknowledgement,
    VisioningAcknowledgementChange,
    VisioningRating,
    VisioningReminderRound,
)

__all__ = [
    "AttemptAnswer",
    "Certificate",
    "CertificateBatch",
    "Enrolment",
    "Invitation",
    "LessonProgress",
    "ModuleCompletion",
    "PracticePhoto",
    "PracticePost",
    "ReflectionAnswer",
    "ScoreCorrection",
    "TestAttempt",
    "User",
    "VisioningAcknowledgement",
    "VisioningAcknowledgementChange",
    "VisioningRating",
    "VisioningReminderRound",
]
