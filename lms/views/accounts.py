"""Accounts on the site: accepting an invitation (setting the first password)."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.errors import DomainError
from lms.forms import SetPasswordForm
from lms.services import accounts as services


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token):
    try:
        invitation = services.invitation_get_by_token(token)
    except DomainError as error:
        return render(request, "lms/invitation_invalid.html", {"error": error}, status=410)

    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error("password1", error)
        except DomainError as error:
            return render(request, "lms/invitation_invalid.html", {"error": error}, status=410)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your password is set. Welcome to Selaras!"))
            return redirect("lms:dashboard")
    return render(request, "lms/invitation_accept.html", {"form": form, "invitation": invitation})
