"""A test OAuth 2.1 authorization server on loopback: it serves its
Authorization Server Metadata (RFC 8414) and its JSON Web Key Set, and
signs access tokens (JWTs) with a test key for each asymmetric algorithm a
resource server accepts: RS256, RS512, PS256, ES256, ES384 and EdDSA. Keys
can be rotated: a new key is published while tokens signed with it are
made."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# A JWK's kty by the first letters of its alg.
TO_JWK = {"RS": RSAAlgorithm.to_jwk, "PS": RSAAlgorithm.to_jwk, "ES": ECAlgorithm.to_jwk,
          "Ed": OKPAlgorithm.to_jwk}


class Issuer:
    def __init__(self):
        self.keys = {
            "rsa-1": ("RS256", rsa_key()),
            "rsa-512": ("RS512", rsa_key()),
            "rsa-pss": ("PS256", rsa_key()),
            "ec-1": ("ES256", ec.generate_private_key(ec.SECP256R1())),
            "ec-384": ("ES384", ec.generate_private_key(ec.SECP384R1())),
            "ed-1": ("EdDSA", ed25519.Ed25519PrivateKey.generate()),
        }
        self.published = set(self.keys)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def rotate(self):
        """Publishes a new RSA key, `rsa-2`; returns its kid."""
        self.keys["rsa-2"] = ("RS256", rsa_key())
        self.published.add("rsa-2")
        return "rsa-2"

    def jwks(self):
        keys = []
        for kid in sorted(self.published):
            alg, key = self.keys[kid]
            jwk = json.loads(TO_JWK[alg[:2]](key.public_key()))
            keys.append({**jwk, "kid": kid, "alg": alg, "use": "sig"})
        return {"keys": keys}

    def token(self, audience, kid="rsa-1", scope="", issuer=None, expires_in=300, not_before=0,
              key=None, **claims):
        """A signed access token; `key` signs in place of the kid's own key."""
        alg, own = self.keys.get(kid, ("RS256", None))
        now = int(time.time())
        payload = {"iss": issuer or self.url, "aud": audience, "sub": "user-1", "iat": now,
                   "exp": now + expires_in, "nbf": now + not_before, "scope": scope, **claims}
        return jwt.encode(payload, key or own, algorithm=alg, headers={"kid": kid})

    def unsigned(self, audience):
        """A token with `alg: none`."""
        now = int(time.time())
        return jwt.encode({"iss": self.url, "aud": audience, "exp": now + 300}, None, algorithm="none")

    def _handler(issuer):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/.well-known/oauth-authorization-server":
                    body = {"issuer": issuer.url, "jwks_uri": f"{issuer.url}/jwks",
                            "token_endpoint": f"{issuer.url}/token"}
                elif self.path == "/jwks":
                    body = issuer.jwks()
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
