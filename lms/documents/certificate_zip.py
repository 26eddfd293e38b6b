"""Every PDF of a programme's certificates as one ZIP, streamed as it is written."""

import zipfile

from lms.documents.certificate import download_filename


class _Sink:
    """A write-only file for ZipFile whose bytes are handed on as they are written."""

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

    def take(self):
        data = b"".join(self.chunks)
        self.chunks = []
        return data


def zip_stream(certificates):
    """Yield a ZIP of the certificates' PDFs, one file at a time (memory stays flat)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            try:
                with certificate.pdf.open("rb") as file:
                    archive.writestr(download_filename(certificate), file.read())
            except FileNotFoundError:
                continue
            yield sink.take()
    yield sink.take()
