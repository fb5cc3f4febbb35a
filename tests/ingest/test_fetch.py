"""URL ingest cannot be turned against the network: internal addresses are refused (after DNS,
and again after every redirect) unless allowed, and the fetch is bounded in size and time.
Every request here goes to a real HTTP server on 127.0.0.1; the tripwire fails a test that tries
to resolve a remote name or connect anywhere else."""
import ipaddress
import time
from urllib.parse import quote

import pytest

from strife.ingest import IngestError
from strife.ingest.fetch import FetchPolicy, FetchRefused, fetch, refusal
from strife.ingest.readers import read_url
from tests.loopback import LoopbackSite, stay_on_this_machine

LOOPBACK_ONLY = FetchPolicy.parse(["127.0.0.1"])


@pytest.fixture()
def site():
    with LoopbackSite() as running, stay_on_this_machine():
        yield running


@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("127.45.0.9", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.254", "private"), ("192.168.0.10", "private"),
    ("fd12:3456::1", "private"), ("169.254.169.254", "metadata"), ("169.254.170.2", "metadata"),
    ("100.100.100.200", "metadata"), ("fd00:ec2::254", "metadata"), ("169.254.10.1", "link-local"),
    ("fe80::1", "link-local"), ("100.64.0.1", "carrier-grade"), ("224.0.0.251", "multicast"),
    ("239.255.255.250", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"), ("198.18.0.1", "private"), ("192.0.2.7", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "metadata"), ("64:ff9b::a00:1", "private"),
    ("2002:7f00:1::1", "loopback"), ("2002:a9fe:a9fe::1", "metadata"),
])
def test_internal_addresses_are_refused(address, why):
    reason = refusal(ipaddress.ip_address(address))
    assert reason is not None and why in reason, (address, reason)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"])
def test_public_addresses_pass(address):
    assert refusal(ipaddress.ip_address(address)) is None


def test_policy_parses_addresses_networks_and_hosts():
    policy = FetchPolicy.parse(["127.0.0.1, 10.20.0.0/16", "[::1] Feeds.Intranet."])
    assert policy.refuses("127.0.0.1", ipaddress.ip_address("127.0.0.1")) is None
    assert policy.refuses("x", ipaddress.ip_address("10.20.9.9")) is None
    assert policy.refuses("x", ipaddress.ip_address("::1")) is None
    assert policy.refuses("x", ipaddress.ip_address("::ffff:10.20.0.1")) is None  # the same address, mapped
    assert policy.refuses("feeds.intranet", ipaddress.ip_address("192.168.1.1")) is None  # the host is trusted
    assert "private" in policy.refuses("other.intranet", ipaddress.ip_address("192.168.1.1"))
    assert "loopback" in policy.refuses("x", ipaddress.ip_address("127.0.0.2"))  # only the one address
    assert "private" in policy.refuses("x", ipaddress.ip_address("10.21.0.1"))
    with pytest.raises(ValueError, match="not an address"):
        FetchPolicy.parse(["http://10.0.0.1/"])


def test_loopback_server_is_refused_by_default_and_fetched_when_allowed(site):
    url = f"{site.base}/feed.xml"
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(url, FetchPolicy())
    assert site.requests == []  # refused before connecting
    [refused] = list(read_url(url))
    assert isinstance(refused, IngestError) and "STRIFE_FETCH_ALLOW" in refused.reason

    for allowed in (LOOPBACK_ONLY, FetchPolicy.parse(["127.0.0.0/8"])):
        [doc] = list(read_url(url, allowed))
        assert not isinstance(doc, IngestError), doc
        assert doc.title == "Market attack in Baidoa" and "livestock market" in doc.text
    assert site.requests == ["/feed.xml", "/feed.xml"]


def test_host_name_forms_of_loopback_are_resolved_then_refused(site):
    # numeric shorthands that resolve to 127.0.0.1 without DNS, the name from /etc/hosts, IPv6 forms
    for host in ("localhost", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::1]", "[::ffff:127.0.0.1]",
                 "[0:0:0:0:0:ffff:7f00:1]"):
        with pytest.raises(FetchRefused, match="loopback"):
            fetch(f"http://{host}:{site.port}/feed.xml", FetchPolicy())
    assert site.requests == []


