"""core.files: documents judged by their content (PDF magic, DOCX parts), size and unpacked
size caps, SHA-256."""

import hashlib
import io
import zipfile

import pytest
from django.utils import translation

from core.errors import DomainError
from core.files import DocumentLimits, document_check, file_sha256, zip_unpacked_size
from tests.casestudies.factories import docx_bytes, pdf_bytes

LIMITS = DocumentLimits(max_bytes=1024 * 1024, max_unpacked=2 * 1024 * 1024)


def test_a_pdf_and_a_docx_are_recognised_by_their_content():
    assert document_check(io.BytesIO(pdf_bytes()), LIMITS) == "pdf"
    assert document_check(io.BytesIO(docx_bytes()), LIMITS) == "docx"


def test_a_file_disguised_by_its_extension_is_refused():
    with pytest.raises(DomainError, match="not a PDF"):
        document_check(io.BytesIO(b"MZ\x90\x00 an executable named makalah.pdf"), LIMITS)


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DomainError, match="not a PDF"):
        document_check(buffer, LIMITS)


def test_too_large_and_unpacking_too_large_are_refused():
    with pytest.raises(DomainError, match="at most"):
        document_check(io.BytesIO(pdf_bytes() + b" " * 2000), DocumentLimits(1000, 10**6))
    bomb = docx_bytes(padding=3 * 1024 * 1024)  # compresses to a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(DomainError, match="Unpacked"):
        document_check(io.BytesIO(bomb), LIMITS)


def test_empty_is_refused():
    with pytest.raises(DomainError, match="empty"):
        document_check(io.BytesIO(b""), LIMITS)


def test_sha256_and_unpacked_size():
    data = docx_bytes()
    assert file_sha256(io.BytesIO(data)) == hashlib.sha256(data).hexdigest()
    assert zip_unpacked_size(io.BytesIO(data)) == len("<Types/>") + len("<w:document/>")
    assert zip_unpacked_size(io.BytesIO(pdf_bytes())) is None


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
