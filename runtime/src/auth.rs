//! Credentials: read from the environment at startup, chosen per operation
//! from its security requirements, and added to each upstream request.
//! mcp-gen copies this file into every crate it generates, unchanged, from
//! the `mcp-gen-runtime` crate where it is tested.
//!
//! Secrets never appear in tool schemas, arguments, logs or error messages:
//! they are held as [`Secret`]s, whose `Debug` hides them, and header values
//! built from them are marked sensitive.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, HeaderValue};

use crate::runtime::CallError;

/// Where an API key goes.
#[derive(Debug, Clone, Copy)]
pub enum KeyIn {
    /// A request header of the key's name.
    Header,
    /// A query parameter of the key's name.
    Query,
    /// A cookie of the key's name.
    Cookie,
}

/// How a security scheme sends its credential, and the variables it is read from.
#[derive(Debug)]
pub enum Scheme {
    /// OpenAPI `type: apiKey`: the value of `env`, sent as `name` in `location`.
    ApiKey {
        /// Where the key goes (`in`).
        location: KeyIn,
        /// The header, query parameter or cookie name.
        name: &'static str,
        /// The environment variable holding the key.
        env: &'static str,
    },
    /// HTTP `bearer` (RFC 6750), and OpenID Connect with a token at hand:
    /// `Authorization: Bearer <value of env>`.
    Bearer {
        /// The environment variable holding the token.
        env: &'static str,
    },
    /// HTTP `basic` (RFC 7617).
    Basic {
        /// The environment variable holding the user name.
        username_env: &'static str,
        /// The environment variable holding the password.
        password_env: &'static str,
    },
    /// OAuth2 client credentials (RFC 6749, section 4.4): a token fetched
    /// from the token endpoint and cached until shortly before it expires.
    ClientCredentials {
        /// The environment variable holding the client id.
        client_id_env: &'static str,
        /// The environment variable holding the client secret.
        client_secret_env: &'static str,
        /// The environment variable that overrides the token URL.
        token_url_env: &'static str,
        /// The spec's `tokenUrl`, possibly relative to the base URL.
        token_url: &'static str,
        /// The scopes to ask for, space-separated (RFC 6749, section 3.3).
        scopes: &'static str,
    },
}

/// A scheme of the spec's `components.securitySchemes`.
#[derive(Debug)]
pub struct SchemeDef {
    /// The scheme's name in `components.securitySchemes`.
    pub key: &'static str,
    /// How it sends its credential.
    pub scheme: Scheme,
}

