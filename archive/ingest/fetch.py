"""Fetching one URL for a capture, within the curator's limits.

Redirects are followed here, one hop at a time, so every hop is checked like
the first: its address (archive/ingest/netguard.py), robots.txt, the per-host
delay. A fetch stops at the connect and read timeouts, at a total deadline,
and at the size limit (the body is streamed and reading stops there; a gzip
or deflate body must also fit once decoded); a page
must be HTML, XHTML or plain text, or come without a type or as
application/octet-stream for its bytes to decide (archive/ingest/capture.py). Each hop is kept, with the request as sent
and the response's headers and body as served, for the WARC.
"""

from __future__ import annotations

import ssl
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from . import netguard
from .detect import SNIFFED_TYPES
from .limits import Limits
from .netguard import Refused, ResolveTimedOut
from .watchdog import Watchdog

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# A page may also come without a type, or as application/octet-stream: its bytes decide (archive/ingest/capture.py).
PAGE_OR_SNIFFED_TYPES = tuple(dict.fromkeys(PAGE_TYPES + SNIFFED_TYPES))
ROBOTS_MAX_BYTES = 500 * 1024  # read and parsed; the rest of a longer robots.txt is ignored (RFC 9309)
_REDIRECTS = (301, 302, 303, 307, 308)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_DECODED = ("gzip", "x-gzip", "deflate")  # the Content-Encodings asked for, and decoded here


class FetchFailed(Exception):
    """The server or the network did not give the page; the message says why,
    ``status`` the HTTP status when the server answered with an error."""

    def __init__(self, message: str, status: int = 0):
        super().__init__(message)
        self.status = status


