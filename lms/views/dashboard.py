"""The Dasbor: a trainee's programmes, next steps, results, certificates and face-to-face
sessions; staff see their roles and the way to the admin."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cohorts.selectors import booking_list_for_participant, participant_get_for_user
from lms.permissions import user_roles
from lms.selectors.learning import dashboard_get
from lms.selectors.visioning import visioning_list_for_participant


@login_required
def dashboard(request):
    participant = participant_get_for_user(request.user)
    context = {"participant": participant, "dashboard": None, "roles": []}
    if participant is not None:
        context["dashboard"] = dashboard_get(participant=participant)
        context["session_bookings"] = list(booking_list_for_participant(participant=participant))
        context["visioning_materials"] = visioning_list_for_participant(participant=participant)
    else:
        context["roles"] = sorted(user_roles(request.user))
    # may_use_admin comes from lms.context_processors.navigation (cached per session)
    return render(request, "lms/dashboard.html", context)
