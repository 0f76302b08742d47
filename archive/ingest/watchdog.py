"""Cutting a fetch's connection at its deadline (archive/ingest/fetch.py).

The connect and read timeouts bound each wait for data, not the whole exchange:
a server sending its headers or its body a byte at a time, each in time, would
hold a fetch without end. The watchdog learns the sockets httpx opens (httpcore's
``trace`` extension) and shuts them when the deadline passes; the blocked read
then fails, and the fetch reports the deadline.
"""

from __future__ import annotations

import socket
import threading


class Watchdog:
    """Shuts the exchange's sockets ``seconds`` after it is entered; ``expired`` says it did."""

    def __init__(self, seconds: float):
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def trace(self, event: str, info: dict) -> None:
        """httpcore's trace extension: the connection as made, then as TLS wraps it."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                self.sockets.append(sock)
                if self.expired:  # the deadline passed while connecting
                    self._cut()

    def _cut(self) -> None:
        self.expired = True
        for sock in self.sockets:
            try:
                # The plain socket's shutdown: an SSLSocket's own would tear down its TLS state under the reader.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass  # closed already, or handed over to TLS

    def __enter__(self) -> Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()
