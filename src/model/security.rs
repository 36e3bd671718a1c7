//! Security schemes and each operation's requirements, resolved to indices.
//!
//! The model keeps only what the generated server needs to send a
//! credential: where it goes and what kind it is. Where the credential
//! comes from (environment variables) is the map stage's concern.

use openapiv3::{APIKeyLocation, OpenAPI, SecurityRequirement};

use super::ParamLocation;

/// A scheme from `components.securitySchemes` that some operation uses.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
    /// An OAuth2 or OpenID Connect scheme: its scopes are OAuth scopes.
    pub oauth: bool,
    /// The scopes its OAuth2 flows declare, sorted and unique.
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key sent as the named header, query parameter or cookie.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// `Authorization: Bearer`: HTTP bearer, and the OAuth2 flows and OpenID
    /// Connect, whose tokens the user obtains and supplies.
    Bearer,
    /// `Authorization: Basic` from a username and password.
    Basic,
    /// OAuth2 client credentials: the server fetches and refreshes the token.
    ClientCredentials {
        token_url: String,
        /// The scopes the operations ask for, sorted and unique.
        scopes: Vec<String>,
    },
}

impl SchemeKind {
    /// Whether the credential travels in the `Authorization` header.
    pub fn uses_authorization(&self) -> bool {
        !matches!(self, SchemeKind::ApiKey { .. })
    }
}

/// The schemes in use and a resolver for requirements.
#[derive(Debug, Default)]
pub struct Schemes {
    pub all: Vec<Scheme>,
    /// The document's default requirements, resolved.
    default: Vec<Vec<usize>>,
    /// The document's default requirements, as written.
    default_written: Vec<SecurityRequirement>,
}

impl Schemes {
    /// Reads the schemes and the document-level requirements. Schemes that
    /// cannot be sent (HTTP digest, mutual TLS, a reference) are left out,
    /// so requirements on them are never satisfiable and such alternatives
    /// are dropped.
    ///
    /// `added` are the config's schemes (`security_schemes` in
    /// `mcp-gen.toml`); one with a spec scheme's key replaces it.
    pub fn new(
        spec: &OpenAPI,
        added: &std::collections::BTreeMap<String, openapiv3::SecurityScheme>,
    ) -> Self {
        let mut all: Vec<Scheme> = Vec::new();
        let declared = spec
            .components
            .iter()
            .flat_map(|c| &c.security_schemes)
            .filter_map(|(key, scheme)| Some((key, scheme.as_item()?)))
            .filter(|(key, _)| !added.contains_key(*key));
        for (key, scheme) in declared.chain(added) {
            if let Some((kind, description)) = kind_of(scheme) {
                let (oauth, scopes) = match scheme {
                    openapiv3::SecurityScheme::OAuth2 { flows, .. } => {
                        let mut scopes: Vec<String> = [
                            flows.implicit.as_ref().map(|f| &f.scopes),
                            flows.password.as_ref().map(|f| &f.scopes),
                            flows.client_credentials.as_ref().map(|f| &f.scopes),
                            flows.authorization_code.as_ref().map(|f| &f.scopes),
                        ]
                        .into_iter()
                        .flatten()
                        .flat_map(|s| s.keys().cloned())
                        .collect();
                        scopes.sort();
                        scopes.dedup();
                        (true, scopes)
                    }
                    openapiv3::SecurityScheme::OpenIDConnect { .. } => (true, Vec::new()),
                    _ => (false, Vec::new()),
                };
                all.push(Scheme {
                    key: key.clone(),
                    kind,
                    description,
                    oauth,
                    scopes,
                });
            }
        }
        let mut schemes = Schemes {
            all,
            default: Vec::new(),
            default_written: spec.security.clone().unwrap_or_default(),
        };
        schemes.default = match &spec.security {
            Some(reqs) => schemes.resolve_all(reqs),
            None => Vec::new(),
        };
        schemes
    }

    /// An operation's alternatives: each is a set of schemes that must all
    /// be sent. Empty means the operation sends no credentials; an empty
    /// alternative means anonymous access is allowed.
    pub fn resolve(&mut self, security: Option<&Vec<SecurityRequirement>>) -> Vec<Vec<usize>> {
        match security {
            None => self.default.clone(),
            Some(reqs) => self.resolve_all(reqs),
        }
    }

