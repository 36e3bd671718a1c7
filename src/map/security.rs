//! Credentials and servers as the generated server's user sees them: the
//! environment variables and flags that supply them.
//!
//! Secrets only ever come from the environment. A flag would show them in
//! `ps` and shell history, and a tool argument would show them to the model.

use heck::{ToKebabCase, ToShoutySnakeCase};
use serde::Serialize;

use crate::model::names::{Namer, snake_ident};
use crate::model::security::{Scheme, SchemeKind};
use crate::model::{Api, ParamLocation, Server};

/// A security scheme some operation uses, with where its secrets come from.
#[derive(Debug, Serialize)]
pub struct SchemeView {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    pub kind: SchemeKindView,
    /// For API keys: where the key goes, and the parameter name.
    pub location: Option<KeyIn>,
    pub param_name: String,
    /// The environment variables, in the order the runtime reads them.
    pub env: Vec<EnvVar>,
    /// For client credentials: the token endpoint and the scopes asked for.
    pub token_url: String,
    pub scopes: String,
    pub description: String,
    /// How many operations accept this scheme.
    pub operations: usize,
}

/// How a scheme sends its credential; the runtime's `auth::Scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemeKindView {
    ApiKey,
    Bearer,
    Basic,
    ClientCredentials,
}

/// Where an API key goes; printed as the runtime's `auth::KeyIn` variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum KeyIn {
    Header,
    Query,
    Cookie,
}

#[derive(Debug, Serialize)]
pub struct EnvVar {
    pub name: String,
    /// What it holds, for `--help` and the README.
    pub holds: String,
    /// Whether the scheme works without it.
    pub optional: bool,
}

/// A variable of the default server URL, offered as a flag.
#[derive(Debug, Serialize)]
pub struct ServerVarView {
    pub name: String,
    /// `{name}`, as it appears in the URL.
    pub placeholder: String,
    /// The field of the command-line struct.
    pub field: String,
    /// The long flag, without dashes.
    pub flag: String,
    pub env: String,
    pub default: String,
    pub choices: Vec<String>,
    pub description: String,
}

/// The schemes operations use, in spec order, and for each scheme of the
/// model its index among them.
pub fn schemes(api: &Api, env_prefix: &str) -> (Vec<SchemeView>, Vec<Option<usize>>) {
    let mut uses = vec![0usize; api.security_schemes.len()];
    for op in &api.operations {
        let mut seen: Vec<usize> = op.security.iter().flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        for i in seen {
            uses[i] += 1;
        }
    }
    let mut names = Namer::default();
    names.reserve(&format!("{env_prefix}_BASE_URL"));
    names.reserve(&format!("{env_prefix}_TIMEOUT"));
    let mut views = Vec::new();
    let mut index = Vec::new();
    for (scheme, &operations) in api.security_schemes.iter().zip(&uses) {
        if operations == 0 {
            index.push(None);
            continue;
        }
        index.push(Some(views.len()));
        let base = names.claim(
            &format!("{env_prefix}_{}", scheme.key.to_shouty_snake_case()),
            "_",
        );
        views.push(view(scheme, &base, operations));
    }
    (views, index)
}

fn view(scheme: &Scheme, base: &str, operations: usize) -> SchemeView {
    let var = |suffix: &str, holds: &str, optional: bool| EnvVar {
        name: format!("{base}{suffix}"),
        holds: holds.to_string(),
        optional,
    };
    let mut view = SchemeView {
        key: scheme.key.clone(),
        kind: match &scheme.kind {
            SchemeKind::ApiKey { .. } => SchemeKindView::ApiKey,
            SchemeKind::Bearer => SchemeKindView::Bearer,
            SchemeKind::Basic => SchemeKindView::Basic,
            SchemeKind::ClientCredentials { .. } => SchemeKindView::ClientCredentials,
        },
        location: None,
        param_name: String::new(),
        env: Vec::new(),
        token_url: String::new(),
        scopes: String::new(),
        description: scheme
            .description
            .as_deref()
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
        operations,
    };
    match &scheme.kind {
        SchemeKind::ApiKey { location, name } => {
            view.location = Some(match location {
                ParamLocation::Query => KeyIn::Query,
                ParamLocation::Cookie => KeyIn::Cookie,
                _ => KeyIn::Header,
            });
            view.param_name = name.clone();
            let holds = format!(
                "the API key, sent as the {} `{name}`",
                match location {
                    ParamLocation::Query => "query parameter",
                    ParamLocation::Cookie => "cookie",
                    _ => "header",
                }
            );
            view.env.push(var("", &holds, false));
        }
        SchemeKind::Bearer => {
            view.env.push(var(
                "_TOKEN",
                "the token, sent as `Authorization: Bearer`",
                false,
            ));
        }
        SchemeKind::Basic => {
            view.env
                .push(var("_USERNAME", "the username for HTTP basic auth", false));
            view.env
                .push(var("_PASSWORD", "the password for HTTP basic auth", false));
        }
        SchemeKind::ClientCredentials { token_url, scopes } => {
            view.token_url = token_url.clone();
            view.scopes = scopes.join(" ");
            view.env
                .push(var("_CLIENT_ID", "the OAuth2 client ID", false));
            view.env
                .push(var("_CLIENT_SECRET", "the OAuth2 client secret", false));
            view.env.push(var(
                "_TOKEN_URL",
                &format!("the token endpoint, instead of `{token_url}`"),
                true,
            ));
        }
    }
    view
}

/// The flags and variables of the default server's URL variables.
pub fn server_vars(server: Option<&Server>, env_prefix: &str) -> Vec<ServerVarView> {
    let Some(server) = server else {
        return Vec::new();
    };
    let mut fields = Namer::default();
    for reserved in [
        "transport",
        "bind",
        "base_url",
        "timeout",
        "forward_authorization",
    ] {
        fields.reserve(reserved);
    }
    server
        .variables
        .iter()
        .filter(|v| server.url.contains(&format!("{{{}}}", v.name)))
        .map(|v| {
            let field = fields.claim(&format!("server_{}", snake_ident(&v.name, "var")), "_");
            ServerVarView {
                name: v.name.clone(),
                placeholder: format!("{{{}}}", v.name),
                flag: field.to_kebab_case(),
                env: format!("{env_prefix}_{}", field.to_shouty_snake_case()),
                field,
                default: v.default.clone(),
                choices: v.choices.clone(),
                description: v
                    .description
                    .as_deref()
                    .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_else(|| format!("The `{}` variable of the server URL.", v.name)),
            }
        })
        .collect()
}

/// The `--help` text that lists every credential variable.
pub fn credentials_help(schemes: &[SchemeView]) -> String {
    if schemes.is_empty() {
        return String::new();
    }
    let mut text =
        String::from("Credentials are read from the environment only, and never logged:\n");
    for scheme in schemes {
        for var in &scheme.env {
            text.push_str(&format!(
                "  {}{}: {} (scheme `{}`)\n",
                var.name,
                if var.optional { " (optional)" } else { "" },
                var.holds,
                scheme.key
            ));
        }
    }
    text
}
