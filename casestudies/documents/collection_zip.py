"""A programme's accepted case studies as one ZIP for the organisers, streamed as it is
written: per case study a folder with its paper, its photos as uploaded (EXIF, positions and
all: the organisers may see them) and its summary, plus ``daftar.csv`` listing every file.

Papers and photos are already compressed, so entries are stored, not deflated: building the
archive is copying bytes, in 1 MiB chunks, and memory stays flat whatever the photos' size.
"""

import csv
import io
import zipfile

from django.utils.text import slugify

CHUNK = 1 << 20


class _Sink:
    """A write-only file for ZipFile (no ``seek``: entries get data descriptors) whose bytes
    are handed on as they are written."""

    def __init__(self):
        self.chunks = []
        self.position = 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks = []
        return data


def _folder(case_study) -> str:
    return f"{case_study.pk:05d}-{slugify(case_study.title)[:60] or 'studi-kasus'}"


def _extension(name: str, default: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else default


def _copy(archive, sink, field, arcname):
    """Copy a stored file into the archive chunk by chunk, yielding the bytes written."""
    try:
        source = field.open("rb")
    except FileNotFoundError:
        return False
    with source, archive.open(arcname, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            target.write(chunk)
            yield sink.take()
    return True


def collection_zip_stream(case_studies, *, authors_of):
    """Yield the ZIP of ``case_studies`` (with their photos and categories loaded) in chunks;
    ``authors_of(case_study)`` gives the authors' names as one line. A file missing from the
    storage is left out and said so in the list."""
    sink = _Sink()
    listing = io.StringIO()
    rows = csv.writer(listing)
    rows.writerow(["folder", "file", "title", "authors", "status", "category", "caption", "sha256"])
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for case_study in case_studies:
            folder = _folder(case_study)
            authors = authors_of(case_study)
            summary = f"{case_study.title}\n{authors}\n\n{case_study.summary}\n"
            archive.writestr(f"{folder}/ringkasan.txt", summary.encode())
            if case_study.paper:
                name = f"makalah.{case_study.paper_format or 'pdf'}"
                copied = yield from _copy(archive, sink, case_study.paper, f"{folder}/{name}")
                rows.writerow(
                    [
                        folder,
                        name if copied else "(missing)",
                        case_study.title,
                        authors,
                        case_study.status,
                        "",
                        "",
                        case_study.paper_sha256,
                    ]
                )
            for number, photo in enumerate(case_study.photos.all(), start=1):
                extension = _extension(photo.original.name, "jpg")
                name = f"foto-{number:02d}-{photo.category.slug}.{extension}"
                copied = yield from _copy(archive, sink, photo.original, f"{folder}/{name}")
                rows.writerow(
                    [
                        folder,
                        name if copied else "(missing)",
                        case_study.title,
                        authors,
                        case_study.status,
                        photo.category.name,
                        photo.caption,
                        photo.sha256,
                    ]
                )
            yield sink.take()
        archive.writestr("daftar.csv", listing.getvalue().encode("utf-8-sig"))
    yield sink.take()
