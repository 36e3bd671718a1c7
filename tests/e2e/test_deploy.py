"""End-to-end: a team deployment. Two replicas of the Bookshelf server
behind nginx (Debian's package), round-robin with no affinity, serve one
Python client session; with `--stateless` every call succeeds and both
replicas serve, and without it the session breaks, which is why the flag
exists."""

import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import httpx2
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from conftest import http_server, server_bin

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx(backends):
    """nginx on a free loopback port, round-robin over `backends`
    (host:port), as a user would put it in front of replicas."""
    if not os.path.exists(NGINX):
        pytest.fail("nginx is missing: scripts/setup installs Debian's package")
    port = free_port()
    with tempfile.TemporaryDirectory() as prefix:
        servers = "\n".join(f"    server {b};" for b in backends)
        with open(os.path.join(prefix, "nginx.conf"), "w") as conf:
            conf.write(f"""
worker_processes 1;
error_log {prefix}/error.log;
pid {prefix}/nginx.pid;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  upstream replicas {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Connection "";
      proxy_buffering off;
    }}
  }}
}}
""")
        proc = subprocess.Popen([NGINX, "-p", prefix, "-c", "nginx.conf", "-g", "daemon off;"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 10
            while True:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {proc.stderr.read().decode()}")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}/mcp"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


async def calls_through_nginx(upstream, flags, count):
    """Starts replicas `a` and `b` with `flags`, makes `count` calls in one
    client session through nginx; returns the results (or the exception)
    and the replicas the upstream saw."""
    recorder, url = upstream
    binary = server_bin("bookshelf")
    # Each replica marks its upstream requests with a static header.
    env = lambda name: {**os.environ, "BOOKSHELF_HEADER_X_REPLICA": name}
    flags = ["--base-url", url, "--get-as", "tools", *flags]
    async with http_server(binary, flags, env("a")) as a, \
            http_server(binary, flags, env("b")) as b:
        backends = [u.removeprefix("http://").removesuffix("/mcp") for u in (a, b)]
        with nginx(backends) as front:
            before = recorder.count()
            results = []
            try:
                client = httpx2.AsyncClient(timeout=30)
                async with client, streamable_http_client(front, http_client=client) as (read, write):
                    async with ClientSession(read, write) as s:
                        await s.initialize()
                        for i in range(count):
                            results.append(await s.call_tool("get_book", {"bookId": f"b{i}"}))
            except Exception as error:  # noqa: BLE001 - the failure is the point
                results.append(error)
            with recorder.lock:
                seen = {r["headers"].get("x-replica") for r in recorder.requests[before:]}
            return results, seen


def test_stateless_replicas_serve_one_session_behind_nginx(upstream):
    results, seen = asyncio.run(calls_through_nginx(upstream, ["--stateless"], 100))
    assert len(results) == 100
    assert all(not isinstance(r, Exception) and not r.is_error for r in results)
    assert seen == {"a", "b"}


def test_without_stateless_the_session_breaks_on_the_other_replica(upstream):
    """Why `--stateless` exists: the session lives in the replica that
    answered `initialize`, and the next request, sent to the other one, is
    refused ("session not found")."""
    results, _ = asyncio.run(calls_through_nginx(upstream, [], 4))
    assert any(isinstance(r, Exception) or r.is_error for r in results)


TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_health_and_metrics_sit_outside_the_mcp_auth(upstream, tmp_path):
    recorder, url = upstream
    token = tmp_path / "token"
    token.write_text("team-secret\n")
    binary = server_bin("bookshelf")
    flags = ["--base-url", url, "--get-as", "tools", "--mcp-token-file", str(token)]

    async def main():
        async with http_server(binary, flags) as mcp:
            base = mcp.removesuffix("/mcp")
            async with httpx2.AsyncClient(timeout=30) as client:
                refused = await client.post(mcp, json={})
                health = await client.get(f"{base}/healthz")
                ready = await client.get(f"{base}/readyz")
                headers = {"Authorization": "Bearer team-secret", "traceparent": TRACE}
                async with httpx2.AsyncClient(timeout=30, headers=headers) as authed, \
                        streamable_http_client(mcp, http_client=authed) as (read, write):
                    async with ClientSession(read, write) as s:
                        await s.initialize()
                        ok = await s.call_tool("get_book", {"bookId": "b-secret-7"})
                        traced_by_header = recorder.last()["headers"].get("traceparent")
                        other = TRACE.replace("00f067aa0ba902b7", "00f067aa0ba902b8")
                        await s.call_tool("get_book", {"bookId": "explode"}, meta={"traceparent": other})
                        traced_by_meta = recorder.last()["headers"].get("traceparent")
                metrics = await client.get(f"{base}/metrics")
            return refused, health, ready, ok, traced_by_header, traced_by_meta, other, metrics

    refused, health, ready, ok, by_header, by_meta, other, metrics = asyncio.run(main())
    assert refused.status_code == 401
    assert (health.status_code, health.text) == (200, "ok\n")
    assert ready.status_code == 200
    assert not ok.is_error
    assert by_header == TRACE and by_meta == other
    text = metrics.text
    assert metrics.status_code == 200 and "text/plain" in metrics.headers["content-type"]
    assert 'mcp_tool_calls_total{tool="get_book"} 2' in text
    assert 'mcp_tool_errors_total{tool="get_book"} 1' in text
    assert 'mcp_upstream_responses_total{tool="get_book",class="2xx"} 1' in text
    assert 'mcp_upstream_responses_total{tool="get_book",class="5xx"} 1' in text
    assert 'mcp_tool_call_duration_seconds_count{tool="get_book"} 2' in text
    # Arguments and credentials are never labels.
    assert "b-secret-7" not in text and "team-secret" not in text


def test_probes_can_be_turned_off_and_readiness_checks_the_api(upstream):
    _, url = upstream
    binary = server_bin("bookshelf")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/v1"

    async def main():
        async with http_server(binary, ["--base-url", url, "--health", "off", "--metrics", "off"]) as off, \
                http_server(binary, ["--base-url", dead, "--readyz-upstream"]) as unready, \
                http_server(binary, ["--base-url", url, "--readyz-upstream"]) as ready:
            async with httpx2.AsyncClient(timeout=30) as client:
                base = lambda u: u.removesuffix("/mcp")
                return (
                    [(await client.get(f"{base(off)}/{p}")).status_code for p in ("healthz", "readyz", "metrics")],
                    await client.get(f"{base(unready)}/readyz"),
                    (await client.get(f"{base(unready)}/healthz")).status_code,
                    (await client.get(f"{base(ready)}/readyz")).status_code,
                )

    off, unready, live, ready = asyncio.run(main())
    assert off == [404, 404, 404]
    assert unready.status_code == 503 and "does not answer" in unready.text
    assert live == 200 and ready == 200


EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")


@pytest.mark.parametrize("name", ["bookshelf", "secured"])
def test_the_kubernetes_manifest_sets_only_variables_the_server_reads(name):
    import yaml

    with open(os.path.join(EXAMPLES, name, "deploy", "kubernetes.yaml")) as f:
        deployment, service = yaml.safe_load_all(f)
    assert (deployment["kind"], service["kind"]) == ("Deployment", "Service")
    assert deployment["spec"]["replicas"] == 2
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert "--stateless" in container["args"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert service["spec"]["ports"][0]["targetPort"] == container["ports"][0]["name"]
    # --help lists every variable the server reads: its flags' and the
    # credentials'.
    help_text = subprocess.run([server_bin(name), "--help"], capture_output=True, text=True).stdout
    read = set(re.findall(r"\b[A-Z][A-Z0-9_]+\b", help_text))
    names = [e["name"] for e in container["env"]]
    assert names and set(names) <= read, set(names) - read
    with open(os.path.join(EXAMPLES, name, "Dockerfile")) as f:
        dockerfile = f.read()
    assert "USER 10001" in dockerfile and "HEALTHCHECK" in dockerfile and "0.0.0.0:8000" in dockerfile


def test_the_legacy_sse_transport_serves_the_python_sse_client(upstream, tmp_path):
    from mcp.client.sse import sse_client

    recorder, url = upstream
    token = tmp_path / "token"
    token.write_text("team-secret\n")
    flags = ["--base-url", url, "--get-as", "tools", "--mcp-token-file", str(token)]

    async def main():
        async with http_server(server_bin("bookshelf"), flags, transport="sse") as endpoint:
            headers = {"Authorization": "Bearer team-secret", "X-MCP-Tools": "get_book"}
            async with sse_client(endpoint, headers=headers) as (read, write):
                async with ClientSession(read, write) as s:
                    init = await s.initialize()
                    tools = {t.name for t in (await s.list_tools()).tools}
                    result = await s.call_tool("get_book", {"bookId": "b7"})
            async with httpx2.AsyncClient(timeout=30) as client:
                refused = await client.get(endpoint)
                rebinding = await client.get(endpoint, headers={"Authorization": "Bearer team-secret",
                                                                "Host": "evil.example"})
                unknown = await client.post(endpoint.replace("/sse", "/messages?sessionId=nope"),
                                            headers={"Authorization": "Bearer team-secret"}, json={})
            return init, tools, result, refused, rebinding, unknown

    init, tools, result, refused, rebinding, unknown = asyncio.run(main())
    assert init.server_info.name == "bookshelf"
    # The X-MCP-Tools header of the POSTs narrows the list, as over Streamable HTTP.
    assert tools == {"get_book"}
    assert not result.is_error and recorder.last()["path"] == "/v1/books/b7"
    assert refused.status_code == 401 and rebinding.status_code == 403 and unknown.status_code == 404
