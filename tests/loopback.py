"""A real HTTP site on 127.0.0.1 for the URL-ingest tests, and a tripwire that fails a test the
moment anything in this process resolves a remote name or connects off this machine.

The tripwire is an audit hook (`sys.addaudithook`; it cannot be removed, so it is armed and
disarmed with a flag): if the SSRF guard ever broke, a test that expects a refusal of 10.0.0.1 or
169.254.169.254 must fail here, not send a packet there."""
from __future__ import annotations

import gzip
import ipaddress
import socket
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback Wire</title>
<item><title>Market attack in Baidoa</title><link>http://127.0.0.1/market</link>
<pubDate>Tue, 12 Apr 2016 09:00:00 GMT</pubDate>
<description>BAIDOA, Somalia - Gunmen opened fire on a crowded livestock market in Baidoa on Tuesday,
killing six traders and wounding eleven others, a district official told reporters.</description></item>
</channel></rss>
"""
PAGE = (b"<html><head><title>Checkpoint raid</title></head><body><article><h1>Checkpoint raid</h1>"
        b"<p>GAROWE, Somalia - Fighters stormed an army checkpoint outside Garowe before dawn on Sunday, "
        b"killing three soldiers, a regional commander said on Sunday afternoon.</p>"
        b"<p>The attackers fled north after a two-hour gunfight, residents said.</p></article></body></html>")


class _Handler(BaseHTTPRequestHandler):
    site: LoopbackSite

    def log_message(self, *_args):  # keep the test output clean
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.site.requests.append(self.path)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        route = getattr(self, "route_" + parts.path.strip("/").replace("-", "_").replace(".", "_"), None)
        if route is None:
            self.send_error(404)
            return
        route(query)

    def _send(self, body: bytes, ctype: str, headers: dict | None = None):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def route_feed_xml(self, _query):
        self._send(FEED, "application/rss+xml")

    def route_page_html(self, _query):
        self._send(PAGE, "text/html; charset=utf-8")

    def route_redirect(self, query):
        self.send_response(int(query.get("status", 302)))
        self.send_header("Location", query["to"])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_loop(self, _query):
        self.send_response(302)
        self.send_header("Location", "/loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_declared_big(self, query):  # says how big it is, and is never read
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", query["bytes"])
        self.end_headers()
        self.wfile.write(b"<html>" + b" " * 1000)

    def route_streamed_big(self, query):  # no length given: the reader has to count
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + b"x" * 8189 + b"</p>"
        for _ in range(int(query["bytes"]) // len(chunk) + 1):
            try:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:  # the reader stopped, as it should
                return
        self.wfile.write(b"0\r\n\r\n")

    def route_gzip_bomb(self, query):  # small on the wire, big once inflated
        body = gzip.compress(b"<html>" + b" " * int(query["bytes"]))
        self._send(body, "text/html", {"Content-Encoding": "gzip"})

    def route_gzipped_page(self, _query):
        self._send(gzip.compress(PAGE), "text/html", {"Content-Encoding": "gzip"})

    def route_slow(self, query):  # a byte at a time, for longer than any sane limit
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        deadline = time.monotonic() + float(query.get("seconds", 10))
        try:
            while time.monotonic() < deadline and not self.site.stopping.is_set():
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass


class LoopbackSite:
    """The site above on a free port of 127.0.0.1, in a thread; `requests` lists the paths asked for."""

    def __init__(self):
        self.requests: list[str] = []
        self.stopping = threading.Event()
        handler = type("Handler", (_Handler,), {"site": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackSite:
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


# ---- the tripwire --------------------------------------------------------------------------
_armed = threading.Event()
_hook_installed = False
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class LeftTheMachine(RuntimeError):
    pass


def _is_local_name(host) -> bool:
    if host is None:
        return True
    host = host.decode() if isinstance(host, bytes) else str(host)
    host = host.strip("[]").split("%")[0]
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        ipaddress.ip_address(host)  # a literal needs no DNS; where it leads is checked at connect()
        return True
    except ValueError:
        pass
    try:
        socket.inet_aton(host)  # numeric forms (2130706433, 0x7f000001, 127.1) are parsed, not looked up
        return True
    except OSError:
        return False


def _audit(event: str, args: tuple) -> None:
    if not _armed.is_set():
        return
    if event == "socket.getaddrinfo" and not _is_local_name(args[0]):
        raise LeftTheMachine(f"a test tried to resolve {args[0]!r}")
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple):
            host = str(address[0]).split("%")[0]
            try:
                local = ipaddress.ip_address(host).is_loopback
            except ValueError:
                local = host.lower() in LOCAL_NAMES
            if not local:
                raise LeftTheMachine(f"a test tried to connect to {address!r}")


@contextmanager
def stay_on_this_machine():
    """Within this block, resolving a remote name or connecting to a non-loopback address raises."""
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True
    _armed.set()
    try:
        yield
    finally:
        _armed.clear()
