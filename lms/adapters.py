from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts exist only through an organiser's invitation."""

    def is_open_for_signup(self, request):
        return False


def user_display(user):
    """How allauth names a person in messages ("signed in as …"): their name, not the NIP."""
    return user.get_full_name() or user.email or user.username
