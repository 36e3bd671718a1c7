//! The HTTP transport as an OAuth 2.1 resource server, as the MCP
//! authorization spec asks: it accepts only access tokens its authorization
//! server issued for it (JWTs checked against the issuer's published keys),
//! publishes its Protected Resource Metadata (RFC 9728), and challenges with
//! `WWW-Authenticate` (RFC 6750 §3). mcp-gen copies this file into every
//! crate it generates, unchanged, from the `mcp-gen-runtime` crate where it
//! is tested.
//!
//! Such a token was issued for this server, not for the API behind it, so
//! it is never passed on upstream (the server refuses
//! `--forward-authorization` with it).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use tokio::sync::RwLock;

mod jws;

/// The asymmetric algorithms a token may be signed with: an authorization
/// server publishes public keys, so a shared-secret (`HS*`) or unsigned
/// (`none`) token can only be a forgery.
const ALGORITHMS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// Clock skew allowed on `exp` and `nbf`, in seconds.
const LEEWAY: u64 = 30;

/// The shortest time between two fetches of the key set for unknown
/// `kid`s, so forged `kid`s cannot make the server hammer the issuer.
const REFETCH_AFTER: Duration = Duration::from_secs(10);

/// How the resource server is set up (`--oauth-issuer` and friends).
#[derive(Debug, Clone)]
pub struct OAuthConfig {
    /// The authorization server's issuer identifier (`iss`).
    pub issuer: String,
    /// The audience tokens must carry (`aud`): this server's URL unless
    /// `--oauth-audience` says otherwise.
    pub audience: String,
    /// The JWKS URL; found from the issuer's metadata when absent.
    pub jwks_url: Option<String>,
    /// This server's resource identifier: the URL of its MCP endpoint.
    pub resource: String,
    /// The scopes the API's spec declares, for the metadata.
    pub scopes_supported: Vec<String>,
}

/// Why a request is refused; each maps to a status and a challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No bearer token: 401 with the metadata URL only.
    Missing,
    /// A token that is not valid here (expired, wrong audience or issuer,
    /// bad signature, unknown key, wrong algorithm): 401 `invalid_token`.
    Invalid(String),
    /// A valid token without the scopes the call needs: 403
    /// `insufficient_scope`, naming them.
    InsufficientScope(Vec<String>),
}

/// What a valid token grants.
#[derive(Debug, Clone, Default)]
pub struct Grant {
    /// The token's subject (`sub`).
    pub subject: Option<String>,
    /// Its scopes (`scope`, space-separated, or `scp`).
    pub scopes: HashSet<String>,
}

impl Grant {
    /// The scopes of `required` this grant lacks.
    pub fn missing(&self, required: &[&str]) -> Vec<String> {
        required
            .iter()
            .filter(|s| !self.scopes.contains(**s))
            .map(|s| s.to_string())
            .collect()
    }
}

/// The resource server: its settings and the issuer's keys, cached.
#[derive(Debug)]
pub struct ResourceServer {
    config: OAuthConfig,
    jwks_url: String,
    http: reqwest::Client,
    /// The issuer's keys, and when an unknown `kid` last made the server
    /// fetch them again.
    keys: RwLock<(JwkSet, Option<Instant>)>,
}

impl ResourceServer {
    /// Finds the issuer's JWKS URL (unless given) from its Authorization
    /// Server Metadata (RFC 8414 §3), or else its OpenID Provider
    /// configuration, and fetches the keys.
    ///
    /// # Errors
    ///
    /// The issuer's metadata or keys cannot be fetched or read.
    pub async fn start(config: OAuthConfig, http: reqwest::Client) -> Result<Self, String> {
        jws::install();
        let jwks_url = match &config.jwks_url {
            Some(url) => url.clone(),
            None => discover_jwks(&http, &config.issuer).await?,
        };
        let server = ResourceServer {
            config,
            jwks_url,
            http,
            keys: RwLock::new((JwkSet { keys: Vec::new() }, None)),
        };
        let keys = server.fetch().await?;
        *server.keys.write().await = (keys, None);
        Ok(server)
    }

