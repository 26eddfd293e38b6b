from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from cohorts.validators import NIP_LENGTH, normalize_nip


class LoginForm(AllauthLoginForm):
    """Sign in with an email address or an 18-digit NIP (spaces and dots allowed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("Email or NIP")
        field.widget.attrs.update(
            {"placeholder": _("name@example.go.id or 18-digit NIP"), "autocomplete": "username"}
        )

    def clean_login(self):
        login = super().clean_login()
        if "@" not in login:
            nip = normalize_nip(login)
            if nip.isdigit() and len(nip) == NIP_LENGTH:
                return nip
        return login


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Repeat the new password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords do not match."))
        return cleaned
