"""Models of the lms app: accounts (``accounts``), the learning engine (``learning``) and
certificates (``certificates``)."""

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

__all__ = [
    "AttemptAnswer",
    "Certificate",
    "CertificateBatch",
    "Enrolment",
    "Invitation",
    "LessonProgress",
    "ModuleCompletion",
    "ReflectionAnswer",
    "ScoreCorrection",
    "TestAttempt",
    "User",
]
