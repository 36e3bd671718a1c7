"""Fixtures: the recording upstream, and MCP sessions with a generated server
over stdio or Streamable HTTP, driven by the official Python MCP client."""

import asyncio
import contextlib
import inspect
import os
import re
import subprocess
import tempfile
import time

import httpx2
import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

import upstream as upstream_mod


def server_bin(name):
    """Path of a generated server binary, built by the test script."""
    directory = os.environ.get("MCP_GEN_E2E_BIN_DIR")
    if not directory:
        pytest.fail("MCP_GEN_E2E_BIN_DIR is not set; run the tests through scripts/test-all")
    return os.path.join(directory, name)


@pytest.fixture(scope="session")
def upstream():
    server, recorder, base_url = upstream_mod.start()
    yield recorder, base_url
    server.shutdown()


@contextlib.asynccontextmanager
async def http_server(binary, args, env=None, transport="http"):
    """Starts `binary --transport http` (or `sse`) on a free port and yields
    its /mcp (or /sse) URL."""
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [binary, "--transport", transport, "--bind", "127.0.0.1:0", *args],
            stdout=subprocess.DEVNULL,
            stderr=log,
            env={**os.environ, **(env or {})},
        )
        try:
            url = None
            deadline = time.monotonic() + 20
            while url is None:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"server did not start: {log.read().decode(errors='replace')}")
                log.seek(0)
                found = re.search(rb"MCP endpoint: (http://\S+/(?:mcp|sse))", log.read())
                if found:
                    url = found.group(1).decode()
                else:
                    time.sleep(0.02)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@contextlib.asynccontextmanager
async def session(transport, binary, args, env=None, headers=None):
    """An initialized ClientSession with `binary`, over `transport`. `env`
    replaces the server's environment; `headers` go with every HTTP request."""
    if transport == "stdio":
        params = StdioServerParameters(command=binary, args=list(args), env=env)
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as s:
                s.init_result = await s.initialize()
                yield s
    else:
        async with http_server(binary, args, env) as url:
            client = httpx2.AsyncClient(headers=headers or {}, timeout=30)
            async with client, streamable_http_client(url, http_client=client) as (read, write):
                async with ClientSession(read, write) as s:
                    s.init_result = await s.initialize()
                    yield s


@pytest.fixture(params=["stdio", "http"])
def transport(request):
    return request.param


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Runs `async def` tests to completion on a fresh event loop."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None
