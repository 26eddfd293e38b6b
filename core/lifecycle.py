"""Models with a lifecycle: the status moves only along ``TRANSITIONS``, through one method.

A model mixes in ``Lifecycle``, names its status field (``status_field``, default
``"status"``), its choices (``Status``) and the allowed moves, and says in
``transition_error`` how to refuse one. ``set_status`` is the only way a service changes the
status of a row it holds; a service that moves many rows at once in one conditional UPDATE
filters them with ``may_reach(target)``, the states allowed to move there, so the rule stays
written in one place.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class Lifecycle:
    status_field = "status"
    TRANSITIONS: dict = {}
    transition_error = _("“%(model)s” cannot go from “%(old)s” to “%(new)s”.")

    @classmethod
    def _choices(cls):
        return cls._meta.get_field(cls.status_field).choices

    @classmethod
    def _label(cls, value) -> str:
        return str(dict(cls._choices()).get(value, value))

    @classmethod
    def may_reach(cls, target) -> list:
        """The states from which ``target`` may be reached."""
        return [state for state, allowed in cls.TRANSITIONS.items() if target in allowed]

    def may_become(self, target) -> bool:
        return target in self.TRANSITIONS.get(getattr(self, self.status_field), ())

    def transition_check(self, target) -> None:
        """Raise DomainError (translated) when the lifecycle does not allow moving to
        ``target``; changes nothing."""
        if not self.may_become(target):
            raise DomainError(
                self.transition_error
                % {
                    "model": self._meta.verbose_name,
                    "old": self._label(getattr(self, self.status_field)),
                    "new": self._label(target),
                }
            )

    def set_status(self, target) -> None:
        """Move to ``target`` or raise DomainError (``transition_check``). Saving is the
        caller's (with the other fields it changes)."""
        self.transition_check(target)
        setattr(self, self.status_field, target)
        self.on_status_change(target)

    def on_status_change(self, target) -> None:
        """Hook for stamping a timestamp with the move; nothing by default."""
