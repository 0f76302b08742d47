"""A WARC file cut at record boundaries into parts that are WARC files too, so
one large crawl becomes many import tasks that workers share, each message
bounded in size.

Records are found with warcio without reading their pages (no HTML is parsed
here: that is the workers' job). A record gzip-compressed on its own (the usual
``.warc.gz``) is a gzip member of its own, and a plain record is its bytes, so
the bytes from one record's start to a later one's are a WARC. A file the cut
would not give whole records of (one gzip stream over every record, or a
damaged one) is not cut: it goes whole, and the importer reports it as it would.
"""

from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.ingest.warc import is_warc

# Records gathered into one part until it reaches this size.
PART_BYTES = 4 * 1024 * 1024


def parts(path: Path, part_bytes: int = PART_BYTES) -> list[tuple[int, int]] | None:
    """(start, end) byte ranges covering the file, each of whole records; None
    when the file cannot be cut (then it is one task, as any other file)."""
    starts = []
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for _record in records:
                starts.append(records.offset)
            size = stream.seek(0, 2)
    except Exception:  # noqa: BLE001 - warcio raises many kinds on a damaged file: let the importer say which
        return None
    if not starts or starts[0] != 0:
        return None
    cuts, begun = [], 0
    for start in starts[1:]:
        if start - begun >= part_bytes:
            cuts.append((begun, start))
            begun = start
    cuts.append((begun, size))
    with path.open("rb") as stream:
        for start, _ in cuts:
            stream.seek(start)
            if not is_warc(stream.read(512)):
                return None  # not a record boundary a part can start at
    return cuts


def read_part(path: Path, start: int, end: int) -> bytes:
    with path.open("rb") as stream:
        stream.seek(start)
        return stream.read(end - start)
