"""python manage.py rebuild_search_index : recompute the search index.

Triggers keep the index current as articles change; this re-installs them
on SQLite (where Django remaking a table for a schema change drops them) and rebuilds the text index and
the facet postings from the article tables, then merges the index.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from archive.search import index, schema


class Command(BaseCommand):
    help = "Rebuild the full-text index and facet postings from the articles."

    def add_arguments(self, parser):
        parser.add_argument("--no-optimize", action="store_true", help="Skip merging the index afterwards.")

    def handle(self, *args, no_optimize=False, verbosity=1, **options):
        started = time.monotonic()
        with transaction.atomic():
            if connection.vendor == "sqlite":
                schema.install(connection)  # a table remade by a schema change lost its triggers
            index.rebuild(connection)
        if not no_optimize:
            index.optimize_index(connection)
        if verbosity > 0:
            self.stdout.write(f"Search index rebuilt in {time.monotonic() - started:.1f}s.")
