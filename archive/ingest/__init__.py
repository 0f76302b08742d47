"""Turning input files (text pages, HTML, WARC, JSONL) into stored articles."""
