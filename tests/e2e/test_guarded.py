"""Bad arguments, a misbehaving upstream, the HTTP transport's defences,
shutdown, and load: specs/guarded.yaml against the recording upstream."""

import asyncio
import json
import os
import signal
import subprocess
import time

import httpx2
import pytest

from conftest import http_server, server_bin, session

BIN = "guarded"
GOOD = {"id": "thing-1", "count": 3, "body": {"name": "ok", "kind": "a", "ratio": 0.5,
                                               "code": "ABC", "tags": ["x", "y"]}}


def base(upstream):
    return upstream[1].rsplit("/", 1)[0] + "/guarded"


async def refused(s, recorder, arguments, *needles):
    """Calls put_thing with `arguments`; expects an error naming `needles`
    and no upstream request."""
    before = recorder.count()
    result = await s.call_tool("put_thing", arguments)
    text = result.content[0].text
    assert result.is_error, text
    for needle in needles:
        assert needle in text, text
    assert recorder.count() == before, "an invalid call reached the upstream"


async def test_every_constraint_is_checked_before_sending(transport, upstream):
    recorder, _ = upstream
    async with session(transport, server_bin(BIN), ["--base-url", base(upstream)]) as s:
        result = await s.call_tool("put_thing", GOOD)
        assert not result.is_error, result.content
        assert result.structured_content["query"] == "count=3"

        def with_body(**change):
            return {**GOOD, "body": {**GOOD["body"], **change}}

        await refused(s, recorder, {**GOOD, "id": "UPPER"}, "`id`", "pattern")
        await refused(s, recorder, {**GOOD, "count": 0}, "`count`", "at least 1")
        await refused(s, recorder, {**GOOD, "count": 11}, "`count`", "at most 10")
        await refused(s, recorder, {**GOOD, "count": "3"}, "`count`", "integer")
        await refused(s, recorder, with_body(name="x"), "`body.name`", "at least 2 characters")
        await refused(s, recorder, with_body(name="much too long"), "`body.name`", "at most 8")
        await refused(s, recorder, with_body(kind="c"), "`body.kind`", '"a", "b"')
        await refused(s, recorder, with_body(ratio=1), "`body.ratio`", "less than 1")
        await refused(s, recorder, with_body(code="abc"), "`body.code`", "pattern")
        await refused(s, recorder, with_body(tags=["x", "y", "z"]), "`body.tags`", "at most 2 items")
        await refused(s, recorder, with_body(tags=["x", "x"]), "`body.tags`", "repeat")
        await refused(s, recorder, with_body(tags=["x", 3]), "`body.tags[1]`", "string")
        await refused(s, recorder, {"id": "thing-1", "body": {}}, "`body.name`", "required")
        await refused(s, recorder, {"id": "thing-1"}, "`body`", "required")
        await refused(s, recorder, {**GOOD, "extra": 1}, "`extra`")
        await refused(s, recorder, {**GOOD, "x_trace": "a\r\nX-Evil: 1"}, "X-Trace", "control characters")


async def test_path_arguments_cannot_change_the_target(upstream):
    recorder, _ = upstream
    async with session("stdio", server_bin(BIN), ["--base-url", base(upstream)]) as s:
        for mode in ["../things/x", "a/b", "x?y=1", "x#frag", "%2e%2e", "..", "http://evil.example/"]:
            result = await s.call_tool("fault", {"mode": mode})
            if result.is_error:
                continue
            sent = recorder.last()
            assert sent["path"].startswith("/guarded/faults/"), sent["path"]
            assert "/" not in sent["path"][len("/guarded/faults/"):], sent["path"]


@pytest.mark.parametrize("mode, needle", [
    ("slow", "timed out"),
    ("garbage", "malformed JSON"),
    ("html", "`text/html`, but the spec promises `application/json`"),
    ("huge", "longer than the server's limit of 1000000 bytes"),
    ("explode", "HTTP 503"),
    ("reset", "upstream request failed"),
])
async def test_upstream_faults_are_error_results_and_the_server_keeps_serving(upstream, mode, needle):
    args = ["--base-url", base(upstream), "--timeout", "1", "--max-response-bytes", "1000000"]
    async with session("stdio", server_bin(BIN), args) as s:
        result = await s.call_tool("fault", {"mode": mode})
        text = result.content[0].text
        assert result.is_error, text
        assert needle in text, text
        assert len(text) < 2000
        ok = await s.call_tool("fault", {"mode": "fine"})
        assert not ok.is_error and ok.structured_content == {"mode": "fine"}


async def test_refused_connection_is_an_error_result():
    async with session("stdio", server_bin(BIN), ["--base-url", "http://127.0.0.1:9/guarded"]) as s:
        result = await s.call_tool("fault", {"mode": "fine"})
        assert result.is_error and "upstream request failed" in result.content[0].text


async def test_a_redirect_to_another_host_is_not_followed(upstream):
    recorder, _ = upstream
    env = {"GUARDED_KEY": "the-key"}
    async with session("stdio", server_bin(BIN), ["--base-url", base(upstream)], env=env) as s:
        result = await s.call_tool("redirect", {})
        assert result.is_error and "302" in result.content[0].text
    assert recorder.last()["path"] == "/guarded/redirect"
    assert recorder.last()["headers"].get("x-key") == "the-key"


async def post(url, headers=None, body=None):
    payload = body if body is not None else json.dumps({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "t", "version": "1"}}}).encode()
    async with httpx2.AsyncClient(timeout=10) as client:
        return await client.post(url, content=payload, headers={
            "content-type": "application/json",
            "accept": "application/json, text/event-stream", **(headers or {})})


