"""Where allauth and Django's authentication meet Selaras accounts.

A person signs in with an email address or an 18-digit NIP (the username; spaces, dots and a
leading apostrophe ignored). ``account_for_login`` resolves either to the one account, so that:

- the failed-sign-in limit counts per account, whichever identifier was typed (and an unknown
  identifier is counted under its normalised form);
- ``AccountBackend`` computes exactly one password hash per attempt, for a known account with a
  wrong password as for an unknown email or NIP, so the time taken does not tell which exist.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from cohorts.validators import NIP_LENGTH, normalize_nip


def login_identifier(value) -> str:
    """The canonical form of what was typed: a lower-case email, a bare 18-digit NIP, or the
    stripped text otherwise (lower-cased, as usernames are matched without case)."""
    text = str(value or "").strip()
    if "@" in text:
        return text.lower()
    nip = normalize_nip(text)
    if nip.isdigit() and len(nip) == NIP_LENGTH:
        return nip
    return text.lower()


def account_for_login(value):
    """The one account an email or NIP/username names, or None (unknown or ambiguous)."""
    identifier = login_identifier(value)
    if not identifier:
        return None
    User = get_user_model()
    if "@" in identifier:
        match = Q(email__iexact=identifier) | Q(emailaddress__email__iexact=identifier)
    else:
        match = Q(**{f"{User.USERNAME_FIELD}__iexact": identifier})
    users = list(User._default_manager.filter(match).distinct()[:2])
    return users[0] if len(users) == 1 else None


class AccountBackend(ModelBackend):
    """The only authentication backend: one account lookup and exactly one password hash,
    whether the account exists or not (allauth's backend next to Django's hashed up to three
    times for a known email and twice for an unknown one)."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        if password is None:
            return None
        user = account_for_login(email or username)
        if user is None:
            # The same work as checking a real password, so an unknown account costs the same.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in user of a request with his participant profile and its unit chain,
        in one query (most signed-in pages need both)."""
        user = (
            get_user_model()
            ._default_manager.select_related("participant__unit__parent__parent__parent")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts exist only through an organiser's invitation."""

    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth 65.21 keys the failed-sign-in limit (and its reset after a password reset) on
        # this: one budget per account, not per identifier typed.
        typed = credentials.get("email") or credentials.get("username")
        user = account_for_login(typed)
        if user is not None:
            return f"account:{user.pk}"
        return f"unknown:{login_identifier(typed)}"


def user_display(user):
    """How allauth names a person in messages ("signed in as …"): their name, not the NIP."""
    return user.get_full_name() or user.email or user.username