@dataclass
class Hop:
    url: str
    started: datetime
    address: str
    request_headers: list[tuple[str, str]]
    status: int = 0
    reason: str = ""
    http_version: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    @property
    def mime(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()


@dataclass
class Fetched:
    requested: str
    hops: list[Hop]

    @property
    def final(self) -> Hop:
        return self.hops[-1]

    def chain(self) -> list[dict]:
        return [{"url": h.url, "status": h.status, "location": h.header("Location")} for h in self.hops]


class Fetcher:
    def __init__(self, limits: Limits, clock=time.monotonic, sleep=time.sleep):
        self.limits = limits
        self.clock, self.sleep = clock, sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser, str]] = {}
        timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
        # No connection is kept for another request: connections are made to an address, and one
        # opened with another host's name (TLS SNI, its certificate) must not serve this one.
        self.client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
            verify=ssl.create_default_context(cafile=limits.ca_bundle) if limits.ca_bundle else True,
        )

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str, types: tuple[str, ...] | None = PAGE_OR_SNIFFED_TYPES) -> Fetched:
        """The exchange for ``url``: Refused (a limit said no) or FetchFailed otherwise.
        ``types`` are the content types accepted for the final response (None: any)."""
        return self._get(url, types, robots=self.limits.obey_robots, max_bytes=self.limits.max_bytes)

    def _get(self, url: str, types, robots: bool, max_bytes: int, cut: bool = False) -> Fetched:
        """``cut``: a body over ``max_bytes`` is kept up to there instead of refused."""
        hops: list[Hop] = []
        start = None
        current = url
        while True:
            target = _parse(current)
            if robots:
                self._check_robots(target)
            self._wait(target.host)
            start = self.clock() if start is None else start
            hop = self._exchange(target, start, types, max_bytes, cut)
            hops.append(hop)
            if hop.status not in _REDIRECTS:
                break
            location = hop.header("Location")
            if not location:
                raise FetchFailed(f"HTTP {hop.status} redirect without a Location from {current}")
            if len(hops) > self.limits.max_redirects:
                raise FetchFailed(f"more than {self.limits.max_redirects} redirects")
            try:
                following = target.join(location)
            except httpx.InvalidURL as exc:
                raise Refused(f"redirect to an invalid URL ({exc})") from None
            current = str(following)
            if str(following.copy_with(fragment=None)) in (h.url for h in hops):
                # Without cookies kept, a URL asked for again answers the same: stop at once.
                raise FetchFailed(f"redirect loop: {hop.url} redirects back to {current}")
        if not 200 <= hop.status < 300:
            raise FetchFailed(f"HTTP {hop.status} {hop.reason}".strip() + f" from {hop.url}", hop.status)
        return Fetched(url, hops)

    def _wait(self, host: str) -> None:
        """The per-host rate limit: at least ``delay`` seconds since the last request to ``host``."""
        last = self._last.get(host)
        if last is not None:
            pause = self.limits.delay - (self.clock() - last)
            if pause > 0:
                self.sleep(pause)
        self._last[host] = self.clock()

    def _remaining(self, start: float) -> float:
        left = self.limits.deadline - (self.clock() - start)
        if left <= 0:
            raise self._late()
        return left

    def _late(self, doing: str = "") -> FetchFailed:
        return FetchFailed(
            f"took longer than the deadline of {self.limits.deadline:g} s" + (f" ({doing})" if doing else "")
        )

    def _resolve(self, name: str, port: int, start: float) -> str:
        try:
            return netguard.resolve(name, port, self.limits.allowed, timeout=self._remaining(start))
        except ResolveTimedOut:
            raise self._late(f"resolving {name}") from None

    def _exchange(self, target: httpx.URL, start: float, types, max_bytes: int, cut: bool) -> Hop:
        with Watchdog(self._remaining(start)) as watchdog:
            try:
                hop = self._exchange_within(target, start, types, max_bytes, cut, watchdog)
            except FetchFailed:
                # The cut, or a timeout the deadline shortened (they race): either way the deadline.
                if watchdog.expired or self.clock() - start >= self.limits.deadline:
                    raise self._late() from None
                raise
        if watchdog.expired:  # the cut ends a body without a length as its end would: it is not the page
            raise self._late()
        return hop

    def _exchange_within(self, target: httpx.URL, start: float, types, max_bytes: int, cut: bool, watchdog) -> Hop:
        port = target.port or _DEFAULT_PORTS[target.scheme]
        name = _host(target)
        address = self._resolve(name, port, start)
        shown = f"[{name}]" if ":" in name else name  # an IPv6 address, as Host writes it
        host = shown if target.port is None else f"{shown}:{target.port}"
        headers = {
            "Host": host,
            "User-Agent": self.limits.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        }
        left = self._remaining(start)
        timeout = httpx.Timeout(min(self.limits.read_timeout, left), connect=min(self.limits.connect_timeout, left))
        extensions = {"timeout": timeout.as_dict()}
        if target.scheme == "https":
            extensions["sni_hostname"] = name
        # The request goes to the checked address; Host and SNI keep the name.
        request = self.client.build_request("GET", target.copy_with(host=address), headers=headers)
        request.extensions.update(extensions, trace=watchdog.trace)
        hop = Hop(str(target), datetime.now(UTC), address, [])
        try:
            response = self.client.send(request, stream=True)
        except httpx.ConnectTimeout:
            raise FetchFailed(f"connecting to {host} timed out after {timeout.connect:g} s") from None
        except httpx.TimeoutException:
            raise FetchFailed(f"{host} sent nothing for {timeout.read:g} s (read timeout)") from None
        except httpx.HTTPError as exc:
            raise FetchFailed(f"cannot fetch from {host} ({type(exc).__name__}: {exc})") from None
        try:
            hop.request_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
            hop.status, hop.reason = response.status_code, response.reason_phrase
            hop.http_version = response.http_version
            hop.headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw]
            if hop.status in _REDIRECTS:
                hop.body = self._read(response, start, max_bytes)  # for the WARC, as served
                return hop
            if not 200 <= hop.status < 300:
                return hop
            if types is not None and hop.mime not in types:
                raise Refused(f"content type {hop.mime or 'unknown'} is not a page (HTML, XHTML or plain text)")
            declared = hop.header("Content-Length")
            if declared.isdigit() and int(declared) > max_bytes and not cut:
                raise Refused(f"larger than the size limit of {max_bytes} bytes (Content-Length {declared})")
            hop.body = self._read(response, start, max_bytes, cut)
            if _encoding(hop) in _DECODED and not cut:
                _decoded(hop, max_bytes)  # a small gzip body can decode to gigabytes: refused here, not parsed
        finally:
            response.close()
        return hop

    def _read(self, response: httpx.Response, start: float, max_bytes: int, cut: bool = False) -> bytes:
        """The body as served (still content-encoded), stopping at the size limit (refused,
        or with ``cut`` kept up to there) and the deadline."""
        chunks, size = [], 0
        try:
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > max_bytes:
                    if cut:
                        chunks.append(chunk[: len(chunk) - (size - max_bytes)])
                        break
                    raise Refused(f"larger than the size limit of {max_bytes} bytes (stopped reading)")
                chunks.append(chunk)
                self._remaining(start)
        except httpx.TimeoutException:
            raise FetchFailed(f"the body stalled for {self.limits.read_timeout:g} s (read timeout)") from None
        except httpx.HTTPError as exc:
            raise FetchFailed(f"the body could not be read ({type(exc).__name__}: {exc})") from None
        return b"".join(chunks)

    def _check_robots(self, target: httpx.URL) -> None:
        origin = str(target.copy_with(path="/", query=None, fragment=None))
        if origin not in self._robots:  # once per site for the run, an unreadable one too
            # A host refused for itself (a private address) is refused as such, not as unreadable rules.
            self._resolve(_host(target), target.port or _DEFAULT_PORTS[target.scheme], self.clock())
            self._robots[origin] = self._read_robots(origin)
        parser, unreadable = self._robots[origin]
        if unreadable:
            raise Refused(
                f"robots.txt of {target.host} could not be read ({unreadable}), so nothing is captured from"
                " the host (use --ignore-robots for your own sites)"
            )
        if not parser.can_fetch(self.limits.user_agent, str(target)):
            raise Refused(f"robots.txt of {target.host} disallows it (use --ignore-robots for your own sites)")

    def _read_robots(self, origin: str) -> tuple[urllib.robotparser.RobotFileParser, str]:
        """The site's rules, and why robots.txt could not be read ("" when it could). As RFC 9309
        says: any 4xx (no robots.txt) allows all; a server error or no answer forbids all; only the
        first ROBOTS_MAX_BYTES are parsed."""
        parser = urllib.robotparser.RobotFileParser()
        try:
            got = self._get(origin + "robots.txt", None, robots=False, max_bytes=ROBOTS_MAX_BYTES, cut=True)
            rules = _decoded(got.final, ROBOTS_MAX_BYTES, cut=True)
        except (FetchFailed, Refused) as exc:
            if 400 <= getattr(exc, "status", 0) < 500:
                parser.allow_all = True
                return parser, ""
            parser.disallow_all = True
            return parser, str(exc)
        if len(rules) >= ROBOTS_MAX_BYTES:
            rules = rules.rpartition(b"\n")[0]  # the last line may be cut in two
        parser.parse(rules.decode("utf-8", "replace").splitlines())
        return parser, ""


