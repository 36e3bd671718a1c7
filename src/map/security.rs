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

/// The variables the server reads for its own settings, after
/// `<PREFIX>_` (`templates/main.rs.tera` names them; a test keeps the two
/// equal). No credential or server variable may take one of these names.
pub(super) const SETTINGS_ENV: &[&str] = &[
    "ALLOWED_HOSTS",
    "ALLOWED_ORIGINS",
    "BASE_URL",
    "EXCLUDE_TOOLS",
    "FORWARD_AUTHORIZATION",
    "GET_AS",
    "HEADER",
    "HEALTH",
    "JQ",
    "MAX_CONCURRENCY",
    "MAX_REQUEST_BYTES",
    "MAX_RESPONSE_BYTES",
    "MAX_RESULT_TOKENS",
    "MCP_TOKEN",
    "METRICS",
    "OAUTH_AUDIENCE",
    "OAUTH_HIDE_UNSCOPED",
    "OAUTH_ISSUER",
    "OAUTH_JWKS_URL",
    "OAUTH_RESOURCE",
    "OUTPUT_SCHEMAS",
    "READYZ_UPSTREAM",
    "READ_ONLY",
    "STATELESS",
    "TIMEOUT",
    "TOOLS",
    "TOOLSETS",
    "TOOL_MODE",
];

/// The schemes operations use, in spec order, and for each scheme of the
/// model its index among them. Every environment variable name is unique
/// across the server's settings, the server variables (`taken`) and the
/// credentials: a scheme whose names would collide gets a numeric suffix
/// (`<PREFIX>_MCP_2_TOKEN`), with a warning.
pub fn schemes(
    api: &Api,
    env_prefix: &str,
    server_vars: &[ServerVarView],
    warnings: &mut Vec<String>,
) -> (Vec<SchemeView>, Vec<Option<usize>>) {
    let mut uses = vec![0usize; api.security_schemes.len()];
    for op in &api.operations {
        let mut seen: Vec<usize> = op.security.iter().flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        for i in seen {
            uses[i] += 1;
        }
    }
    let mut taken: std::collections::HashSet<String> = SETTINGS_ENV
        .iter()
        .map(|name| format!("{env_prefix}_{name}"))
        .chain(server_vars.iter().map(|v| v.env.clone()))
        .collect();
    let mut views = Vec::new();
    let mut index = Vec::new();
    for (scheme, &operations) in api.security_schemes.iter().zip(&uses) {
        if operations == 0 {
            index.push(None);
            continue;
        }
        index.push(Some(views.len()));
        let wanted = format!("{env_prefix}_{}", scheme.key.to_shouty_snake_case());
        let mut base = wanted.clone();
        let mut scheme_view = view(scheme, &base, operations);
        let mut n = 1;
        while scheme_view.env.iter().any(|v| taken.contains(&v.name)) {
            n += 1;
            base = format!("{wanted}_{n}");
            scheme_view = view(scheme, &base, operations);
        }
        if n > 1 {
            let first = &scheme_view.env[0].name;
            warnings.push(format!(
                "the security scheme `{}` reads {first} and the like: its usual variable names are taken by the server's own settings or another scheme",
                scheme.key
            ));
        }
        taken.extend(scheme_view.env.iter().map(|v| v.name.clone()));
        views.push(scheme_view);
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
pub fn credentials_help(schemes: &[SchemeView], env_prefix: &str) -> String {
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
    text.push_str(&format!(
        "  {env_prefix}_HEADER_<NAME>: a header sent with every API request, `_` in NAME read as `-` ({env_prefix}_HEADER_X_API_VERSION=2 sends X-Api-Version: 2); for credentials the spec does not declare\n"
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::SETTINGS_ENV;

    #[test]
    fn the_settings_list_names_every_variable_the_server_reads_itself() {
        let main = include_str!("../../templates/main.rs.tera");
        let mut read: Vec<&str> = main
            .split("{{ env_prefix }}_")
            .skip(1)
            .map(|rest| {
                rest.split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
                    .next()
                    .unwrap()
                    // `HEADER_<NAME>` is a family of variables.
                    .trim_end_matches('_')
            })
            .collect();
        read.sort_unstable();
        read.dedup();
        assert_eq!(read, SETTINGS_ENV);
    }
}