    /// The OAuth scopes an operation with `security` (the document's when
    /// `None`) requires: those its first sendable requirement asks of
    /// OAuth2 and OpenID Connect schemes; none when a requirement allows
    /// anonymous access.
    pub fn oauth_scopes(&self, security: Option<&Vec<SecurityRequirement>>) -> Vec<String> {
        let reqs = security.unwrap_or(&self.default_written);
        if reqs.iter().any(|req| req.is_empty()) {
            return Vec::new();
        }
        let sendable = |req: &&SecurityRequirement| {
            req.keys().all(|key| self.all.iter().any(|s| &s.key == key))
        };
        let Some(req) = reqs.iter().find(sendable) else {
            return Vec::new();
        };
        let mut scopes: Vec<String> = req
            .iter()
            .filter(|(key, _)| self.all.iter().any(|s| &s.key == *key && s.oauth))
            .flat_map(|(_, scopes)| scopes.iter().cloned())
            .collect();
        scopes.sort();
        scopes.dedup();
        scopes
    }

    fn resolve_all(&mut self, reqs: &[SecurityRequirement]) -> Vec<Vec<usize>> {
        let mut alternatives = Vec::new();
        'alternatives: for req in reqs {
            let mut alternative = Vec::new();
            for (key, scopes) in req {
                let Some(index) = self.all.iter().position(|s| &s.key == key) else {
                    continue 'alternatives;
                };
                if let SchemeKind::ClientCredentials { scopes: wanted, .. } =
                    &mut self.all[index].kind
                {
                    wanted.extend(scopes.iter().cloned());
                    wanted.sort();
                    wanted.dedup();
                }
                alternative.push(index);
            }
            alternatives.push(alternative);
        }
        // Only unsendable schemes were named: nothing can be sent.
        if !reqs.is_empty() && alternatives.is_empty() {
            return Vec::new();
        }
        alternatives
    }

    /// The alternatives of a config `[[security]]` rule: all its schemes
    /// together, or with `optional` also none. `Err` names a scheme that
    /// neither the spec nor the config declares, or that cannot be sent.
    pub fn resolve_rule(
        &mut self,
        schemes: &[String],
        optional: bool,
    ) -> Result<Vec<Vec<usize>>, String> {
        if let Some(unknown) = schemes
            .iter()
            .find(|k| !self.all.iter().any(|s| &s.key == *k))
        {
            return Err(unknown.clone());
        }
        let requirement: SecurityRequirement =
            schemes.iter().map(|k| (k.clone(), Vec::new())).collect();
        let mut alternatives = self.resolve_all(&[requirement]);
        if optional {
            alternatives.push(Vec::new());
        }
        Ok(alternatives)
    }

    /// The API-key scheme a parameter is, by its location and name, whether
    /// or not the operation's `security` names it: petstore's `delete_pet`
    /// takes an `api_key` header that its requirement leaves out.
    pub fn api_key_of(&self, location: ParamLocation, name: &str) -> Option<usize> {
        self.all.iter().position(|scheme| {
            matches!(&scheme.kind, SchemeKind::ApiKey { location: l, name: n }
                if *l == location
                    && if location == ParamLocation::Header { n.eq_ignore_ascii_case(name) } else { n == name })
        })
    }

    /// Whether a parameter carries a credential of one of the schemes, so it
    /// must not reach the model: `Authorization` for HTTP and OAuth schemes,
    /// the key's own header, query parameter or cookie for API keys.
    pub fn carries_credential(
        &self,
        alternatives: &[Vec<usize>],
        location: ParamLocation,
        name: &str,
    ) -> bool {
        alternatives
            .iter()
            .flatten()
            .any(|&i| match &self.all[i].kind {
                SchemeKind::ApiKey {
                    location: key_location,
                    name: key_name,
                } => {
                    *key_location == location
                        && if location == ParamLocation::Header {
                            key_name.eq_ignore_ascii_case(name)
                        } else {
                            key_name == name
                        }
                }
                _ => {
                    location == ParamLocation::Header && name.eq_ignore_ascii_case("authorization")
                }
            })
    }
}

fn kind_of(scheme: &openapiv3::SecurityScheme) -> Option<(SchemeKind, Option<String>)> {
    use openapiv3::SecurityScheme as S;
    Some(match scheme {
        S::APIKey {
            location,
            name,
            description,
            ..
        } => (
            SchemeKind::ApiKey {
                location: match location {
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
                name: name.clone(),
            },
            description.clone(),
        ),
        S::HTTP {
            scheme,
            description,
            ..
        } => match scheme.to_ascii_lowercase().as_str() {
            "bearer" => (SchemeKind::Bearer, description.clone()),
            "basic" => (SchemeKind::Basic, description.clone()),
            _ => return None,
        },
        S::OAuth2 {
            flows, description, ..
        } => match &flows.client_credentials {
            Some(flow) => (
                SchemeKind::ClientCredentials {
                    token_url: flow.token_url.clone(),
                    scopes: Vec::new(),
                },
                description.clone(),
            ),
            None => (SchemeKind::Bearer, description.clone()),
        },
        S::OpenIDConnect { description, .. } => (SchemeKind::Bearer, description.clone()),
    })
}
