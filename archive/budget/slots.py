"""The expensive slots: how many expensive requests may run at once on one machine, over one database.

A slot is an exclusive ``flock`` on one of ``size`` small files in ``EXPENSIVE_SLOTS_DIR``, named after
the database, so every thread of every worker process on the machine (gunicorn's workers share no
memory) draws from the same few slots: two attackers spread over two workers cannot occupy both cores.
The kernel lets go of a dead process's locks, so a killed worker never keeps a slot. Locks on separate
opens of a file exclude each other within one process too, so threads take turns as processes do.

An in-memory SQLite database (the test suite's) is one process's own: its slots are a semaphore.
So is every process's when the folder cannot be used (no home, a read-only one, files another user
owns): the site still serves, each process taking its own turns, and a warning says so once.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)
POLL = 0.02  # seconds between tries while waiting for a slot to free
_pools: dict[tuple, object] = {}
_pools_lock = threading.Lock()


def default_folder() -> Path | None:
    """None when there is no home to keep it in (a service user without one)."""
    try:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, KeyError):
        return None
    return cache / "newsroom-archive" / "expensive-slots"


class FileSlots:
    """``size`` slots shared by every process on the machine that uses the same folder and database."""

    def __init__(self, folder: Path, database: str, size: int):
        stem = hashlib.sha256(database.encode()).hexdigest()[:16]
        self.paths = [folder / f"{stem}-{n}.lock" for n in range(size)]
        self._held: list[int | None] = []  # this process's open slot files (None: a slot of _own)
        self._lock = threading.Lock()
        self._own: threading.BoundedSemaphore | None = None  # once the files cannot be opened
        self._size = size

    def _without_files(self, exc: OSError) -> threading.BoundedSemaphore:
        with self._lock:
            if self._own is None:
                log.warning("expensive slots: cannot use %s (%s); slots are this process's own", self.paths[0], exc)
                self._own = threading.BoundedSemaphore(self._size)
        return self._own

    def _try_once(self) -> bool:
        if self._own is not None:
            return self._take_own(self._own)
        for path in self.paths:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                return self._take_own(self._without_files(exc))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            with self._lock:
                self._held.append(fd)
            return True
        return False

    def _take_own(self, own) -> bool:
        if not own.acquire(blocking=False):
            return False
        with self._lock:
            self._held.append(None)
        return True

    def acquire(self, blocking: bool = True, timeout: float | None = None) -> bool:
        give_up = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._try_once():
                return True
            if not blocking or (give_up is not None and time.monotonic() >= give_up):
                return False
            time.sleep(POLL)

    def release(self) -> None:
        with self._lock:
            fd = self._held.pop()
        if fd is None:
            self._own.release()
        else:
            os.close(fd)  # closing the file lets go of its lock


def pool(size: int):
    """``size`` slots for the default database, in the folder the settings name now (tests change it)."""
    size = max(1, int(size))
    db = connections["default"]
    if db.vendor == "sqlite" and db.is_in_memory_db():
        key = ("memory", size)
    else:
        data = db.settings_dict
        database = f"{db.vendor}:{data.get('HOST') or ''}:{data.get('PORT') or ''}/{data['NAME']}"
        folder = getattr(settings, "EXPENSIVE_SLOTS_DIR", None) or default_folder()
        key = (str(folder) if folder else None, database, size)
    with _pools_lock:
        if key not in _pools:
            _pools[key] = _make(key)
        return _pools[key]


def _make(key):
    if key[0] == "memory":
        return threading.BoundedSemaphore(key[1])
    folder, database, size = key
    if folder is None:
        log.warning("expensive slots: no home folder and no EXPENSIVE_SLOTS_DIR; slots are this process's own")
        return threading.BoundedSemaphore(size)
    try:
        Path(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        log.warning("expensive slots: cannot use %s (%s); slots are this process's own", folder, exc)
        return threading.BoundedSemaphore(size)
    return FileSlots(Path(folder), database, size)
