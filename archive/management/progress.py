"""Progress of long commands (import, analyze, verify, generate_corpus).

On a terminal: a tqdm bar (count and total when known, rate, time left; no colours), on the
plain stream, never in the error style Django gives its stderr. Elsewhere (a log, cron, CI):
one plain line every ``every`` items, and at least every ``LINE_SECONDS`` seconds while
something moves, so a long run shows that it is alive; a short run prints nothing.
"""

from __future__ import annotations

import time
from datetime import timedelta

from tqdm import tqdm

LINE_SECONDS = 30.0
# Without a terminal: a line per tenth of the total, but never more often than every 100 items.
MIN_EVERY = 100


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _seconds(value: float) -> str:
    return str(timedelta(seconds=round(value)))


class Progress:
    def __init__(
        self,
        stream,
        total: int | None = None,
        enabled: bool = True,
        label: str = "",
        unit: str = "items",
        every: int | None = None,
    ):
        # Django's OutputWrapper styles whatever goes through it as an error: write past it.
        self.stream = getattr(stream, "_out", stream)
        self.enabled = enabled and stream is not None
        self.total = total or None
        self.label = label.strip()
        self.unit = unit
        self.every = every or (max(MIN_EVERY, -(-self.total // 10)) if self.total else MIN_EVERY)
        self.count = 0
        self.note_text = ""
        self.started = self._last_line = time.monotonic()
        self._last_count = 0
        self.bar = None
        if self.enabled and _isatty(self.stream):
            self.bar = tqdm(
                total=self.total,
                desc=self.label or None,
                unit=f" {unit}",
                file=self.stream,
                dynamic_ncols=True,
                leave=True,  # the final count, rate and time stay on screen
                mininterval=0.2,
            )

    def note(self, text: str) -> None:
        """Show what is happening beside the count (the last file, the pages so far...)."""
        self.note_text = text
        if self.bar is not None:
            self.bar.set_postfix_str(text[-60:], refresh=False)
            self.bar.update(0)
        else:
            self._maybe_line()

    def step(self, note: str = "", n: int = 1) -> None:
        self.count += n
        if note:
            self.note_text = note
        if self.bar is not None:
            if note:
                self.bar.set_postfix_str(note[-60:], refresh=False)
            self.bar.update(n)
        else:
            self._maybe_line()

    def _maybe_line(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        crossed = self.count // self.every > self._last_count // self.every
        due = now - self._last_line >= LINE_SECONDS and (self.count != self._last_count or self.note_text)
        if crossed or due:
            self._last_line, self._last_count = now, self.count
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-6)
        rate = self.count / elapsed
        if self.total:
            parts = [f"{self.count:,}/{self.total:,} {self.unit} ({100 * self.count // self.total}%)"]
        else:
            parts = [f"{self.count:,} {self.unit}"]
        parts.append(f"{rate:,.1f} {self.unit}/s")
        if self.total and rate > 0 and self.count < self.total:
            parts.append(f"about {_seconds((self.total - self.count) / rate)} left")
        elif self.total and self.count >= self.total:
            parts.append(f"done in {_seconds(elapsed)}")
        else:
            parts.append(f"{_seconds(elapsed)} so far")
        if self.note_text:
            parts.append(self.note_text)
        return (f"{self.label}: " if self.label else "") + ", ".join(parts)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def progress_for(stream, label: str, unit: str, enabled: bool = True):
    """The ``progress`` callback the layers below take (``analyze_articles(progress=...)``): given the total, a
    ``Progress`` on ``stream``. The commands choose how progress is shown; analysis never imports them."""
    return lambda total: Progress(stream, total=total, label=label, unit=unit, enabled=enabled)
