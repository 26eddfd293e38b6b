"""The one exception a service raises when a rule of the domain is broken."""


class DomainError(Exception):
    """A rule of the domain was broken; the message is translated and shown to the user."""
