#!/usr/bin/env python3
"""Local probe targets for deploy/blackbox-side-by-side.sh, on 127.0.0.1 only.

Usage: targets.py HTTP_PORT HTTPS_PORT HTTPS_NAME_PORT HTTPS_TLS12_PORT SILENT_PORT CERT_DIR

HTTP_PORT serves the paths below over plain HTTP/1.1; HTTPS_PORT the same over TLS with a leaf
for 127.0.0.1 signed by an intermediate of the test CA (chain sent: leaf, intermediate);
HTTPS_NAME_PORT the same with a leaf for the name probe.test only; HTTPS_TLS12_PORT the same as
HTTPS_PORT but TLS 1.2 at most; SILENT_PORT accepts connections and never answers.

Paths: /ok, /notfound (404), /redirect/N (302 to /redirect/N-1, /redirect/0 is /ok), /loop (302
to itself), /slow (headers after 3 s), /gzip (always gzip, with Content-Length), /deflate (raw
DEFLATE), /chunked, /lastmod (Last-Modified), /headers (X-Probe-Kind: fetchd-test), /post (200
for POST with body "ping", else 400), /token (200 with X-Probe-Token: secret, else 403), /big (4 KiB),
/post303 (303 to /after-post, 200 for a GET without a body), /post307 (307 to /post), /nocontent
(204), /to-https (302 to HTTPS_PORT's /ok).
"""
import socket
import ssl
import sys
import threading
import time
import zlib
import gzip
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b"hello fetchd world: this is the ok page of the side-by-side targets\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def send(self, status, body=b"", headers=(), content_length=True):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if content_length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def route(self):
        p = self.path.split("?")[0]
        if p == "/ok":
            return self.send(200, BODY, [("Content-Type", "text/plain")])
        if p == "/notfound":
            return self.send(404, b"not here\n", [("Content-Type", "text/plain")])
        if p.startswith("/redirect/"):
            n = int(p.rsplit("/", 1)[1])
            loc = "/ok" if n <= 1 else "/redirect/%d" % (n - 1)
            return self.send(302, b"", [("Location", loc)])
        if p == "/loop":
            return self.send(302, b"", [("Location", "/loop")])
        if p == "/slow":
            time.sleep(3)
            return self.send(200, BODY)
        if p == "/gzip":
            gz = gzip.compress(BODY * 3, mtime=0)
            return self.send(200, gz, [("Content-Encoding", "gzip"), ("Content-Type", "text/plain")])
        if p == "/deflate":
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            raw = c.compress(BODY * 3) + c.flush()
            return self.send(200, raw, [("Content-Encoding", "deflate")])
        if p == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if self.command != "HEAD":
                for part in (BODY[:10], BODY[10:]):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.write(b"0\r\n\r\n")
            return None
        if p == "/lastmod":
            return self.send(200, BODY, [("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")])
        if p == "/headers":
            return self.send(200, BODY, [("X-Probe-Kind", "fetchd-test"), ("X-Probe-Kind", "second")])
        if p == "/post":
            ok = self.command == "POST" and self.body() == b"ping"
            return self.send(200 if ok else 400, b"posted\n" if ok else b"no\n")
        if p == "/token":
            ok = self.headers.get("X-Probe-Token") == "secret"
            return self.send(200 if ok else 403, BODY)
        if p == "/big":
            return self.send(200, b"x" * 4096)
        if p == "/post303":
            self.body()
            return self.send(303, b"", [("Location", "/after-post")])
        if p == "/after-post":
            ok = self.command == "GET" and not self.headers.get("Content-Length")
            return self.send(200 if ok else 400, BODY)
        if p == "/post307":
            self.body()
            return self.send(307, b"", [("Location", "/post")])
        if p == "/nocontent":
            return self.send(204, b"", content_length=False)
        if p == "/to-https":
            port = self.server.https_port
            return self.send(302, b"", [("Location", "https://127.0.0.1:%d/ok" % port)])
        return self.send(404, b"unknown path\n")

    do_GET = route
    do_HEAD = route
    do_POST = route
    do_PUT = route


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(port, context=None):
    srv = Server(("127.0.0.1", port), Handler)
    srv.https_port = HTTPS_PORT[0]
    if context is not None:
        srv.socket = context.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()


def tls_context(cert_dir, leaf, max_version=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if max_version is not None:
        ctx.maximum_version = max_version
    ctx.load_cert_chain(certfile="%s/%s-chain.pem" % (cert_dir, leaf), keyfile="%s/%s.key" % (cert_dir, leaf))
    return ctx


def silent(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    held = []

    def accept():
        while True:
            c, _ = s.accept()
            held.append(c)  # never answered, never closed

    threading.Thread(target=accept, daemon=True).start()


HTTPS_PORT = [0]


def main():
    http_port, https_port, name_port, tls12_port, silent_port = (int(a) for a in sys.argv[1:6])
    HTTPS_PORT[0] = https_port
    cert_dir = sys.argv[6]
    serve(http_port)
    serve(https_port, tls_context(cert_dir, "leaf"))
    serve(name_port, tls_context(cert_dir, "named"))
    serve(tls12_port, tls_context(cert_dir, "leaf", ssl.TLSVersion.TLSv1_2))
    silent(silent_port)
    print("targets ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
