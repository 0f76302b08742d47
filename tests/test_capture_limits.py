"""The limits of `manage.py capture`, each proven against the local web site
(robots.txt in tests/test_capture_robots.py): the per-host delay, SSRF refusals (redirect hops too), timeouts and
the deadline, the size limit, content types; every refusal says why and sets
the exit status."""

import shutil
import socket
import subprocess
import threading
import time
import zlib

import pytest

from archive.models import Article
from tests.capture_server import Site, article
from tests.test_capture import STORY, capture

pytestmark = pytest.mark.django_db
SUMMARY_REFUSED = "0 imported, 0 unchanged, 0 updated, 1 refused, 0 failed"
SUMMARY_FAILED = "0 imported, 0 unchanged, 0 updated, 0 refused, 1 failed"


def test_requests_to_one_host_keep_the_minimum_delay(site):
    for n in range(3):
        site.page(f"/s/{n}", article(f"Story {n}", f"Story number {n} tells of the harbour at night.", "Then dawn."))
    status, out, _ = capture(*(site.url(f"/s/{n}") for n in range(3)), delay=0.4)
    assert (status, out[-1]) == (0, "3 imported, 0 unchanged, 0 updated, 0 refused, 0 failed")
    times = [t for t, _, _ in site.log]
    assert len(times) == 4  # robots.txt, then the three pages
    # Times are the server's, when each request arrived: up to a few hundredths after the client let it go on a
    # loaded machine (0.388 s seen). Without the delay the gaps are a few milliseconds.
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.35


def test_a_private_address_is_refused_without_a_request(site):
    site.page("/story", STORY)
    assert capture(site.url("/story"), allow=()) == (
        1,
        [SUMMARY_REFUSED],
        [f"refused: {site.url('/story')}: address 127.0.0.1 is loopback (use --allow-private to capture from it)"],
    )
    assert site.log == []


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("http://127.0.0.2:{port}/x", "address 127.0.0.2 is loopback"),
        ("http://169.254.169.254/latest/meta-data/", "address 169.254.169.254 is link-local"),
        ("http://10.1.2.3/admin", "address 10.1.2.3 is private"),
        ("http://[::ffff:192.168.0.1]/", "address ::ffff:c0a8:1 is private"),
        # 6to4 carries its IPv4 address: Python 3.11 calls 2002::/16 global whatever it embeds
        ("http://[2002:7f00:1::]/", "address 2002:7f00:1:: is loopback (it carries 127.0.0.1)"),
        (
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
            "address 2001:0:4136:e378:8000:63bf:3fff:fdd2 is private (it carries 192.0.2.45)",
        ),
        ("http://[fe80::1]/", "address fe80::1 is link-local"),
        ("http://0.0.0.0/", "address 0.0.0.0 is unspecified"),
        ("http://224.0.0.1/", "address 224.0.0.1 is multicast"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused_although_the_first_host_is_allowed(site, target, refusal):
    site.redirect("/jump", target.format(port=site.port))
    assert capture(site.url("/jump")) == (
        1,
        [SUMMARY_REFUSED],
        [f"refused: {site.url('/jump')}: {refusal} (use --allow-private to capture from it)"],
    )


def test_only_http_and_https_are_fetched(site):
    site.redirect("/jump", "file:///etc/passwd")
    status, _, err = capture(site.url("/jump"), "ftp://example.org/x")
    assert (status, err) == (
        1,
        [
            f"refused: {site.url('/jump')}: only http and https URLs are captured, not file",
            "refused: ftp://example.org/x: only http and https URLs are captured, not ftp",
        ],
    )


def test_a_slow_response_times_out(site):
    def slow(handler):
        time.sleep(2)
        handler.reply(200, STORY.encode())

    site.routes["/slow"] = slow
    started = time.monotonic()
    assert capture(site.url("/slow"), ignore_robots=True, read_timeout=0.5) == (
        1,
        [SUMMARY_FAILED],
        [f"failed: {site.url('/slow')}: 127.0.0.1:{site.port} sent nothing for 0.5 s (read timeout)"],
    )
    assert time.monotonic() - started < 1.9


def test_a_host_that_does_not_accept_the_connection_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    waiting = []
    for _ in range(4):  # fill the accept queue: the kernel then drops further connection attempts
        peer = socket.socket()
        peer.setblocking(False)
        peer.connect_ex(("127.0.0.1", port))
        waiting.append(peer)
    time.sleep(0.2)
    url = f"http://127.0.0.1:{port}/story"
    started = time.monotonic()
    try:
        result = capture(url, ignore_robots=True, connect_timeout=0.5, read_timeout=5)
    finally:
        for peer in [*waiting, listener]:
            peer.close()
    assert result == (1, [SUMMARY_FAILED], [f"failed: {url}: connecting to 127.0.0.1:{port} timed out after 0.5 s"])
    assert time.monotonic() - started < 3


def test_a_trickling_response_stops_at_the_deadline(site):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(40):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.1)

    site.routes["/trickle"] = trickle
    started = time.monotonic()
    assert capture(site.url("/trickle"), ignore_robots=True, read_timeout=2, deadline=1) == (
        1,
        [SUMMARY_FAILED],
        [f"failed: {site.url('/trickle')}: took longer than the deadline of 1 s"],
    )
    assert time.monotonic() - started < 2