async def test_http_checks_host_origin_and_body_size(upstream):
    async with http_server(server_bin(BIN), ["--base-url", base(upstream),
                                             "--max-request-bytes", "100000"]) as url:
        assert (await post(url)).status_code == 200
        # DNS rebinding: a foreign Host, or a browser page on another origin.
        assert (await post(url, {"host": "evil.example"})).status_code == 403
        assert (await post(url, {"origin": "https://evil.example"})).status_code == 403
        assert (await post(url, {"origin": "http://localhost:3000"})).status_code == 200
        big = b'{"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"pad": "' + b"x" * 200_000 + b'"}}'
        assert (await post(url, body=big)).status_code == 413


async def test_http_requires_the_bearer_token_when_set(upstream, tmp_path):
    token = tmp_path / "token"
    token.write_text("correct-horse\n")
    async with http_server(server_bin(BIN), ["--base-url", base(upstream),
                                             "--mcp-token-file", str(token)]) as url:
        assert (await post(url)).status_code == 401
        assert (await post(url, {"authorization": "Bearer wrong-horse!"})).status_code == 401
        assert (await post(url, {"authorization": "Bearer correct-horse"})).status_code == 200
        # The scheme name is case-insensitive; the token is not.
        assert (await post(url, {"authorization": "bearer correct-horse"})).status_code == 200
        assert (await post(url, {"authorization": "Bearer Correct-horse"})).status_code == 401
        assert (await post(url, {"authorization": "Basic correct-horse"})).status_code == 401
    async with http_server(server_bin(BIN), ["--base-url", base(upstream)],
                           env={"GUARDED_MCP_TOKEN": "from-env"}) as url:
        assert (await post(url)).status_code == 401
        assert (await post(url, {"authorization": "Bearer from-env"})).status_code == 200


def test_http_binds_loopback_by_default():
    done = subprocess.run([server_bin(BIN), "--help"], capture_output=True, timeout=30)
    assert b"[default: 127.0.0.1:8000]" in done.stdout


@pytest.mark.parametrize("transport_name", ["stdio", "http"])
def test_sigterm_finishes_calls_in_flight(upstream, transport_name):
    """SIGTERM during a slow call: the call still succeeds, then the server exits 0."""
    from mcp import ClientSession, StdioServerParameters, stdio_client
    from mcp.client.streamable_http import streamable_http_client

    outcome = {}

    async def scenario():
        # Closing the session after the server has exited may fail; only the
        # call's result matters.
        try:
            if transport_name == "stdio":
                params = StdioServerParameters(command=server_bin(BIN), args=["--base-url", base(upstream)])
                async with stdio_client(params) as (read, write):
                    async with ClientSession(read, write) as s:
                        await s.initialize()
                        await call_and_terminate(s, await server_pid())
            else:
                async with http_server(server_bin(BIN), ["--base-url", base(upstream)]) as url:
                    pid = await server_pid()
                    async with streamable_http_client(url) as (read, write):
                        async with ClientSession(read, write) as s:
                            await s.initialize()
                            await call_and_terminate(s, pid)
        except Exception:
            if "result" not in outcome:
                raise

    async def server_pid():
        return child_pid(server_bin(BIN))

    async def call_and_terminate(s, pid):
        call = asyncio.create_task(s.call_tool("fault", {"mode": "slow-ok"}))
        await asyncio.sleep(0.5)
        os.kill(pid, signal.SIGTERM)
        outcome["result"] = await call
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not zombie(pid):
            await asyncio.sleep(0.05)
        outcome["pid"] = pid

    def zombie(pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                return f.read().split(")")[1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    asyncio.run(scenario())
    result, pid = outcome["result"], outcome["pid"]
    assert not result.is_error, result.content
    assert result.structured_content == {"done": True}
    assert zombie(pid), "the server did not exit after finishing the call"


def child_pid(binary):
    """The pid of this test's newest child process running `binary`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                program = f.read().split(b"\0")[0].decode()
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        if parent == os.getpid() and program == binary:
            found.append(int(entry))
    assert found, f"no child process runs {binary}"
    return max(found)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


async def test_load_32_sessions_by_200_calls_stays_correct_and_flat(upstream):
    """32 concurrent sessions over HTTP, 200 calls each: every call succeeds,
    and the server's memory after the load is close to after a warm-up."""
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def one_session(url, calls):
        async with streamable_http_client(url) as (read, write):
            async with ClientSession(read, write) as s:
                await s.initialize()
                failures = 0
                for i in range(calls):
                    result = await s.call_tool("put_thing", {"id": f"t-{i}", "body": {"name": "load"}})
                    failures += bool(result.is_error)
                return failures

    async with http_server(server_bin(BIN), ["--base-url", base(upstream)]) as url:
        pid = child_pid(server_bin(BIN))
        assert sum(await asyncio.gather(*(one_session(url, 50) for _ in range(32)))) == 0
        warm = rss_kib(pid)
        assert sum(await asyncio.gather(*(one_session(url, 200) for _ in range(32)))) == 0
        after = rss_kib(pid)
        assert after - warm < 16 * 1024, f"RSS grew from {warm} KiB to {after} KiB"


async def test_max_concurrency_queues_upstream_calls(upstream):
    """With --max-concurrency 1, two slow calls run one after the other."""
    args = ["--base-url", base(upstream), "--max-concurrency", "1"]
    async with session("stdio", server_bin(BIN), args) as s:
        started = time.monotonic()
        results = await asyncio.gather(*(s.call_tool("fault", {"mode": "slow-ok"}) for _ in range(2)))
        elapsed = time.monotonic() - started
        assert all(not r.is_error for r in results)
        assert elapsed >= 2.9, f"two 1.5 s calls overlapped: {elapsed:.2f} s"
