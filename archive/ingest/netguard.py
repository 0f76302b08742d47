"""Which addresses a capture may connect to (SSRF): every host is resolved and
each of its addresses checked before a request goes out, redirect hops too.

Private, loopback, link-local, reserved, multicast and unspecified addresses
(IPv4 and IPv6, IPv4-mapped IPv6 included) are refused, unless the curator
allows a network by name (``--allow-private 127.0.0.1/32``): only those
networks open, so a page on an allowed one still cannot send a capture to
any other private address. The request then goes to the address that was
checked, so a second DNS answer cannot swap in another one.

The system's resolver takes no timeout, so a lookup runs in a thread of its
own (at most LOOKUPS at once) and the fetch waits for it only as long as its
deadline leaves; a lookup given up on finishes in the background.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOKUPS = 8
_lookups = threading.BoundedSemaphore(LOOKUPS)


class Refused(Exception):
    """A URL the capture will not fetch; the message says why (one line)."""


class ResolveTimedOut(Exception):
    """The host's name was not resolved in the time given."""


def networks(values: Iterable[str]) -> list[Network]:
    """The allowed networks from "10.0.0.0/8", "127.0.0.1", "::1" ...; ValueError names a bad one."""
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"not an address or network: {value!r}") from None
    return out


# IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it through a translator (NAT64's
# well-known prefix, RFC 6052) or are the deprecated IPv4-compatible form (RFC 4291).
_CARRYING_IPV4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: mapped, 6to4, Teredo or NAT64. Python 3.11 counts 6to4
    addresses as global whatever they embed, so each embedded address is checked as itself."""
    found = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    if any(address in network for network in _CARRYING_IPV4) and int(address) > 1:  # ::1 and :: are their own
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [embedded for embedded in found if embedded is not None]


def _why_not_public(address: Address) -> str:
    if isinstance(address, ipaddress.IPv6Address):
        for embedded in _embedded_ipv4(address):
            if reason := _why_not_public(embedded):
                return f"{reason} (it carries {embedded})" if address.ipv4_mapped is None else reason
    for reason, flag in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("not globally routable", not address.is_global),
    ):
        if flag:
            return reason
    return ""


def check_address(address: Address, allowed: list[Network]) -> None:
    """Raise Refused for a non-public address outside the allowed networks."""
    reason = _why_not_public(address)
    if reason and not any(address in network for network in allowed):
        raise Refused(f"address {address} is {reason} (use --allow-private to capture from it)")


def _getaddrinfo(host: str, port: int, timeout: float | None) -> list:
    if not _lookups.acquire(timeout=timeout):
        raise ResolveTimedOut(host)
    answer: dict = {}
    done = threading.Event()

    def look_up() -> None:
        try:
            answer["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            answer["error"] = exc
        finally:
            _lookups.release()
            done.set()

    threading.Thread(target=look_up, name=f"resolve {host}", daemon=True).start()
    if not done.wait(timeout):
        raise ResolveTimedOut(host)
    if "error" in answer:
        raise answer["error"]
    return answer["infos"]


def resolve(host: str, port: int, allowed: list[Network], timeout: float | None = None) -> str:
    """The address to connect to for ``host``: every address it resolves to must pass.
    ResolveTimedOut when the name is not resolved within ``timeout`` seconds."""
    if not host:
        raise Refused("no host in the URL")
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        check_address(literal, allowed)
        return str(literal)
    try:
        infos = _getaddrinfo(host, port, timeout)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"host {host} cannot be resolved ({exc})") from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        check_address(address, allowed)
        addresses.append(address)
    if not addresses:
        raise Refused(f"host {host} resolves to no address")
    return str(addresses[0])
