"""Which addresses briefer may connect to: public ones, unless the user says otherwise.

A feed or a page names the URLs briefer fetches next, and a redirect can send
it anywhere, so a hostile source could make briefer read a router's admin
page, an intranet wiki or the cloud metadata service (which hands out
credentials) and quote it in a brief that is then emailed. Every address a
host name resolves to is therefore checked before briefer connects to it, and
the connection is made to that very address (no second DNS lookup that a
rebinding server could answer differently).

``[sources] allow_private = true`` (or ``--allow-private``) lets a user read
an intranet or loopback server; the cloud metadata addresses, multicast and
the unspecified address stay refused even then.
"""

from __future__ import annotations

import ipaddress

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Instance metadata services: AWS, GCP and Azure (169.254.169.254, which
#: metadata.google.internal resolves to), AWS over IPv6, Alibaba Cloud.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
#: Kinds of address that ``allow_private`` does not open.
ALWAYS_REFUSED = frozenset({"cloud metadata", "multicast", "unspecified"})
ALLOW_PRIVATE_HINT = "set [sources] allow_private = true to read local servers"


def refusal(address: str, allow_private: bool = False) -> str | None:
    """Why briefer must not connect to ``address`` ("loopback address"), or None if it may.

    An IPv6 address that carries an IPv4 one (mapped, 6to4, Teredo, NAT64) is
    judged by the IPv4 address too, so ``::ffff:127.0.0.1`` is loopback.
    """
    parsed = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("%eth0")
    for candidate in (*_embedded_ipv4(parsed), parsed):
        kind = _kind(candidate)
        if kind is None:
            continue
        if kind in ALWAYS_REFUSED or not allow_private:
            return f"{kind} address"
    return None


def refusal_message(address: str, reason: str) -> str:
    """The one line a user sees: what was refused, why, and how to allow it when they may."""
    line = f"refused to connect to {address} ({reason})"
    if reason.removesuffix(" address") not in ALWAYS_REFUSED:
        line += f"; {ALLOW_PRIVATE_HINT}"
    return line


def _kind(address: Address) -> str | None:
    """The kind of non-public address this is, or None for a public one."""
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "shared (CGNAT)"
    if address.is_private:
        if isinstance(address, ipaddress.IPv6Address) and address not in _UNIQUE_LOCAL:
            return "reserved"
        if isinstance(address, ipaddress.IPv4Address) and not _is_rfc1918(address):
            return "reserved"
        return "private"
    if address.is_reserved or not address.is_global:
        return "reserved"
    return None


def _is_rfc1918(address: ipaddress.IPv4Address) -> bool:
    return any(address in network for network in _RFC1918)


_RFC1918 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


def _embedded_ipv4(address: Address) -> list[ipaddress.IPv4Address]:
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo is not None:
        found.append(address.teredo[1])
    if address in _NAT64:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found
