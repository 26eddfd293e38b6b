from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from cms.models import Question
from lms.adapters import login_identifier


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
        identifier = login_identifier(login)
        return identifier if identifier.isdigit() else login


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


class ReflectionForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea, max_length=10000)


class AttemptForm(forms.Form):
    """One field per question: radios for single choice and true/false, checkboxes for
    multiple choice. Unanswered questions are allowed (they score zero)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            choices = [(option.pk, option.text) for option in question.shown_options]
            label = f"{number}. {question.text}"
            if question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    label=label,
                    choices=choices,
                    coerce=int,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Choose every correct answer."),
                )
            else:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=choices,
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect,
                    empty_value=None,
                )
            field.question = question
            self.fields[f"q{question.pk}"] = field

    def answers(self):
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            result[question.pk] = value if isinstance(value, list) else [value]
        return result
