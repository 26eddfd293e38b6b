"""Values as the admin's detail pages show them: moments in the reader's time zone with the
zone's name (``Selasa, 5 Maret 2019 08.00 WIB``), yes and no in words, a dash for nothing."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def display_value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        zone = value.tzname() or ""
        return f"{formats.date_format(value, 'DATETIME_FORMAT')} {zone}".rstrip()
    return formats.localize(value)
