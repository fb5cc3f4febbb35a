"""Fetching a feed or page by URL without letting the URL reach inside the network.

A URL handed to Strife (on the command line, or by a token holder through `POST /api/ingest`)
must not make the server read its own loopback services, the private network it sits in, or a
cloud metadata endpoint (169.254.169.254 hands out credentials). So every host is resolved first,
every address it resolves to is vetted, and the connection goes to a vetted address (a second DNS
answer cannot swap in another one); redirects are followed here, one hop at a time, each hop
vetted the same way. Proxies from the environment are not used: the proxy, not Strife, would
choose where to connect.

    policy = FetchPolicy.parse(["127.0.0.1", "10.20.0.0/16", "feeds.intranet"])
    page = fetch("http://10.20.0.5/feed.xml", policy)

A host or network in `policy.allow` is fetched although it is not public. The body is limited in
size (`max_bytes`, also after decompression) and the whole fetch, redirects included, in time.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from strife.ingest.documents import IngestError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "strife/0.1 (+conflict news ingest)"
CHUNK_BYTES = 64 * 1024
# Named so a refusal says what the address is; every other non-public address is refused too.
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"): "cloud metadata service",   # AWS, GCP, Azure, OpenStack, ...
    ipaddress.ip_address("169.254.170.2"): "cloud metadata service",     # AWS ECS task credentials
    ipaddress.ip_address("100.100.100.200"): "cloud metadata service",   # Alibaba Cloud
    ipaddress.ip_address("fd00:ec2::254"): "cloud metadata service",     # AWS over IPv6
}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: inside someone's network


class FetchRefused(IngestError):
    """The URL leads to an address that is not public and not allowed."""


def refusal(address: Address) -> str | None:
    """Why `address` may not be fetched without an allowance, or None for a public address.
    IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4, Teredo) are judged by it."""
    if address in METADATA_ADDRESSES:
        return METADATA_ADDRESSES[address]
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = refusal(embedded)
            return f"{reason} (as {embedded})" if reason else None
    for label, test in (("unspecified", address.is_unspecified), ("loopback", address.is_loopback),
                        ("link-local", address.is_link_local), ("multicast", address.is_multicast),
                        ("reserved", address.is_reserved), ("private", address.is_private)):
        if test:
            return f"{label} address"
    if isinstance(address, ipaddress.IPv4Address) and address in SHARED_ADDRESS_SPACE:
        return "shared (carrier-grade NAT) address"
    if not address.is_global:
        return "address that is not publicly routable"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address, reached through the relay
    return None


@dataclass(frozen=True)
class FetchPolicy:
    """Where URL ingest may connect, and how much it may read.

    `allow_networks`: addresses in these networks are fetched although they are not public.
    `allow_hosts`: host names (as written in the URL, case-insensitive) fetched whatever they
    resolve to. Everything public is always allowed."""

    allow_networks: tuple[Network, ...] = ()
    allow_hosts: frozenset[str] = frozenset()
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_redirects: int = DEFAULT_MAX_REDIRECTS

    @classmethod
    def parse(cls, allow: list[str] | tuple[str, ...] | None = None, **limits) -> FetchPolicy:
        """A policy from `--allow-fetch` / STRIFE_FETCH_ALLOW items: an address (`127.0.0.1`,
        `::1`, `[::1]`), a network (`10.0.0.0/8`, `fd00::/8`) or a host name (`feeds.intranet`);
        several may be given in one item, separated by commas or spaces."""
        networks: list[Network] = []
        hosts: set[str] = set()
        for item in allow or ():
            for token in item.replace(",", " ").split():
                token = token.strip().strip("[]")
                try:
                    networks.append(ipaddress.ip_network(token, strict=False))
                except ValueError:
                    host = token.lower().rstrip(".")
                    if not host.replace("-", "").replace(".", "").replace("_", "").isalnum():
                        raise ValueError(f"not an address, network or host name: {token!r}") from None
                    hosts.add(host)
        return cls(allow_networks=tuple(networks), allow_hosts=frozenset(hosts), **limits)

    def refuses(self, host: str, address: Address) -> str | None:
        """Why connecting to `address` (which `host` resolved to) is refused, or None."""
        if host.lower().rstrip(".") in self.allow_hosts:
            return None
        reason = refusal(address)
        if reason is None:
            return None
        embedded = _embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else None
        for candidate in (address, embedded):
            if candidate is not None and any(candidate in network for network in self.allow_networks
                                             if network.version == candidate.version):
                return None
        return reason


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str | None


def fetch(url: str, policy: FetchPolicy) -> Fetched:
    """The body of `url` (GET, following redirects), or an IngestError saying why not:
    FetchRefused for an address the policy refuses, IngestError for everything else."""
    deadline = time.monotonic() + policy.timeout_s
    original = url
    for _hop in range(policy.max_redirects + 1):
        target = _Target.of(url, original)
        addresses = _vetted_addresses(target, policy, original)
        connection = _connect(target, addresses, deadline, original)
        sock = connection.sock  # the response takes it over from the connection
        try:
            connection.request("GET", target.request_path, headers={
                "Host": target.host_header, "User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate, identity",
                "Accept": "application/rss+xml, application/atom+xml, application/xml, text/html;q=0.9, */*;q=0.5"})
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise IngestError(original, f"HTTP {response.status} redirect without a Location")
                url = urljoin(url, location.strip())
                continue
            if response.status >= 400 or response.status < 200:
                raise IngestError(original, f"could not fetch: HTTP {response.status} {response.reason}".rstrip())
            data = _read_body(response, sock, policy, deadline, original)
            return Fetched(url=url, data=data, content_type=response.getheader("Content-Type"))
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise IngestError(original, f"could not fetch {url}: {_describe(exc)}") from None
        finally:
            connection.close()
    raise IngestError(original, f"more than {policy.max_redirects} redirects")


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    request_path: str
    host_header: str

    @classmethod
    def of(cls, url: str, original: str) -> _Target:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise IngestError(original, f"not a valid URL: {url!r} ({exc})") from None
        if parts.scheme not in ("http", "https"):
            raise FetchRefused(original, f"only http and https URLs are fetched, not {url!r}")
        if not parts.hostname:
            raise IngestError(original, f"no host in URL {url!r}")
        port = port or (443 if parts.scheme == "https" else 80)
        try:
            host = parts.hostname.encode("idna").decode("ascii") if not parts.hostname.isascii() else parts.hostname
        except UnicodeError:
            raise IngestError(original, f"not a valid host name: {parts.hostname!r}") from None
        shown = f"[{host}]" if ":" in host else host
        default = (parts.scheme, port) in (("http", 80), ("https", 443))
        path = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe="!#$%&'()*+,/:;=?@[]~")
        return cls(parts.scheme, host, port, path, shown if default else f"{shown}:{port}")


def _vetted_addresses(target: _Target, policy: FetchPolicy, original: str) -> list[Address]:
    """Every address the host resolves to, all of them vetted: a name that resolves to one public
    and one internal address is refused, whichever the connection would have used."""
    try:
        literal = ipaddress.ip_address(target.host)
        candidates = [literal]
    except ValueError:
        try:
            infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise IngestError(original, f"could not resolve {target.host}: {_describe(exc)}") from None
        candidates = []
        for *_rest, sockaddr in infos:
            address = ipaddress.ip_address(sockaddr[0].split("%")[0])
            if address not in candidates:
                candidates.append(address)
    if not candidates:
        raise IngestError(original, f"{target.host} resolves to no address")
    for address in candidates:
        reason = policy.refuses(target.host, address)
        if reason:
            via = "" if str(address) == target.host else f" ({target.host} resolves to {address})"
            raise FetchRefused(original, f"refused to fetch from {address}{via}: {reason}; "
                                         "allow it with --allow-fetch or STRIFE_FETCH_ALLOW")
    return candidates


def _connect(target: _Target, addresses: list[Address], deadline: float, original: str) -> http.client.HTTPConnection:
    error: Exception | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            sock = socket.create_connection((str(address), target.port), timeout=remaining)
        except OSError as exc:
            error = exc
            continue
        connection = http.client.HTTPConnection(target.host, target.port, timeout=remaining)
        if target.scheme == "https":
            try:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=target.host)
            except (OSError, ssl.SSLError) as exc:
                sock.close()
                raise IngestError(original, f"TLS with {target.host} failed: {_describe(exc)}") from None
        connection.sock = sock  # the vetted address, not a second lookup
        return connection
    if error is None:
        raise IngestError(original, "timed out")
    raise IngestError(original, f"could not connect to {target.host}: {_describe(error)}")


def _read_body(response: http.client.HTTPResponse, sock: socket.socket, policy: FetchPolicy, deadline: float,
               original: str) -> bytes:
    limit = policy.max_bytes
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise IngestError(original, f"response too large ({int(declared)} bytes > {limit})")
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise IngestError(original, f"unsupported Content-Encoding {encoding!r}")
    inflater = None if encoding == "identity" else zlib.decompressobj(47)  # gzip or zlib, told by the header
    parts: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise IngestError(original, f"timed out after {policy.timeout_s:g} s")
        sock.settimeout(remaining)  # a server dribbling bytes cannot stretch the fetch
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            break
        if inflater is not None:
            try:
                chunk = inflater.decompress(chunk, limit + 1 - size)
            except zlib.error as exc:
                raise IngestError(original, f"corrupt {encoding} body ({exc})") from None
        size += len(chunk)
        if size > limit:
            raise IngestError(original, f"response too large (more than {limit} bytes)")
        parts.append(chunk)
    if inflater is not None:
        tail = inflater.flush()
        if size + len(tail) > limit:
            raise IngestError(original, f"response too large (more than {limit} bytes)")
        parts.append(tail)
    return b"".join(parts)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    return str(exc) or type(exc).__name__
