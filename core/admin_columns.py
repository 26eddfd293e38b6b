"""Listing columns of the Wagtail admin that show a value as people read it: yes or no in
words, a dash for nothing (Wagtail's own column prints ``True`` and ``None``)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column


class ValueColumn(Column):
    """A field's value: ``Ya``/``Tidak`` for a boolean, ``—`` for nothing, a related object
    by its name (its ``str``)."""

    empty_value_display = "—"

    @classmethod
    def of(cls, model, name, **kwargs):
        """The column of ``model``'s field ``name``, labelled and sorted as Wagtail does."""
        field = model._meta.get_field(name)
        return cls(name, label=capfirst(field.verbose_name), sort_key=name, **kwargs)

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return value
