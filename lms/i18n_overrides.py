"""Strings of third-party apps that Selaras translates itself, so one word means one thing.

Django, Wagtail and allauth ship Indonesian catalogues that disagree (e.g. "Password" is
"Kata Kunci" in one and "Kata sandi" in another); the project catalogue is searched first.
"""

from django.utils.translation import gettext_noop

OVERRIDES = [
    gettext_noop("Password"),
    gettext_noop("Remember Me"),
]
