"""A local web site for the capture tests: stdlib http.server in a thread on 127.0.0.1.

Routes map a path to a response, or to a function of the request handler for
pages that change, stall or never end. Every request is logged with its time.
The server polls for shutdown every few milliseconds (the stdlib's half second
made each test's teardown wait for it) and keeps quiet about clients that hang
up mid-response, which the capture's limits do on purpose.
"""

from __future__ import annotations

import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POLL_INTERVAL = 0.01  # seconds between the server's checks for shutdown


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that hung up (a size limit, a deadline, a refused type) is expected;
        anything else still reaches stderr with its traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError | ssl.SSLError | TimeoutError):
            super().handle_error(request, client_address)


class Site:
    def __init__(self, tls: tuple[str, str] | None = None):
        self.routes: dict[str, object] = {}
        self.log: list[tuple[float, str, dict]] = []  # (monotonic time, path, request headers)
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the stdlib's name
                site.log.append((time.monotonic(), self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None:  # a route without a query serves the path whatever the query
                    route = site.routes.get(self.path.partition("?")[0])
                if route is None:
                    return self.reply(404, b"not here", "text/plain")
                if callable(route):
                    return route(self)
                status, content_type, body, *extra = route
                return self.reply(status, body, content_type, *extra)

            def reply(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.scheme = "http"
        if tls is not None:  # (certificate file, key file): https
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(POLL_INTERVAL,), daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def page(self, path: str, html: str, **kwargs) -> None:
        self.routes[path] = (200, "text/html; charset=utf-8", html.encode(), kwargs.get("headers", ()))

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.routes[path] = (status, "text/html", b"", [("Location", to)])

    def hits(self, path: str) -> int:
        return sum(1 for _, p, _ in self.log if p == path)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def article(title: str, *paragraphs: str, published: str = "2026-03-01T10:00:00+00:00") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='article:published_time' content='{published}'>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )
