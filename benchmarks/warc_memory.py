"""Memory on a 1 GB WARC: the importer streams it, one record at a time.

    python benchmarks/warc_memory.py            # ~1 GB WARC under /tmp
    python benchmarks/warc_memory.py --gzip     # the same as .warc.gz (slower to write)
    python benchmarks/warc_memory.py --gb 0.1   # quicker

Writes a WARC of many records (one HTML article page in ten, the rest images,
as a crawl is) to a temporary folder, then imports it into a throwaway SQLite
database there with the importer's own code (format detection, WarcReader,
HTML extraction, store), sampling the process's resident memory every 200
records. Peak RSS staying near the starting figure while a file many times
larger goes through is what "streamed, not loaded whole" means. Prints the
figures and exits non-zero if the peak grows by more than --limit-mb.
Not run by `make bench` (it takes minutes and 1 GB of disk); `make bench-warc-memory` runs it.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

WORDS = (
    "council vote tram line district residents minister budget border talks winter agreement officials "
    "parliament market shares economy report said according spokesperson statement regional security"
).split()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def article(n: int, rng: random.Random) -> bytes:
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + ".</p>"
        for _ in range(rng.randint(8, 20))
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Story {n}</title>"
        f"<meta property='og:site_name' content='Synthetic Daily'></head><body><nav>Home</nav>"
        f"<article><h1>Story {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}</h1>{paragraphs}</article>"
        "<footer>Contact</footer></body></html>"
    ).encode()


def write_warc(path: Path, gigabytes: float, gzip: bool) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(1)
    target, records = int(gigabytes * 1024**3), 0
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        while out.tell() < target:
            n = records
            if n % 10 == 0:
                body, kind = article(n, rng), "text/html; charset=utf-8"
            else:
                # Incompressible, like real images, so the file really is ~1 GB on disk.
                body, kind = rng.randbytes(rng.randint(60_000, 180_000)), "image/jpeg"
            http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            url = f"https://synthetic.invalid/{n}"
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
            records += 1
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gb", type=float, default=1.0, help="Size of the WARC to write (default 1).")
    parser.add_argument("--gzip", action="store_true", help="Compress each record (.warc.gz; slower to write).")
    parser.add_argument("--limit-mb", type=float, default=150.0, help="Allowed growth of peak RSS over the start.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warc-memory-") as tmp:
        warc = Path(tmp) / ("crawl.warc.gz" if args.gzip else "crawl.warc")
        started = time.monotonic()
        records = write_warc(warc, args.gb, args.gzip)
        size = warc.stat().st_size
        print(f"wrote {warc.name}: {size / 1024**3:.2f} GB, {records} records in {time.monotonic() - started:.0f}s")

        os.environ.update(
            DJANGO_SETTINGS_MODULE="archive.site.settings",
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            SECRET_KEY="warc-memory-benchmark-only",
        )
        os.environ.pop("DEBUG", None)  # DEBUG keeps every SQL query in memory
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from archive.ingest.runner import Importer
        from archive.ingest.store import Outcome

        samples = []
        importer = Importer(on_result=lambda where, outcome: samples.append(rss_mb()))
        baseline = rss_mb()  # Django set up, database migrated, parsers not yet imported
        started = time.monotonic()
        importer.import_paths([str(warc)])
        elapsed = time.monotonic() - started
        report = importer.report
        peak = peak_mb()
        print(
            f"imported {report.counts[Outcome.IMPORTED]} pages, skipped {report.skipped_records} other records, "
            f"{report.failed} failed, in {elapsed:.0f}s ({size / 1024**2 / elapsed:.1f} MB/s)"
        )
        marks = [samples[i] for i in range(0, len(samples), max(1, len(samples) // 8))] + samples[-1:]
        print(f"RSS: {baseline:.0f} MB before import; during: {', '.join(f'{m:.0f}' for m in marks)} MB")
        print(f"peak RSS {peak:.0f} MB for a {size / 1024**2:.0f} MB file (growth {peak - baseline:.0f} MB)")
        if peak - baseline > args.limit_mb or report.failed:
            sys.exit(1)


if __name__ == "__main__":
    main()
