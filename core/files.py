"""Uploaded files judged by their content, never by their name: the size of an open file, its
SHA-256, what a ZIP container unpacks to (read from its directory, before anything is
unpacked: a small ZIP can unpack to gigabytes), and documents people hand in as PDF or DOCX.

``core.spreadsheets`` caps a workbook's unpacked size with ``zip_unpacked_size`` too."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import DomainError

ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_DOCX_PARTS = {"[Content_Types].xml", "word/document.xml"}


def file_size(file) -> int:
    """The size of an open binary file, which is left at its start."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def file_head(file, size=4096) -> bytes:
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data


def file_sha256(file) -> str:
    """The SHA-256 of an open binary file, read in chunks, as 64 hex digits."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def too_big_message(what, size, limit) -> str:
    return _("%(what)s is %(size)s; at most %(max)s is accepted.") % {
        "what": what,
        "size": filesizeformat(size),
        "max": filesizeformat(limit),
    }


def zip_unpacked_size(file) -> int | None:
    """What the members of a ZIP (XLSX, DOCX) add up to unpacked, from its central directory;
    None when ``file`` is not a readable ZIP. The file is left at its start."""
    if not file_head(file).startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            return sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return None
    finally:
        file.seek(0)


def _zip_names(file) -> set[str]:
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()
    finally:
        file.seek(0)


@dataclass(frozen=True)
class DocumentLimits:
    """What one document may be: its bytes and, for a DOCX, its unpacked bytes. The defaults
    come from ``SELARAS_PAPER_MAX_BYTES`` and ``SELARAS_PAPER_MAX_UNPACKED``."""

    max_bytes: int
    max_unpacked: int

    @classmethod
    def default(cls, **overrides) -> "DocumentLimits":
        values = {
            "max_bytes": settings.SELARAS_PAPER_MAX_BYTES,
            "max_unpacked": settings.SELARAS_PAPER_MAX_UNPACKED,
        }
        return cls(**{**values, **overrides})


def document_check(file, limits: DocumentLimits | None = None) -> str:
    """``"pdf"`` or ``"docx"``, judged by the bytes of ``file`` (an open binary file); a
    DomainError (translated) for anything else, whatever its name says: too large, a DOCX that
    unpacks to more than allowed, or another kind of file. Reads only."""
    limits = limits or DocumentLimits.default()
    size = file_size(file)
    if not size:
        raise DomainError(_("The file is empty."))
    if size > limits.max_bytes:
        raise DomainError(too_big_message(_("The file"), size, limits.max_bytes))
    head = file_head(file)
    if head.startswith(PDF_MAGIC):
        return PDF
    unpacked = zip_unpacked_size(file)
    if unpacked is not None:
        if unpacked > limits.max_unpacked:
            raise DomainError(
                too_big_message(_("Unpacked, the document"), unpacked, limits.max_unpacked)
            )
        if _zip_names(file) >= _DOCX_PARTS:
            return DOCX
    raise DomainError(
        _("This file is not a PDF or a Word document (DOCX), whatever its name says.")
    )


def stored_file_response(field, *, content_type: str, filename: str | None = None):
    """A privately stored file (a ``FieldFile``) as the response: inline, for a version this
    project made itself (a re-encoded web photo), or as an attachment named ``filename``.
    ``nosniff`` either way; 404 when the file is gone from the storage."""
    try:
        file = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file, content_type=content_type, as_attachment=filename is not None, filename=filename or ""
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def web_photo_response(photo, size: str):
    """The ``besar`` (large) or ``kecil`` (thumbnail) web version of a photo, inline."""
    return stored_file_response(
        photo.large if size == "besar" else photo.thumbnail, content_type="image/jpeg"
    )


def original_name(photo) -> str:
    """The download name of a photo's original: ``foto-<pk>.<its extension>``."""
    name = photo.original.name
    return f"foto-{photo.pk}.{name.rsplit('.', 1)[-1] if '.' in name else 'bin'}"
