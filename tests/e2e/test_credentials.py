"""Credentials: every security scheme of specs/secured.yaml, sent only
where the spec requires it, read from the environment only, and never
shown to the model or written to the logs."""

import json
import os
import subprocess
import time

import pytest

import upstream as upstream_mod
from conftest import server_bin, session

BIN = "secured"
PREFIX = "SECURED"

SECRETS = {
    f"{PREFIX}_HEADER_KEY": "hk-123",
    f"{PREFIX}_QUERY_KEY": "qk-456",
    f"{PREFIX}_COOKIE_KEY": "ck-789",
    f"{PREFIX}_BEARER_TOKEN": "bt-abc",
    f"{PREFIX}_BASIC_USERNAME": "ada",
    f"{PREFIX}_BASIC_PASSWORD": "pa:ss",
    f"{PREFIX}_OAUTH_CLIENT_ID": upstream_mod.CLIENT_ID,
    f"{PREFIX}_OAUTH_CLIENT_SECRET": upstream_mod.CLIENT_SECRET,
    f"{PREFIX}_OIDC_TOKEN": "oidc-xyz",
}

BASIC = "Basic YWRhOnBhOnNz"  # ada:pa:ss


def origin(base_url):
    """`http://127.0.0.1:PORT` of the upstream."""
    return base_url.rsplit("/", 1)[0]


def args(base_url):
    # The spec's server is http://{host}:{port}/{version}: fill in the port.
    return ["--server-port", origin(base_url).rsplit(":", 1)[1]]


async def call(s, name, arguments=None):
    result = await s.call_tool(name, arguments or {})
    text = result.content[0].text if result.content else ""
    return result, (json.loads(text) if not result.is_error else text)


@pytest.fixture
def upstream_reset(upstream):
    recorder, base_url = upstream
    recorder.token_lifetime = 3600
    with recorder.lock:
        recorder.tokens.clear()
    return recorder, base_url


async def test_each_scheme_sends_its_credential_and_nothing_else(transport, upstream_reset):
    recorder, base_url = upstream_reset
    async with session(transport, server_bin(BIN), args(base_url), env=SECRETS) as s:
        _, got = await call(s, "header_key", {"note": "hi"})
        assert got["apiKey"] == "hk-123" and got["authorization"] is None
        assert got["path"] == "/secure/header-key" and got["query"] == "note=hi"

        _, got = await call(s, "query_key")
        assert got["query"] == "api_key=qk-456" and got["apiKey"] is None

        _, got = await call(s, "cookie_key")
        assert got["cookie"] == "session=ck-789"

        # No `security` on the operation: the document's default, bearer.
        _, got = await call(s, "bearer_call")
        assert got["authorization"] == "Bearer bt-abc"

        _, got = await call(s, "basic_call")
        assert got["authorization"] == BASIC

        _, got = await call(s, "oidc_call")
        assert got["authorization"] == "Bearer oidc-xyz"

        # Alternatives: the first whose credentials are all present.
        _, got = await call(s, "either_call")
        assert got["apiKey"] == "hk-123" and got["authorization"] is None

        # One requirement with two schemes sends both.
        _, got = await call(s, "both_call")
        assert got["apiKey"] == "hk-123" and got["authorization"] == BASIC

        # A parameter that is a declared API key, though the operation's
        # security leaves the scheme out, is filled from the environment.
        _, got = await call(s, "undeclared_key_call")
        assert got["apiKey"] == "hk-123" and got["authorization"] == "Bearer bt-abc"

        # `security: []` sends nothing.
        _, got = await call(s, "public_call")
        assert got["apiKey"] is None and got["authorization"] is None and got["cookie"] is None


async def test_credentials_are_not_arguments(upstream_reset):
    _, base_url = upstream_reset
    async with session("stdio", server_bin(BIN), args(base_url), env=SECRETS) as s:
        tools = {t.name: t for t in (await s.list_tools()).tools}
        # The spec declares X-API-Key as a header parameter too: it is hidden.
        assert set(tools["header_key"].input_schema.get("properties", {})) == {"note"}
        assert tools["undeclared_key_call"].input_schema.get("properties", {}) == {}
        for tool in tools.values():
            assert "api_key" not in json.dumps(tool.input_schema).lower().replace("x_api", "")
        # Passing it anyway is an unknown argument, refused before any request.
        result = await s.call_tool("header_key", {"X-API-Key": "from-the-model"})
        assert result.is_error and "X-API-Key" in result.content[0].text


async def test_missing_credentials_name_the_variable(upstream_reset):
    recorder, base_url = upstream_reset
    env = {k: v for k, v in SECRETS.items() if "BASIC" not in k and "HEADER" not in k}
    async with session("stdio", server_bin(BIN), args(base_url), env=env) as s:
        before = recorder.count()
        result, text = await call(s, "basic_call")
        assert result.is_error
        assert f"{PREFIX}_BASIC_USERNAME" in text and f"{PREFIX}_BASIC_PASSWORD" in text
        # With neither alternative available, the error names the first.
        result, text = await call(s, "either_call")
        assert result.is_error and f"{PREFIX}_HEADER_KEY" in text
        assert recorder.count() == before
        # Other operations still work.
        result, _ = await call(s, "bearer_call")
        assert not result.is_error