def test_headers_sent_a_byte_at_a_time_stop_at_the_deadline(site):
    cut_off = threading.Event()
    sent_all = threading.Event()

    def dribble(handler):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 40 + b"\r\n\r\n"
        try:
            for byte in head:  # 80 bytes, one each 0.05 s: each within the read timeout, 4 s in all
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(0.05)
            sent_all.set()
        except OSError:
            cut_off.set()
        handler.close_connection = True

    site.routes["/dribble"] = dribble
    result = capture(site.url("/dribble"), ignore_robots=True, read_timeout=2, deadline=1)
    assert result == (1, [SUMMARY_FAILED], [f"failed: {site.url('/dribble')}: took longer than the deadline of 1 s"])
    # The capture gave up while the server was still sending its headers, and cut the connection.
    assert not sent_all.is_set()
    assert cut_off.wait(5)


def test_a_name_that_takes_too_long_to_resolve_stops_at_the_deadline(site, monkeypatch):
    release = threading.Event()
    resolved = threading.Event()
    system_getaddrinfo = socket.getaddrinfo

    def slow_dns(host, *args, **kwargs):
        if host == "slow-dns.test":
            release.wait(10)  # a resolver that does not answer
            resolved.set()
            return system_getaddrinfo("127.0.0.1", *args, **kwargs)
        return system_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_dns)
    site.page("/story", STORY)
    url = f"http://slow-dns.test:{site.port}/story"
    try:
        assert capture(url, deadline=0.5) == (
            1,
            [SUMMARY_FAILED],
            [f"failed: {url}: took longer than the deadline of 0.5 s (resolving slow-dns.test)"],
        )
        assert not resolved.is_set()  # the capture did not wait for the resolver
    finally:
        release.set()
    assert site.log == []