/// A secret from the environment. `Debug` does not show it.
#[derive(Clone)]
pub struct Secret(Arc<str>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    fn from_env(name: &str) -> Option<Secret> {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .map(|v| Secret(v.into()))
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// One scheme's credential, or the variables that would supply it.
#[derive(Debug)]
enum Slot {
    Missing(Vec<&'static str>),
    Key(KeyIn, &'static str, Secret),
    Authorization(HeaderValue),
    Token(Arc<TokenSource>),
}

/// A credential resolved for one request.
pub enum Credential {
    /// A header and its (sensitive) value.
    Header(&'static str, HeaderValue),
    /// A query parameter and its value.
    Query(&'static str, Secret),
    /// A cookie and its value.
    Cookie(&'static str, Secret),
    /// An OAuth2 token, which a 401 may invalidate.
    Token(Arc<TokenSource>, HeaderValue),
}

/// The credentials the server holds, one slot per scheme, in the order of
/// the crate's `SCHEMES`.
#[derive(Debug)]
pub struct Credentials {
    defs: &'static [SchemeDef],
    slots: Vec<Slot>,
    forward_authorization: bool,
}

fn sensitive(text: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(text).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl Credentials {
    /// Reads every scheme's variables. A relative token URL is resolved
    /// against `base_url`.
    pub fn from_env(
        defs: &'static [SchemeDef],
        base_url: &str,
        http: &crate::runtime::HttpClient,
        forward_authorization: bool,
    ) -> Credentials {
        let slots = defs
            .iter()
            .map(|def| match &def.scheme {
                Scheme::ApiKey {
                    location,
                    name,
                    env,
                } => match Secret::from_env(env) {
                    Some(secret) => Slot::Key(*location, name, secret),
                    None => Slot::Missing(vec![env]),
                },
                Scheme::Bearer { env } => {
                    match Secret::from_env(env)
                        .and_then(|t| sensitive(&format!("Bearer {}", t.expose())))
                    {
                        Some(value) => Slot::Authorization(value),
                        None => Slot::Missing(vec![env]),
                    }
                }
                Scheme::Basic {
                    username_env,
                    password_env,
                } => match (
                    Secret::from_env(username_env),
                    Secret::from_env(password_env),
                ) {
                    (Some(user), Some(password)) => {
                        use base64::Engine as _;
                        let pair = format!("{}:{}", user.expose(), password.expose());
                        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                        match sensitive(&format!("Basic {encoded}")) {
                            Some(value) => Slot::Authorization(value),
                            None => Slot::Missing(vec![username_env, password_env]),
                        }
                    }
                    _ => Slot::Missing(vec![username_env, password_env]),
                },
                Scheme::ClientCredentials {
                    client_id_env,
                    client_secret_env,
                    token_url_env,
                    token_url,
                    scopes,
                } => match (
                    Secret::from_env(client_id_env),
                    Secret::from_env(client_secret_env),
                ) {
                    (Some(client_id), Some(client_secret)) => {
                        let url = std::env::var(token_url_env)
                            .ok()
                            .filter(|u| !u.is_empty())
                            .unwrap_or_else(|| token_url.to_string());
                        let url = if url.contains("://") {
                            url
                        } else {
                            format!(
                                "{}/{}",
                                base_url.trim_end_matches('/'),
                                url.trim_start_matches('/')
                            )
                        };
                        Slot::Token(Arc::new(TokenSource {
                            http: http.clone(),
                            url,
                            client_id,
                            client_secret,
                            scopes,
                            cache: tokio::sync::Mutex::new(None),
                        }))
                    }
                    _ => Slot::Missing(vec![client_id_env, client_secret_env]),
                },
            })
            .collect();
        Credentials {
            defs,
            slots,
            forward_authorization,
        }
    }

    /// Logs one warning that lists every variable not set, and the scheme
    /// each belongs to at debug level: an API with many schemes would
    /// otherwise print a line per scheme on every start.
    pub fn warn_missing(&self) {
        let mut unset = Vec::new();
        for (def, slot) in self.defs.iter().zip(&self.slots) {
            if let Slot::Missing(vars) = slot {
                tracing::debug!(
                    "no credential for security scheme `{}`: set {}; operations that require it will fail",
                    def.key,
                    vars.join(" and ")
                );
                unset.extend(vars.iter().copied());
            }
        }
        if !unset.is_empty() {
            let missing = self
                .slots
                .iter()
                .filter(|s| matches!(s, Slot::Missing(_)))
                .count();
            tracing::warn!(
                "credentials not set for {missing} of {} security schemes: {}; operations that need them will fail (RUST_LOG=debug names the schemes)",
                self.slots.len(),
                unset.join(", ")
            );
        }
    }

    /// The credentials for an operation: the first alternative whose
    /// credentials are all present, or an error naming what to set. No
    /// alternatives means the operation sends none.
    pub async fn resolve(&self, alternatives: &[&[usize]]) -> Result<Vec<Credential>, CallError> {
        let forwarded = self.forwarded();
        let usable = |i: usize| {
            !matches!(self.slots[i], Slot::Missing(_))
                || (forwarded.is_some() && !matches!(self.defs[i].scheme, Scheme::ApiKey { .. }))
        };
        let Some(chosen) = alternatives
            .iter()
            .find(|alt| alt.iter().all(|&i| usable(i)))
        else {
            return match alternatives.first() {
                None => Ok(forwarded
                    .map(|v| vec![Credential::Header("authorization", v)])
                    .unwrap_or_default()),
                Some(first) => {
                    let vars: Vec<&str> = first
                        .iter()
                        .filter_map(|&i| match &self.slots[i] {
                            Slot::Missing(vars) => Some(vars.as_slice()),
                            _ => None,
                        })
                        .flatten()
                        .copied()
                        .collect();
                    Err(CallError::Credentials(format!(
                        "this operation needs credentials the server does not have: set {} in the server's environment",
                        vars.join(" and ")
                    )))
                }
            };
        };
        let mut credentials = Vec::new();
        if let Some(value) = &forwarded {
            credentials.push(Credential::Header("authorization", value.clone()));
        }
        for &i in chosen.iter() {
            match &self.slots[i] {
                Slot::Key(KeyIn::Header, name, secret) => {
                    if let Some(value) = sensitive(secret.expose()) {
                        credentials.push(Credential::Header(name, value));
                    }
                }
                Slot::Key(KeyIn::Query, name, secret) => {
                    credentials.push(Credential::Query(name, secret.clone()))
                }
                Slot::Key(KeyIn::Cookie, name, secret) => {
                    credentials.push(Credential::Cookie(name, secret.clone()))
                }
                _ if forwarded.is_some() => {}
                Slot::Authorization(value) => {
                    credentials.push(Credential::Header("authorization", value.clone()))
                }
                Slot::Token(source) => {
                    let value = source.token().await?;
                    credentials.push(Credential::Token(source.clone(), value));
                }
                Slot::Missing(_) => {}
            }
        }
        Ok(credentials)
    }

    fn forwarded(&self) -> Option<HeaderValue> {
        if !self.forward_authorization {
            return None;
        }
        FORWARDED.try_with(|v| v.clone()).ok().flatten()
    }
}

tokio::task_local! {
    /// The MCP client's own `Authorization` header, while its call runs.
    static FORWARDED: Option<HeaderValue>;
}

/// Runs `call` with the MCP client's `Authorization` header available for
/// forwarding; it is only sent upstream when the server was started with
/// `--forward-authorization`.
pub async fn with_client_authorization<F: Future>(
    extensions: &rmcp::model::Extensions,
    call: F,
) -> F::Output {
    let value = extensions
        .get::<axum::http::request::Parts>()
        .and_then(|parts| parts.headers.get(AUTHORIZATION))
        .map(|v| {
            let mut v = v.clone();
            v.set_sensitive(true);
            v
        });
    FORWARDED.scope(value, call).await
}

/// Fetches OAuth2 client-credentials tokens and caches each until shortly
/// before it expires.
#[derive(Debug)]
pub struct TokenSource {
    http: crate::runtime::HttpClient,
    url: String,
    client_id: Secret,
    client_secret: Secret,
    scopes: &'static str,
    cache: tokio::sync::Mutex<Option<(HeaderValue, Option<Instant>)>>,
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
}

impl TokenSource {
    /// A valid token, fetched when none is cached or the cached one expires.
    pub async fn token(&self) -> Result<HeaderValue, CallError> {
        let mut cache = self.cache.lock().await;
        if let Some((value, expires)) = cache.as_ref()
            && expires.is_none_or(|at| Instant::now() < at)
        {
            return Ok(value.clone());
        }
        let (value, expires) = self.fetch().await?;
        *cache = Some((value.clone(), expires));
        Ok(value)
    }

    /// Forgets `rejected`, after the API refused it, unless another call
    /// has already replaced it.
    pub async fn invalidate(&self, rejected: &HeaderValue) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|(value, _)| value == rejected) {
            *cache = None;
        }
    }

    async fn fetch(&self) -> Result<(HeaderValue, Option<Instant>), CallError> {
        let fail = |why: String| {
            CallError::Credentials(format!(
                "cannot get an OAuth2 token from {}: {why}",
                self.url
            ))
        };
        let mut form = vec![("grant_type", "client_credentials")];
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes));
        }
        let response = self
            .http
            .client()?
            .post(&self.url)
            .basic_auth(self.client_id.expose(), Some(self.client_secret.expose()))
            .form(&form)
            .send()
            .await
            .map_err(|e| fail(crate::runtime::describe(&e)))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| fail(crate::runtime::describe(&e)))?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body[..body.len().min(500)]).into_owned();
            return Err(fail(format!("HTTP {status}: {text}")));
        }
        let token: TokenResponse = serde_json::from_slice(&body)
            .map_err(|e| fail(format!("not a token response: {e}")))?;
        let value = sensitive(&format!("Bearer {}", token.access_token))
            .ok_or_else(|| fail("the token is not a valid header value".into()))?;
        // Renew a little early, so a token does not expire in flight.
        let expires = token.expires_in.map(|secs| {
            let margin = (secs / 10).min(30);
            Instant::now() + Duration::from_secs(secs - margin)
        });
        Ok((value, expires))
    }
}