def _decoded(hop: Hop, max_bytes: int, cut: bool = False) -> bytes:
    """A body without its Content-Encoding (robots.txt, feeds and sitemaps are read
    here), at most ``max_bytes`` once decoded (refused, or with ``cut`` kept up to there)."""
    encoding = _encoding(hop)
    if not encoding or encoding == "identity":
        return hop.body
    if encoding not in _DECODED:
        raise FetchFailed(f"unknown Content-Encoding {encoding}")
    decoder = zlib.decompressobj(wbits=47 if "gzip" in encoding else 15)
    try:
        out = decoder.decompress(hop.body, max_bytes + 1)
    except zlib.error as exc:
        raise FetchFailed(f"the {encoding} body cannot be decoded ({exc})") from None
    if len(out) > max_bytes:
        if cut:
            return out[:max_bytes]
        raise Refused(f"larger than the size limit of {max_bytes} bytes once decoded ({encoding})")
    return out


def _encoding(hop: Hop) -> str:
    return hop.header("Content-Encoding").lower().strip()


def decoded_body(fetched: Fetched, max_bytes: int) -> bytes:
    return _decoded(fetched.final, max_bytes)


def _host(target: httpx.URL) -> str:
    """The host as sent on the wire: an internationalised name in its ASCII (IDNA) form."""
    return target.raw_host.decode("ascii").strip("[]")


def _parse(url: str) -> httpx.URL:
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise Refused(f"not a valid URL ({exc})") from None
    if target.scheme not in _DEFAULT_PORTS:
        raise Refused(f"only http and https URLs are captured, not {target.scheme or 'a relative URL'}")
    if not target.host:
        raise Refused("no host in the URL")
    if target.userinfo:
        # httpx would send them as Basic credentials, and the WARC and the article would keep them.
        raise Refused("the URL carries a user name or password (user:pass@host); such URLs are not captured")
    return target.copy_with(fragment=None)
