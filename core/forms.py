"""Form fields shared by the apps' admin screens."""

from django import forms
from django.template.defaultfilters import filesizeformat

from core.spreadsheets import Limits, SpreadsheetError, check_size, detect_format


class SpreadsheetFileField(forms.FileField):
    """An uploaded CSV or XLSX, checked before anything is stored or parsed: its size (at
    most ``max_bytes``, default ``SELARAS_SPREADSHEET_MAX_BYTES``), its content (a table in
    CSV or an Excel workbook, whatever its name says) and, for a workbook, the size its parts
    unpack to (``SELARAS_SPREADSHEET_MAX_UNPACKED``, read from the ZIP's directory).

    The cleaned value is the upload, rewound, with ``spreadsheet_format`` (``"csv"`` or
    ``"xlsx"``) set on it. Errors are the translated messages of ``core.spreadsheets``.
    """

    def __init__(self, *, max_bytes: int | None = None, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def limits(self) -> Limits:
        return Limits.default(**({"max_bytes": self.max_bytes} if self.max_bytes else {}))

    def max_size_label(self) -> str:
        """The largest file accepted, as people read it ("20 MB")."""
        return filesizeformat(self.limits().max_bytes)

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        try:
            check_size(value, self.limits())
            value.spreadsheet_format = detect_format(value)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error), code="spreadsheet") from None
        finally:
            value.seek(0)
