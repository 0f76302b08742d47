"""A one-line progress display for long commands, shown only on a terminal."""

from __future__ import annotations

import time


class Progress:
    def __init__(self, stream, total: int | None = None, enabled: bool = True, label: str = ""):
        isatty = getattr(getattr(stream, "_out", stream), "isatty", lambda: False)
        self.stream = stream
        self.enabled = enabled and isatty()
        self.total = total
        self.count = 0
        self.label = label
        self.started = time.monotonic()
        self._last = 0.0

    def step(self, note: str = "", n: int = 1) -> None:
        self.count += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and self.count != self.total:
            return
        self._last = now
        rate = self.count / max(now - self.started, 1e-6)
        if self.total:
            width = 30
            filled = int(width * self.count / self.total)
            bar = f"[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total}"
        else:
            bar = f"{self.count}"
        line = f"\r{self.label}{bar} {rate:.0f}/s {note[-60:]}"
        self.stream.write(line.ljust(110)[:110], ending="")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.count:
            self.stream.write("\r" + " " * 110 + "\r", ending="")
            self.stream.flush()
