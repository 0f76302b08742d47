"""python manage.py analyze_text PATH...: entities and statements as JSON Lines; writes nothing."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from archive.nlp.analyzer import analyze_texts


class Command(BaseCommand):
    help = (
        "Print one JSON object per file: the entities and statements found in its text (offsets are Python "
        "character offsets into the file decoded as UTF-8). Writes nothing to the archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths=(), **options):
        texts, names, failed = [], [], False
        for name in paths:
            try:
                texts.append(Path(name).read_bytes().decode("utf-8"))
                names.append(name)
            except (OSError, UnicodeDecodeError) as exc:
                self.stderr.write(f"error: {name}: {getattr(exc, 'strerror', None) or exc}")
                failed = True
        for name, analysis in zip(names, analyze_texts(texts), strict=True):
            self.stdout.write(json.dumps({"path": name, **analysis.to_json()}, ensure_ascii=False))
        if failed:
            sys.exit(1)