    async fn fetch(&self) -> Result<JwkSet, String> {
        let keys: JwkSet = self
            .http
            .get(&self.jwks_url)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| format!("cannot fetch the keys from {}: {e}", self.jwks_url))?
            .bytes()
            .await
            .map_err(|e| format!("cannot fetch the keys from {}: {e}", self.jwks_url))
            .and_then(|body| {
                serde_json::from_slice(&body)
                    .map_err(|e| format!("{} is not a JSON Web Key Set: {e}", self.jwks_url))
            })?;
        Ok(keys)
    }

    /// The key with `kid`, fetching the key set again once when it is
    /// unknown (the issuer rotated its keys).
    async fn key(&self, kid: Option<&str>) -> Result<DecodingKey, Refusal> {
        let find = |set: &JwkSet| match kid {
            Some(kid) => set.find(kid).cloned(),
            None if set.keys.len() == 1 => set.keys.first().cloned(),
            None => None,
        };
        let (found, fetched) = {
            let keys = self.keys.read().await;
            (find(&keys.0), keys.1)
        };
        let jwk = match found {
            Some(jwk) => jwk,
            None => {
                if fetched.is_none_or(|at| at.elapsed() >= REFETCH_AFTER) {
                    let keys = self
                        .fetch()
                        .await
                        .map_err(|e| Refusal::Invalid(format!("unknown key, and {e}")))?;
                    *self.keys.write().await = (keys, Some(Instant::now()));
                }
                find(&self.keys.read().await.0)
                    .ok_or_else(|| Refusal::Invalid("the token's key (`kid`) is not the issuer's".into()))?
            }
        };
        DecodingKey::from_jwk(&jwk).map_err(|e| Refusal::Invalid(format!("the issuer's key is unusable: {e}")))
    }

    /// Checks a bearer token: its signature with the issuer's key, an
    /// asymmetric algorithm, `iss`, `aud`, `exp` and `nbf` (with a
    /// [`LEEWAY`]).
    ///
    /// # Errors
    ///
    /// [`Refusal::Invalid`], saying what is wrong.
    pub async fn check(&self, token: &str) -> Result<Grant, Refusal> {
        let invalid = |e: jsonwebtoken::errors::Error| Refusal::Invalid(e.to_string());
        let header = jsonwebtoken::decode_header(token).map_err(invalid)?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(Refusal::Invalid(format!("tokens signed with {:?} are not accepted", header.alg)));
        }
        let key = self.key(header.kid.as_deref()).await?;
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&self.config.issuer]);
        validation.set_audience(&[&self.config.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY;
        let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map_err(invalid)?
            .claims;
        let scopes = match (claims.get("scope"), claims.get("scp")) {
            (Some(Value::String(s)), _) => s.split_whitespace().map(str::to_string).collect(),
            (_, Some(Value::Array(items))) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            (_, Some(Value::String(s))) => s.split_whitespace().map(str::to_string).collect(),
            _ => HashSet::new(),
        };
        Ok(Grant {
            subject: claims.get("sub").and_then(Value::as_str).map(str::to_string),
            scopes,
        })
    }

    /// The URL of this server's Protected Resource Metadata: the
    /// well-known path inserted before the resource's path (RFC 9728 §3.1).
    pub fn metadata_url(&self) -> String {
        well_known(&self.config.resource, "oauth-protected-resource")
    }

    /// The Protected Resource Metadata document (RFC 9728 §2).
    pub fn metadata(&self) -> Value {
        json!({
            "resource": self.config.resource,
            "authorization_servers": [self.config.issuer],
            "scopes_supported": self.config.scopes_supported,
            "bearer_methods_supported": ["header"],
        })
    }

    /// The `WWW-Authenticate` value for a refusal (RFC 6750 §3, RFC 9728
    /// §5.1).
    pub fn challenge(&self, refusal: &Refusal) -> String {
        let metadata = format!(r#"Bearer resource_metadata="{}""#, self.metadata_url());
        match refusal {
            Refusal::Missing => metadata,
            Refusal::Invalid(why) => format!(
                r#"{metadata}, error="invalid_token", error_description="{}""#,
                why.replace(['"', '\\'], "'")
            ),
            Refusal::InsufficientScope(scopes) => format!(
                r#"{metadata}, error="insufficient_scope", scope="{}""#,
                scopes.join(" ")
            ),
        }
    }
}

/// `url` with `/.well-known/<name>` inserted between its authority and its
/// path (RFC 8414 §3.1, RFC 9728 §3.1): `https://a.example/tenant` gives
/// `https://a.example/.well-known/<name>/tenant`.
pub fn well_known(url: &str, name: &str) -> String {
    let url = url.trim_end_matches('/');
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    if path.is_empty() {
        format!("{scheme}://{authority}/.well-known/{name}")
    } else {
        format!("{scheme}://{authority}/.well-known/{name}/{path}")
    }
}

/// The issuer's `jwks_uri`, from its RFC 8414 metadata, then its OpenID
/// Connect discovery document (path appended, as OpenID Connect Discovery
/// §4 has it).
async fn discover_jwks(http: &reqwest::Client, issuer: &str) -> Result<String, String> {
    let candidates = [
        well_known(issuer, "oauth-authorization-server"),
        format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/')),
    ];
    let mut tried = Vec::new();
    for url in candidates {
        let document = http
            .get(&url)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status);
        match document {
            Ok(response) => match response
                .bytes()
                .await
                .map_err(|e| e.to_string())
                .and_then(|body| serde_json::from_slice::<Value>(&body).map_err(|e| e.to_string()))
            {
                Ok(document) => {
                    if let Some(jwks) = document.get("jwks_uri").and_then(Value::as_str) {
                        return Ok(jwks.to_string());
                    }
                    tried.push(format!("{url} has no `jwks_uri`"));
                }
                Err(e) => tried.push(format!("{url} is not JSON ({e})")),
            },
            Err(e) => tried.push(format!("{url}: {e}")),
        }
    }
    Err(format!(
        "cannot find the issuer's keys: {}; pass --oauth-jwks-url",
        tried.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_urls_go_before_the_path() {
        assert_eq!(well_known("https://a.example", "x"), "https://a.example/.well-known/x");
        assert_eq!(well_known("https://a.example/", "x"), "https://a.example/.well-known/x");
        assert_eq!(well_known("http://h:8/mcp", "x"), "http://h:8/.well-known/x/mcp");
    }

    #[test]
    fn grants_name_the_missing_scopes() {
        let grant = Grant { subject: None, scopes: ["read".to_string()].into() };
        assert_eq!(grant.missing(&["read", "write"]), vec!["write".to_string()]);
        assert!(grant.missing(&["read"]).is_empty());
    }
}