def test_a_huge_response_is_cut_off_at_the_size_limit(site):
    sent = {"bytes": 0}
    finished = threading.Event()

    def huge(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        try:
            for _ in range(2000):  # 130 MB if read to the end
                handler.wfile.write(chunk)
                sent["bytes"] += len(chunk)
        except OSError:
            pass
        finished.set()

    site.routes["/huge"] = huge
    assert capture(site.url("/huge"), ignore_robots=True, max_bytes=200_000) == (
        1,
        [SUMMARY_REFUSED],
        [f"refused: {site.url('/huge')}: larger than the size limit of 200000 bytes (stopped reading)"],
    )
    finished.wait(5)
    assert sent["bytes"] < 20_000_000


def test_a_declared_length_over_the_limit_is_refused_before_reading(site):
    site.page("/big", STORY)
    assert capture(site.url("/big"), ignore_robots=True, max_bytes=100) == (
        1,
        [SUMMARY_REFUSED],
        [
            f"refused: {site.url('/big')}: larger than the size limit of 100 bytes"
            f" (Content-Length {len(STORY.encode())})"
        ],
    )


def test_only_pages_are_captured(site):
    site.routes["/photo.png"] = (200, "image/png", b"\x89PNG\r\n\x1a\n")
    assert capture(site.url("/photo.png"), ignore_robots=True) == (
        1,
        [SUMMARY_REFUSED],
        [f"refused: {site.url('/photo.png')}: content type image/png is not a page (HTML, XHTML or plain text)"],
    )


def test_an_error_status_and_a_refused_connection_are_failures(site):
    closed = Site()  # bound, never started, then closed: nothing listens on its port
    closed.server.server_close()
    status, out, err = capture(site.url("/missing"), closed.url("/x"), ignore_robots=True)
    assert (status, out) == (1, ["0 imported, 0 unchanged, 0 updated, 0 refused, 2 failed"])
    assert err[0] == f"failed: {site.url('/missing')}: HTTP 404 Not Found from {site.url('/missing')}"
    assert err[1].startswith(f"failed: {closed.url('/x')}: cannot fetch from 127.0.0.1:{closed.port} (ConnectError: ")


def test_a_redirect_to_an_invalid_url_fails_and_the_next_url_is_captured(site):
    site.redirect("/jump", "http://[::1/")
    site.page("/story", STORY)
    status, out, err = capture(site.url("/jump"), site.url("/story"), ignore_robots=True)
    assert (status, out[-1]) == (1, "1 imported, 0 unchanged, 0 updated, 0 refused, 1 failed")
    assert err == [
        f"failed: {site.url('/jump')}: cannot fetch from 127.0.0.1:{site.port}"
        " (RemoteProtocolError: Invalid URL in location header: Invalid port: ':1'.)"
    ]


def test_too_many_redirects_fail(site):
    for n in range(11):
        site.redirect(f"/hop/{n}", f"/hop/{n + 1}")
    assert capture(site.url("/hop/0"), ignore_robots=True) == (
        1,
        [SUMMARY_FAILED],
        [f"failed: {site.url('/hop/0')}: more than 10 redirects"],
    )
    assert [path for _, path, _ in site.log] == [f"/hop/{n}" for n in range(11)]


def test_a_redirect_loop_fails_as_soon_as_it_comes_back(site):
    site.redirect("/loop", "/loop")
    site.redirect("/a", "/b")
    site.redirect("/b", "/a#top")
    assert capture(site.url("/loop"), site.url("/a"), ignore_robots=True) == (
        1,
        ["0 imported, 0 unchanged, 0 updated, 0 refused, 2 failed"],
        [
            f"failed: {site.url('/loop')}: redirect loop: {site.url('/loop')} redirects back to {site.url('/loop')}",
            f"failed: {site.url('/a')}: redirect loop: {site.url('/b')} redirects back to {site.url('/a#top')}",
        ],
    )
    assert [path for _, path, _ in site.log] == ["/loop", "/a", "/b"]


def test_a_bad_allowed_network_is_a_command_error():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--allow-private: not an address or network: 'nowhere'"):
        capture("http://127.0.0.1/", allow=("nowhere",))


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for the name localhost only: (certificate, key)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


def test_https_is_fetched_from_the_checked_address_with_the_hosts_name_verified(certificate, settings):
    settings.CAPTURE_CA_BUNDLE = certificate[0]
    with Site(tls=certificate) as secure:
        secure.page("/story", STORY)
        url = secure.url("/story", host="localhost")
        status, out, err = capture(url, ignore_robots=True, allow=("127.0.0.0/8", "::1/128"))
        assert (status, out[0], err) == (0, f"imported: {url}", [])
        assert Article.objects.get().url == url
        assert secure.log[0][2]["Host"] == f"localhost:{secure.port}"

        # The certificate names localhost: the same server under its address is not trusted.
        status, _, err = capture(secure.url("/story"), ignore_robots=True)
        assert status == 1
        assert err[0].startswith(
            f"failed: {secure.url('/story')}: cannot fetch from 127.0.0.1:{secure.port} (ConnectError: "
        )
        assert "certificate verify failed" in err[0]


def test_a_url_with_credentials_is_refused_without_a_request_and_so_is_a_redirect_to_one(site):
    site.page("/story", STORY)
    site.redirect("/jump", f"http://curator:secret@127.0.0.1:{site.port}/story")
    why = "the URL carries a user name or password (user:pass@host); such URLs are not captured"
    status, out, err = capture(f"http://curator:secret@127.0.0.1:{site.port}/story", site.url("/jump"))
    assert (status, out[-1]) == (1, "0 imported, 0 unchanged, 0 updated, 2 refused, 0 failed")
    assert err == [
        f"refused: http://curator:secret@127.0.0.1:{site.port}/story: {why}",
        f"refused: {site.url('/jump')}: {why}",
    ]
    assert [path for _, path, _ in site.log] == ["/robots.txt", "/jump"]


def gzip_bomb(decoded_mib: int) -> bytes:
    """Spaces in a gzip stream: about a thousandth of their size compressed."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(decoded_mib)) + packer.flush()


def test_a_page_over_the_size_limit_once_decoded_is_refused(site):
    bomb = gzip_bomb(100)
    assert len(bomb) < 120_000
    site.routes["/bomb"] = (200, "text/html", bomb, [("Content-Encoding", "gzip")])
    assert capture(site.url("/bomb"), ignore_robots=True, max_bytes=1_000_000) == (
        1,
        [SUMMARY_REFUSED],
        [f"refused: {site.url('/bomb')}: larger than the size limit of 1000000 bytes once decoded (gzip)"],
    )
    assert Article.objects.count() == 0


def test_a_body_without_a_length_cut_at_the_deadline_is_not_taken_for_the_whole_page(site):
    def paused(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Connection", "close")  # no length: the end of the connection ends the body
        handler.end_headers()
        handler.wfile.write(STORY.encode()[:400])
        handler.wfile.flush()
        time.sleep(3)  # within the read timeout, past the deadline
        handler.wfile.write(STORY.encode()[400:])
        handler.close_connection = True

    site.routes["/paused"] = paused
    assert capture(site.url("/paused"), ignore_robots=True, read_timeout=5, deadline=1) == (
        1,
        [SUMMARY_FAILED],
        [f"failed: {site.url('/paused')}: took longer than the deadline of 1 s"],
    )
    assert Article.objects.count() == 0
