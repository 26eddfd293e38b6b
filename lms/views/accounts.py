"""Accounts on the site: accepting an invitation (setting the first password), and the
admin's sign-in address, which hands over to allauth's sign-in page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.errors import DomainError
from lms.forms import SetPasswordForm
from lms.permissions import may_use_admin
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
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, _("Your password is set. Welcome to Selaras!"))
            return redirect("lms:dashboard")
    return render(request, "lms/invitation_accept.html", {"form": form, "invitation": invitation})


@never_cache
def admin_login(request):
    """Where Wagtail sends whoever may not (yet) use the admin.

    Anonymous: on to the site's sign-in page (rate limits and two-factor apply), which comes
    back to ``next``. Signed in without admin access: a 403 page that says why, with a link to
    the Dasbor; sending him to sign in again would bounce straight back to /admin/ (a loop).
    """
    if not request.user.is_authenticated:
        query = request.META.get("QUERY_STRING", "")
        return redirect(reverse("account_login") + (f"?{query}" if query else ""))
    if may_use_admin(request.user):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        safe = url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(next_url if safe else reverse("wagtailadmin_home"))
    return render(request, "403.html", {"admin_denied": True}, status=403)
