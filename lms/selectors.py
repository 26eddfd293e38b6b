from cohorts.models import Participant


def participant_get_for_user(user):
    """The participant profile of ``user`` with its unit and the unit's ancestors, or None."""
    if not user.is_authenticated:
        return None
    return (
        Participant.objects.select_related("unit__parent__parent__parent").filter(user=user).first()
    )
