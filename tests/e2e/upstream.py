"""A small recording HTTP upstream for the end-to-end tests.

It plays the Bookshelf API of specs/bookshelf.yaml under /v1 and records
every request exactly as it arrived (method, raw path and query, headers,
body), so tests can check what the generated server really sent.
"""

import base64
import json
import select
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# The smallest valid PNG: one transparent pixel.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

BOOK = {"id": "42", "title": "Dune", "author": "Frank Herbert", "year": 1965}


# The OAuth2 client the token endpoint accepts.
CLIENT_ID = "mcp-client"
CLIENT_SECRET = "s3cret-client"


class Recorder:
    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        # OAuth2: tokens issued (token -> expiry), and their lifetime.
        self.tokens = {}
        self.tokens_issued = 0
        self.token_lifetime = 3600
        # Slow calls whose client closed the connection before the answer.
        self.abandoned = 0

    def add(self, entry):
        with self.lock:
            self.requests.append(entry)

    def count(self):
        with self.lock:
            return len(self.requests)

    def last(self):
        with self.lock:
            return self.requests[-1]


def make_handler(recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _record(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            split = urlsplit(self.path)
            entry = {
                "method": self.command,
                "path": split.path,
                "query": split.query,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
            }
            recorder.add(entry)
            return entry

        def _send(self, status, payload=None, content_type="application/json"):
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            if data:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _raw(self, status, data, content_type):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self):
            entry = self._record()
            if entry["path"].startswith("/echo/"):
                # Any request under /echo/ is answered with what arrived.
                return self._send(200, {
                    "method": entry["method"],
                    "path": entry["path"],
                    "query": entry["query"],
                    "contentType": entry["headers"].get("content-type"),
                    "body": entry["body"].decode("utf-8", "replace"),
                    "bodyBase64": base64.b64encode(entry["body"]).decode(),
                })
            if entry["path"].startswith("/v1/results/"):
                return self._results(entry)
            if entry["path"].startswith("/secure/"):
                return self._secure(entry)
            if entry["path"].startswith("/guarded/"):
                return self._guarded(entry)
            if entry["path"] == "/raw/logo.png":
                return self._raw(200, PNG, "image/png")
            if entry["path"] == "/raw/report.csv":
                return self._raw(200, b"id,title\n42,Dune\n", "text/csv")
            parts = entry["path"].split("/")  # ['', 'v1', 'books', ID, ...]
            if parts[:2] != ["", "v1"]:
                return self._send(404, {"error": "outside /v1"})
            rest = parts[2:]
            book_id = rest[1] if len(rest) > 1 else None
            if book_id == "explode":
                return self._send(500, {"error": "the catalogue is on fire"})
            if book_id == "missing":
                return self._send(404, {"error": "no such book"})
            if rest == ["shelves"]:
                return self._send(200, [{"id": "s1", "name": "Science fiction"}])
            if rest == ["books"] and self.command == "GET":
                return self._send(200, [BOOK])
            if rest == ["books"] and self.command == "POST":
                return self._send(201, {"id": "43", **json.loads(entry["body"])})
            if len(rest) == 2 and self.command == "GET":
                # More than the spec promises, and a wrong type: a sloppy API.
                return self._send(200, {**BOOK, "id": book_id, "year": "nineteen", "extra": True})
            if len(rest) == 2 and self.command == "PUT":
                return self._send(200, {"id": book_id, **json.loads(entry["body"])})
            if len(rest) == 2 and self.command == "DELETE":
                return self._send(204)
            if len(rest) == 3 and rest[2] == "loans":
                loan = json.loads(entry["body"])
                return self._send(201, {"member": loan["member"], "due": "2026-12-01",
                                        "requestId": entry["headers"].get("x-request-id")})
            return self._send(404, {"error": "no route"})

        def _secure(self, entry):
            """The Secured API (specs/secured.yaml): a token endpoint that
            checks the client's credentials, an endpoint that checks tokens,
            and everything else echoing the credentials that arrived."""
            headers = entry["headers"]
            if entry["path"] == "/secure/oauth/token":
                expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                form = dict(p.split("=", 1) for p in entry["body"].decode().split("&") if "=" in p)
                if headers.get("authorization") != expected or form.get("grant_type") != "client_credentials":
                    return self._send(401, {"error": "invalid_client"})
                with recorder.lock:
                    recorder.tokens_issued += 1
                    token = f"token-{recorder.tokens_issued}"
                    recorder.tokens[token] = time.monotonic() + recorder.token_lifetime
                return self._send(200, {"access_token": token, "token_type": "Bearer",
                                        "expires_in": recorder.token_lifetime,
                                        "scope": form.get("scope", "")})
            if entry["path"] == "/secure/oauth":
                token = (headers.get("authorization") or "").removeprefix("Bearer ")
                with recorder.lock:
                    valid = recorder.tokens.get(token, 0) > time.monotonic()
                if not valid:
                    return self._send(401, {"error": "invalid_token"})
            return self._send(200, {
                "path": entry["path"],
                "query": entry["query"],
                "authorization": headers.get("authorization"),
                "apiKey": headers.get("x-api-key"),
                "cookie": headers.get("cookie"),
            })

        def _results(self, entry):
            """The Results API (specs/results.yaml)."""
            kind = entry["path"].rsplit("/", 1)[-1]
            query = dict(p.split("=", 1) for p in entry["query"].split("&") if "=" in p)
            items = lambda start, n: [{"id": f"i{start + k}", "name": f"item {start + k}"} for k in range(n)]
            if kind == "cursor":
                cursor = query.get("cursor", "c1")
                last = cursor == "c3"
                return self._send(200, {"items": items(int(cursor[1:]) * 2, 2),
                                        "next_cursor": None if last else f"c{int(cursor[1:]) + 1}"})
            if kind == "pages":
                page = int(query.get("page", "1"))
                return self._send(200, items(page * 2, 2) if page < 3 else [])
            if kind == "linked":
                page = int(query.get("page", "1"))
                port = self.server.server_address[1]
                data = json.dumps(items(page * 2, 2)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Link", f'<http://127.0.0.1:{port}/v1/results/linked?page={page + 1}&per_page=2>; rel="next", '
                                         f'<http://127.0.0.1:{port}/v1/results/linked?page=9&per_page=2>; rel="last"')
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return None
            if kind == "big":
                return self._send(200, {"total": 5000, "items": items(0, 5000)})
            if kind == "text":
                return self._raw(200, "".join(f"event {n}\n" for n in range(20000)).encode(), "text/plain")
            if kind == "slow":
                deadline = time.monotonic() + float(query["seconds"])
                while time.monotonic() < deadline:
                    time.sleep(0.05)
                    readable, _, _ = select.select([self.connection], [], [], 0)
                    if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                        with recorder.lock:
                            recorder.abandoned += 1
                        self.close_connection = True
                        return None
                return self._send(200, {"id": "done"})
            if kind == "deviant":
                return self._send(200, {
                    "extra": {"count": 3, "name": "not an email", "surprise": True},
                    "missing": {},
                    "wrong": {"count": "three", "name": 7},
                }[query["shape"]])
            return self._send(404, {"error": "no route"})

        def _guarded(self, entry):
            """The Guarded API (specs/guarded.yaml): echoes, and faults on demand."""
            path = entry["path"]
            if path.startswith("/guarded/things/"):
                return self._send(200, {"path": path, "query": entry["query"],
                                        "body": json.loads(entry["body"] or b"null")})
            if path == "/guarded/redirect":
                port = self.server.server_address[1]
                self.send_response(302)
                self.send_header("Location", f"http://localhost:{port}/guarded/redirected")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            mode = path.rsplit("/", 1)[-1]
            if mode == "slow":
                time.sleep(3)
                return self._send(200, {"late": True})
            if mode == "slow-ok":
                time.sleep(1.5)
                return self._send(200, {"done": True})
            if mode == "garbage":
                return self._raw(200, b'{"half": "a JSON', "application/json")
            if mode == "html":
                return self._raw(200, b"<html><body>Maintenance</body></html>", "text/html")
            if mode == "huge":
                return self._raw(200, b'{"pad": "' + b"x" * 3_000_000 + b'"}', "application/json")
            if mode == "explode":
                return self._send(503, {"error": "overloaded"})
            if mode == "reset":
                # Close without an answer, with a TCP reset.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()
                return None
            return self._send(200, {"mode": mode})

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _route

    return Handler


def start():
    """Starts the upstream on a free loopback port; returns (server, recorder, base_url)."""
    recorder = Recorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(recorder))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, recorder, f"http://127.0.0.1:{server.server_address[1]}/v1"
