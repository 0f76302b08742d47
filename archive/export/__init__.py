"""Writing the archive out: JSON Lines (``jsonl``) and WARC (``warc``), each read back by ``archive.ingest``."""
