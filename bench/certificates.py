"""Issuing a cohort's certificates through a real Celery worker, next to plain reportlab.

On a throwaway SQLite database and a filesystem broker in a temporary folder, creates a
programme and 317 participants who completed it (with post-test scores), then times

  (a) a certificate batch of all 317 — enqueued on commit, run by a real Celery worker
      (in-process thread), each certificate issued in its own transaction and rendered —
      from the click to the batch's DONE;
  (b) a plain loop rendering the same 317 PDFs with reportlab, without the database.

Prints both times, the ratio (the cost of the database, the locks, the files and the broker
around the drawing), PDFs per second and the mean/max PDF size.

    .venv/bin/python bench/certificates.py [participants]
"""

import shutil
import statistics
import sys
import time

from _django import django_start

WORKDIR = django_start("certificates", CELERY_TASK_ALWAYS_EAGER="0")

from datetime import date
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from cms.models import (
    CompetencyArea,
    HomePage,
    ModulePage,
    PredicateBand,
    ProgrammePage,
)
from cohorts.models import Cohort, CohortMembership, Participant, Region
from lms.documents.certificate import certificate_data, render_pdf
from lms.models import Certificate, CertificateBatch, Enrolment, TestAttempt
from lms.services import certificate_batches as batch_services

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 317
MODULES = [
    ("Wawasan Kebangsaan dan Nilai Bela Negara", 6),
    ("Kepemimpinan Visioner", 8),
    ("Kolaborasi Lintas Sektor", 6),
    ("Mediasi dan Resolusi Konflik Sosial", 6),
    ("Pelayanan Publik Berbasis Wilayah", 4),
    ("Perencanaan Pembangunan Kelurahan", 4),
    ("Inovasi dan Transformasi Digital", 4),
    ("Aktualisasi dan Rencana Tindak Lanjut", 2),
]
NAMES = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Ayu", "Hendra", "Lestari", "Yusuf"]
FAMILIES = ["Santoso", "Wijaya", "Hidayat", "Nasution", "Siregar", "Purnomo", "Rahmawati"]


def setup():
    call_command("migrate", verbosity=0)
    province = Region.objects.create(
        code="31", name="Daerah Khusus Ibukota Jakarta", level=1, kind="provinsi"
    )
    kota = Region.objects.create(
        code="31.71", name="Kota Administrasi Jakarta Pusat", level=2, kind="kota", parent=province
    )
    kecamatan = Region.objects.create(
        code="31.71.01", name="Gambir", level=3, kind="kecamatan", parent=kota
    )
    kelurahan = Region.objects.create(
        code="31.71.01.1002", name="Cideng", level=4, kind="kelurahan", parent=kecamatan
    )

    area = CompetencyArea.objects.create(name="Kepemimpinan")
    programme = ProgrammePage(
        title="Pelatihan Kepemimpinan Visioner bagi Lurah dan Camat",
        slug="kepemimpinan-visioner",
        start_date=date(2019, 3, 4),
        end_date=date(2019, 3, 8),
        signer_name="Drs. Budi Santoso, M.Si.",
        signer_nip="196501011990031001",
        signer_title="Kepala Badan Pengembangan Sumber Daya Manusia Provinsi DKI Jakarta",
    )
    programme.predicate_bands = [
        PredicateBand(name="Sangat Memuaskan", min_score=90),
        PredicateBand(name="Memuaskan", min_score=80),
        PredicateBand(name="Baik", min_score=70),
        PredicateBand(name="Cukup", min_score=0),
    ]
    HomePage.objects.first().add_child(instance=programme)
    modules = []
    for index, (title, jp) in enumerate(MODULES, start=1):
        module = ModulePage(title=title, slug=f"modul-{index}", competency=area, jp=jp)
        programme.add_child(instance=module)
        modules.append(module)

    participants = Participant.objects.bulk_create(
        Participant(
            nip=f"19800101200501{1 + n % 2}{n % 999 + 1:03d}",
            name=f"{NAMES[n % len(NAMES)]} {FAMILIES[n % len(FAMILIES)]} {n}",
            position=Participant.Position.LURAH,
            unit=kelurahan,
            grade="III/c",
            email=f"peserta{n}@example.go.id",
        )
        for n in range(1, COUNT + 1)
    )
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(participant=p, programme=programme, source="cohort", completed_at=now)
        for p in participants
    )
    TestAttempt.objects.bulk_create(
        TestAttempt(
            participant=p,
            module=module,
            kind=TestAttempt.Kind.POST,
            number=1,
            submitted_at=now,
            score=Decimal(60 + (p.pk * 7 + index * 11) % 41),
            passed=True,
        )
        for p in participants
        for index, module in enumerate(modules)
    )
    cohort = Cohort.objects.create(name="Angkatan I", programme=programme)
    CohortMembership.objects.bulk_create(
        CohortMembership(cohort=cohort, participant=p) for p in participants
    )
    return programme, cohort


def start_worker():
    from celery.contrib.testing.worker import start_worker as celery_start_worker

    from lms.celery import app

    app.conf.task_always_eager = False
    context = celery_start_worker(app, perform_ping_check=False, loglevel="WARNING")
    context.__enter__()
    return context


def run_batch(programme, cohort):
    started = time.perf_counter()
    batch = batch_services.certificate_batch_create(
        programme=programme, cohort=cohort, requested_by=None
    )
    last = -1
    while True:
        batch.refresh_from_db()
        if batch.state in (CertificateBatch.State.DONE, CertificateBatch.State.FAILED):
            break
        if batch.done != last and batch.done % 50 == 0:
            print(f"  … {batch.done}/{batch.total}", flush=True)
            last = batch.done
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if batch.state != CertificateBatch.State.DONE:
        raise SystemExit(f"batch failed: {batch.error}")
    return batch, elapsed


def main():
    print(f"Setting up {COUNT} completed participants in {WORKDIR} …", flush=True)
    t = time.perf_counter()
    programme, cohort = setup()
    print(f"  setup {time.perf_counter() - t:.1f} s")

    worker = start_worker()
    try:
        batch, batch_seconds = run_batch(programme, cohort)
    finally:
        worker.__exit__(None, None, None)
    certificates = list(
        Certificate.objects.filter(programme=programme)
        .select_related("participant__unit__parent__parent", "programme")
        .order_by("pk")
    )
    assert len(certificates) == COUNT == batch.issued, (len(certificates), batch.issued)
    sizes = [certificate.pdf.size for certificate in certificates]

    data = [certificate_data(certificate) for certificate in certificates]
    render_pdf(data[0])  # fonts registered and parsed outside the timing
    started = time.perf_counter()
    plain_sizes = [len(render_pdf(item)) for item in data]
    plain_seconds = time.perf_counter() - started

    print()
    print(f"(a) batch through a Celery worker: {COUNT} certificates in {batch_seconds:.2f} s")
    print(f"    {COUNT / batch_seconds:.1f} PDFs/s, {1000 * batch_seconds / COUNT:.1f} ms each")
    print(f"(b) plain reportlab loop:           {COUNT} PDFs in {plain_seconds:.2f} s")
    print(f"    {COUNT / plain_seconds:.1f} PDFs/s, {1000 * plain_seconds / COUNT:.1f} ms each")
    print(f"ratio (a)/(b): {batch_seconds / plain_seconds:.2f}×")
    plain_mean = statistics.mean(plain_sizes) / 1024
    print(
        f"PDF size: mean {statistics.mean(sizes) / 1024:.1f} KB, "
        f"max {max(sizes) / 1024:.1f} KB (plain loop mean {plain_mean:.1f} KB)"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
