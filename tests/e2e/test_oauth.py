"""End-to-end: the HTTP transport as an OAuth 2.1 resource server, against
a test authorization server on loopback (tests/e2e/issuer.py) that serves
its metadata and keys and signs tokens. Each bad token is refused with 401
and a `WWW-Authenticate` challenge naming the Protected Resource Metadata;
a token without a tool's scopes gets 403 `insufficient_scope`; good
tokens of every asymmetric algorithm (RS256, RS512, PS256, ES256, ES384,
EdDSA), and after a key rotation, are accepted, the first by the official
Python client. specs/secured.yaml's `oauth_call` requires the
OAuth scope `things:read`."""

import asyncio
import os
import subprocess

import httpx2
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from conftest import http_server, server_bin, session
from issuer import Issuer

BIN = "secured"
AUDIENCE = "https://mcp.example/secured"
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {},
    "clientInfo": {"name": "test", "version": "1"}}}
CALL = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": "oauth_call", "arguments": {}}}
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def issuer():
    issuer = Issuer()
    yield issuer
    issuer.server.shutdown()


def flags(upstream, issuer, *more):
    _, url = upstream
    return ["--base-url", url.replace("/v1", "/secure"), "--get-as", "tools",
            "--oauth-issuer", issuer.url, "--oauth-audience", AUDIENCE, *more]


async def post(url, token, message=INITIALIZE):
    headers = {**HEADERS, **({"Authorization": f"Bearer {token}"} if token else {})}
    async with httpx2.AsyncClient(timeout=30) as client:
        return await client.post(url, json=message, headers=headers)


def test_metadata_is_published_outside_the_auth(upstream, issuer):
    async def main():
        async with http_server(server_bin(BIN), flags(upstream, issuer)) as url:
            base = url.removesuffix("/mcp")
            async with httpx2.AsyncClient(timeout=30) as client:
                suffixed = (await client.get(f"{base}/.well-known/oauth-protected-resource/mcp")).json()
                bare = (await client.get(f"{base}/.well-known/oauth-protected-resource")).json()
            return url, suffixed, bare

    url, suffixed, bare = asyncio.run(main())
    assert suffixed == bare == {
        "resource": url,
        "authorization_servers": [issuer.url],
        "scopes_supported": ["things:read"],
        "bearer_methods_supported": ["header"],
    }


def test_bad_tokens_are_refused_with_a_challenge(upstream, issuer):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    bad = {
        "missing": None,
        "expired": issuer.token(AUDIENCE, expires_in=-120),
        "not yet valid": issuer.token(AUDIENCE, not_before=600),
        "wrong audience": issuer.token("https://elsewhere.example"),
        "wrong issuer": issuer.token(AUDIENCE, issuer="https://evil.example"),
        "bad signature": issuer.token(AUDIENCE, key=other_key),
        "bad ES256 signature": issuer.token(AUDIENCE, kid="ec-1", key=ec.generate_private_key(ec.SECP256R1())),
        "bad EdDSA signature": issuer.token(AUDIENCE, kid="ed-1", key=ed25519.Ed25519PrivateKey.generate()),
        # Algorithm confusion: HS256 keyed with a string, under an RSA kid.
        "HS256": jwt.encode({"iss": issuer.url, "aud": AUDIENCE, "exp": 2**31}, "s" * 32,
                            algorithm="HS256", headers={"kid": "rsa-1"}),
        "unknown kid": issuer.token(AUDIENCE, kid="rsa-9", key=other_key),
        "alg none": issuer.unsigned(AUDIENCE),
        "garbage": "not.a.jwt",
    }

    async def main():
        async with http_server(server_bin(BIN), flags(upstream, issuer)) as url:
            answers = {name: await post(url, token) for name, token in bad.items()}
            good = await post(url, issuer.token(AUDIENCE))
            return url, answers, good

    url, answers, good = asyncio.run(main())
    metadata = url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp")
    for name, answer in answers.items():
        challenge = answer.headers.get("www-authenticate", "")
        assert answer.status_code == 401, name
        assert challenge.startswith(f'Bearer resource_metadata="{metadata}"'), (name, challenge)
        if name != "missing":
            assert 'error="invalid_token"' in challenge, (name, challenge)
    assert good.status_code == 200


def test_every_asymmetric_algorithm_is_accepted(upstream, issuer):
    async def main():
        async with http_server(server_bin(BIN), flags(upstream, issuer)) as url:
            return {kid: (await post(url, issuer.token(AUDIENCE, kid=kid))).status_code
                    for kid in issuer.keys}

    assert asyncio.run(main()) == {kid: 200 for kid in issuer.keys}


def test_good_tokens_work_with_the_python_client(upstream, issuer):
    async def calls(token):
        headers = {"Authorization": f"Bearer {token}"}
        async with session("http", server_bin(BIN), flags(upstream, issuer), headers=headers) as s:
            return {t.name for t in (await s.list_tools()).tools}

    assert "oauth_call" in asyncio.run(calls(issuer.token(AUDIENCE, kid="ec-1")))
    # The issuer rotates its keys: a token with the new key's kid makes the
    # server fetch the key set again, once.
    kid = issuer.rotate()
    assert "oauth_call" in asyncio.run(calls(issuer.token(AUDIENCE, kid=kid)))


def test_missing_scopes_are_403_and_can_hide_tools(upstream, issuer):
    async def main():
        async with http_server(server_bin(BIN), flags(upstream, issuer, "--stateless")) as url:
            without = await post(url, issuer.token(AUDIENCE, scope="other"), CALL)
            with_scope = await post(url, issuer.token(AUDIENCE, scope="other things:read"), CALL)
            return without, with_scope

    without, with_scope = asyncio.run(main())
    assert without.status_code == 403
    challenge = without.headers["www-authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="things:read"' in challenge
    assert with_scope.status_code == 200

    async def listed(scope, *more):
        headers = {"Authorization": f"Bearer {issuer.token(AUDIENCE, scope=scope)}"}
        async with session("http", server_bin(BIN), flags(upstream, issuer, *more), headers=headers) as s:
            return {t.name for t in (await s.list_tools()).tools}

    assert "oauth_call" in asyncio.run(listed(""))
    assert "oauth_call" not in asyncio.run(listed("", "--oauth-hide-unscoped"))
    assert "oauth_call" in asyncio.run(listed("things:read", "--oauth-hide-unscoped"))


def test_forwarding_the_client_token_is_refused_with_oauth(upstream, issuer):
    run = subprocess.run([server_bin(BIN), "--transport", "http", *flags(upstream, issuer),
                          "--forward-authorization"], capture_output=True, text=True, timeout=30,
                         env={**os.environ})
    assert run.returncode == 2
    assert "--forward-authorization cannot go with --oauth-issuer" in run.stderr