@pytest.mark.parametrize("url", [
    "http://10.0.0.1/feed.xml", "http://192.168.1.1:8080/", "http://172.20.0.3/", "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/", "http://100.100.100.200/latest/meta-data/", "http://[fe80::1]/",
    "http://224.0.0.1/", "http://0.0.0.0:80/", "https://[::]/", "http://[::ffff:a9fe:a9fe]/",
])
def test_internal_url_forms_are_refused_without_a_connection(url):
    with stay_on_this_machine():  # a broken guard would raise LeftTheMachine here instead
        with pytest.raises(FetchRefused, match="refused to fetch"):
            fetch(url, LOOPBACK_ONLY)


def test_other_schemes_are_refused():
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/"):
        with pytest.raises(FetchRefused, match="only http and https"):
            fetch(url, LOOPBACK_ONLY)


def test_every_redirect_is_vetted_again(site):
    def via(to: str, status: int = 302) -> str:
        return f"{site.base}/redirect?status={status}&to={quote(to, safe='')}"

    for target in (f"http://127.0.0.2:{site.port}/feed.xml", f"http://[::1]:{site.port}/feed.xml",
                   "http://169.254.169.254/latest/meta-data/iam/", "http://10.0.0.7/admin"):
        with pytest.raises(FetchRefused, match="refused to fetch"):
            fetch(via(target), LOOPBACK_ONLY)
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(via("file:///etc/passwd", 301), LOOPBACK_ONLY)
    assert all(path.startswith("/redirect") for path in site.requests)  # no hop past the first was made

    page = fetch(via("/page.html", 307), LOOPBACK_ONLY)  # a redirect within what is allowed is followed
    assert page.url == f"{site.base}/page.html" and b"Garowe" in page.data
    chained = fetch(via(via(f"{site.base}/feed.xml")), LOOPBACK_ONLY)
    assert b"Baidoa" in chained.data


def test_redirect_loops_stop(site):
    with pytest.raises(IngestError, match="more than 3 redirects"):
        fetch(f"{site.base}/loop", FetchPolicy.parse(["127.0.0.1"], max_redirects=3))
    assert site.requests.count("/loop") == 4


def test_bodies_past_the_size_limit_are_refused(site):
    small = FetchPolicy.parse(["127.0.0.1"], max_bytes=100_000)
    with pytest.raises(IngestError, match=r"too large \(5000000 bytes > 100000\)"):
        fetch(f"{site.base}/declared-big?bytes=5000000", small)
    with pytest.raises(IngestError, match="too large"):
        fetch(f"{site.base}/streamed-big?bytes=5000000", small)
    with pytest.raises(IngestError, match="too large"):
        fetch(f"{site.base}/gzip-bomb?bytes=50000000", small)  # 50 MB inflated from ~50 kB
    under = fetch(f"{site.base}/streamed-big?bytes=60000", small)
    assert 60_000 <= len(under.data) <= 100_000
    assert fetch(f"{site.base}/gzipped-page", small).data.startswith(b"<html>")
    [error] = list(read_url(f"{site.base}/streamed-big?bytes=5000000", small))
    assert isinstance(error, IngestError) and "too large" in error.reason


def test_a_slow_server_cannot_stretch_the_fetch(site):
    started = time.monotonic()
    with pytest.raises(IngestError, match="timed out"):
        fetch(f"{site.base}/slow?seconds=20", FetchPolicy.parse(["127.0.0.1"], timeout_s=1.0))
    assert time.monotonic() - started < 3


def test_http_errors_and_unresolvable_hosts_are_ingest_errors(site):
    with pytest.raises(IngestError, match="HTTP 404"):
        fetch(f"{site.base}/missing", LOOPBACK_ONLY)
    with pytest.raises(IngestError, match="could not (connect|fetch)"):
        fetch("http://127.0.0.1:1/", LOOPBACK_ONLY)  # nothing listens on port 1


def test_the_tripwire_stops_traffic_off_this_machine():
    """The refusal tests above rely on it: were the guard broken, they must fail, not send."""
    import socket

    from tests.loopback import LeftTheMachine

    with stay_on_this_machine():
        with pytest.raises(LeftTheMachine):
            socket.create_connection(("10.0.0.1", 80), timeout=0.01)
        with pytest.raises(LeftTheMachine):
            socket.getaddrinfo("feeds.example.org", 80)
        assert socket.getaddrinfo("127.1", 80)[0][4][0] == "127.0.0.1"  # numeric forms need no lookup