def test_startup_warns_about_missing_credentials_and_logs_no_secret(upstream):
    _, base_url = upstream
    env = {**os.environ, **SECRETS, "RUST_LOG": "trace"}
    del env[f"{PREFIX}_BEARER_TOKEN"]
    # stdin at EOF: the server starts, warns, and ends.
    done = subprocess.run([server_bin(BIN), *args(base_url)], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=30)
    stderr = done.stderr.decode()
    assert f"{PREFIX}_BEARER_TOKEN" in stderr and "bearer" in stderr
    for secret in SECRETS.values():
        if len(secret) > 6:
            assert secret not in stderr


def test_unset_credentials_are_one_warning_line_at_the_default_level(upstream):
    _, base_url = upstream
    env = {k: v for k, v in os.environ.items() if not k.startswith(PREFIX)}
    env.pop("RUST_LOG", None)
    done = subprocess.run([server_bin(BIN), *args(base_url)], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=30)
    lines = [l for l in done.stderr.decode().splitlines() if "credentials not set" in l]
    assert len(lines) == 1, done.stderr.decode()
    assert f"{PREFIX}_BEARER_TOKEN" in lines[0] and "WARN" in lines[0]
    assert "security scheme `" not in done.stderr.decode()


async def test_no_secret_reaches_the_logs_during_calls(upstream_reset, tmp_path):
    _, base_url = upstream_reset
    log = tmp_path / "stderr.log"
    # Everything at trace, but rmcp's dumps of whole messages: this echoing
    # upstream puts the credentials into its responses.
    env = {**SECRETS, "RUST_LOG": "trace,rmcp=info"}
    with open(log, "w") as errlog:
        from mcp import ClientSession, StdioServerParameters, stdio_client
        params = StdioServerParameters(command=server_bin(BIN), args=args(base_url), env=env)
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as s:
                await s.initialize()
                for name in ["header_key", "query_key", "cookie_key", "bearer_call", "basic_call",
                             "oauth_call", "oidc_call"]:
                    result = await s.call_tool(name, {})
                    assert not result.is_error, (name, result.content)
    text = log.read_text()
    assert "upstream request" in text  # trace logging really ran
    for secret in [*SECRETS.values(), "YWRhOnBhOnNz", "token-"]:
        assert secret not in text, secret


async def test_oauth_client_credentials_fetch_cache_and_refresh(upstream_reset):
    recorder, base_url = upstream_reset
    recorder.token_lifetime = 2
    async with session("stdio", server_bin(BIN), args(base_url), env=SECRETS) as s:
        issued = recorder.tokens_issued
        _, got = await call(s, "oauth_call")
        assert got["authorization"].startswith("Bearer token-")
        token_request = next(r for r in reversed(recorder.requests) if r["path"] == "/secure/oauth/token")
        assert b"scope=things%3Aread" in token_request["body"]
        # Cached: no new token for the second call.
        await call(s, "oauth_call")
        assert recorder.tokens_issued == issued + 1
        # Expired: fetched anew.
        time.sleep(2.2)
        result, got = await call(s, "oauth_call")
        assert not result.is_error and recorder.tokens_issued == issued + 2
        # Revoked upstream: the 401 makes the server fetch a new token and retry.
        with recorder.lock:
            recorder.tokens.clear()
        recorder.token_lifetime = 3600
        result, got = await call(s, "oauth_call")
        assert not result.is_error, got
        assert recorder.tokens_issued == issued + 3


async def test_oauth_wrong_client_secret_is_an_error_result(upstream_reset):
    _, base_url = upstream_reset
    env = {**SECRETS, f"{PREFIX}_OAUTH_CLIENT_SECRET": "wrong"}
    async with session("stdio", server_bin(BIN), args(base_url), env=env) as s:
        result, text = await call(s, "oauth_call")
        assert result.is_error and "OAuth2 token" in text and "401" in text
        assert "wrong" not in text
        result, _ = await call(s, "bearer_call")
        assert not result.is_error


async def test_forwarding_the_client_token_is_opt_in(upstream_reset):
    _, base_url = upstream_reset
    headers = {"Authorization": "Bearer user-token"}
    async with session("http", server_bin(BIN), args(base_url), env=SECRETS, headers=headers) as s:
        _, got = await call(s, "bearer_call")
        assert got["authorization"] == "Bearer bt-abc"
    async with session("http", server_bin(BIN), [*args(base_url), "--forward-authorization"],
                       env=SECRETS, headers=headers) as s:
        _, got = await call(s, "bearer_call")
        assert got["authorization"] == "Bearer user-token"
        # API keys still come from the server's environment.
        _, got = await call(s, "header_key")
        assert got["apiKey"] == "hk-123" and got["authorization"] == "Bearer user-token"


async def test_server_variables_and_operation_servers(upstream_reset):
    _, base_url = upstream_reset
    async with session("stdio", server_bin(BIN), args(base_url), env=SECRETS) as s:
        # The operation's own server (port 9, nothing listens) wins over the default...
        result, text = await call(s, "elsewhere_call")
        assert result.is_error and "127.0.0.1:9/elsewhere" in text
    # ...but not over --base-url.
    async with session("stdio", server_bin(BIN), ["--base-url", origin(base_url) + "/secure"],
                       env=SECRETS) as s:
        _, got = await call(s, "elsewhere_call")
        assert got["path"] == "/secure/elsewhere"
    # An enum variable only takes its listed values.
    done = subprocess.run([server_bin(BIN), "--server-version", "v9"], capture_output=True, timeout=30)
    assert done.returncode == 2 and b"possible values: secure, insecure" in done.stderr
