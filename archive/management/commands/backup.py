"""python manage.py backup OUTPUT : a consistent copy of the whole database.

SQLite: sqlite3's online backup API copies the database page by page while
the site keeps serving (readers are never blocked; a write during the copy
makes SQLite restart it, so the copy is always one consistent state). The
copy is written next to OUTPUT and renamed into place only after
``PRAGMA integrity_check`` passes, so a failed backup never leaves a
half-written file under the final name.

PostgreSQL: the right tool is ``pg_dump``; this prints the command (and runs
it with ``--run``), passing the password through the environment, never the
command line.

Restoring: see README "Fixity, backup and restore".
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

PAGES_PER_STEP = 4096  # small steps let writers in between; 4096 pages = 16 MB at 4 KB pages


class Command(BaseCommand):
    help = "Back up the database: SQLite online backup to OUTPUT, or the pg_dump command for PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("output", metavar="OUTPUT", help="File to write (must not exist unless --force).")
        parser.add_argument("--force", action="store_true", help="Replace OUTPUT if it exists.")
        parser.add_argument("--run", action="store_true", help="PostgreSQL: run pg_dump instead of printing it.")

    def handle(self, *args, output, force=False, run=False, verbosity=1, **options):
        target = Path(output)
        if target.exists() and not force:
            raise CommandError(f"{target} exists; give --force to replace it.")
        if connection.vendor == "sqlite":
            return self._sqlite(target, verbosity)
        if connection.vendor == "postgresql":
            return self._postgresql(target, run)
        raise CommandError(f"no backup method for the {connection.vendor} database backend")

    def _sqlite(self, target: Path, verbosity: int) -> None:
        started = time.monotonic()
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        # The README's "backup backups/archive-$(date +%F).sqlite3" must work in a fresh checkout.
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"cannot create the folder {target.parent}: {exc.strerror or exc}") from None
        connection.ensure_connection()
        source = connection.connection  # the sqlite3.Connection Django uses
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest, pages=PAGES_PER_STEP)
            # The copy must stand on its own: no write-ahead log beside it.
            dest.execute("PRAGMA journal_mode=DELETE")
            check = dest.execute("PRAGMA integrity_check").fetchone()[0]
            captures = dest.execute("SELECT count(*) FROM archive_capture").fetchone()[0]
            articles = dest.execute("SELECT count(*) FROM archive_article").fetchone()[0]
        except sqlite3.Error as exc:
            dest.close()
            partial.unlink(missing_ok=True)
            raise CommandError(f"backup failed: {exc}") from None
        dest.close()
        if check != "ok":
            partial.unlink(missing_ok=True)
            raise CommandError(f"the copy failed its integrity check: {check}")
        os.replace(partial, target)
        if verbosity > 0:
            size = target.stat().st_size
            self.stdout.write(
                f"backed up {articles} articles and {captures} captures to {target} "
                f"({size / 1e6:.1f} MB, {time.monotonic() - started:.1f}s, integrity ok)"
            )

    def _postgresql(self, target: Path, run: bool) -> None:
        db = connection.settings_dict
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if db.get(key):
                command += [flag, str(db[key])]
        command.append(db["NAME"])
        printable = shlex.join(command)
        if not run:
            self.stdout.write("PostgreSQL: back up with pg_dump (add --run to run it now):")
            self.stdout.write(f"  {'PGPASSWORD=... ' if db.get('PASSWORD') else ''}{printable}")
            self.stdout.write("Restore into an empty database with:")
            self.stdout.write(f"  pg_restore --no-owner --dbname NEW_DATABASE {shlex.quote(str(target))}")
            return
        if shutil.which("pg_dump") is None:
            raise CommandError("pg_dump not found on PATH (install the PostgreSQL client tools)")
        env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}
        done = subprocess.run(command, env=env, check=False)
        if done.returncode != 0:
            raise CommandError(f"pg_dump failed with exit status {done.returncode}")
        self.stdout.write(f"backed up {db['NAME']} to {target} with pg_dump")
