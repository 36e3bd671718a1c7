//! Credentials from the environment, as a real upstream receives them, and
//! OAuth2 client-credentials tokens: fetched once, cached, renewed after a
//! 401.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::{client, json_answer, ok_upstream, upstream};
use mcp_gen_runtime::auth::{KeyIn, Scheme, SchemeDef};
use mcp_gen_runtime::runtime::{CallError, Request};
use reqwest::Method;

/// Sets a variable for this test process. Each test uses names of its own,
/// so tests running in parallel never read each other's.
fn set(name: &str, value: &str) {
    // SAFETY: no test reads or writes a variable another test sets, and
    // nothing else in the process reads the environment concurrently.
    unsafe { std::env::set_var(name, value) };
}

#[tokio::test]
async fn api_keys_bearer_and_basic_reach_the_upstream() {
    static SCHEMES: &[SchemeDef] = &[
        SchemeDef {
            key: "header_key",
            scheme: Scheme::ApiKey {
                location: KeyIn::Header,
                name: "X-Api-Key",
                env: "T1_HEADER_KEY",
            },
        },
        SchemeDef {
            key: "query_key",
            scheme: Scheme::ApiKey {
                location: KeyIn::Query,
                name: "key",
                env: "T1_QUERY_KEY",
            },
        },
        SchemeDef {
            key: "cookie_key",
            scheme: Scheme::ApiKey {
                location: KeyIn::Cookie,
                name: "sid",
                env: "T1_COOKIE_KEY",
            },
        },
        SchemeDef {
            key: "bearer",
            scheme: Scheme::Bearer { env: "T1_TOKEN" },
        },
        SchemeDef {
            key: "basic",
            scheme: Scheme::Basic {
                username_env: "T1_USER",
                password_env: "T1_PASSWORD",
            },
        },
    ];
    for (name, value) in [
        ("T1_HEADER_KEY", "h"),
        ("T1_QUERY_KEY", "q&x"),
        ("T1_COOKIE_KEY", "c c"),
        ("T1_TOKEN", "tok"),
        ("T1_USER", "ann"),
        ("T1_PASSWORD", "pw"),
    ] {
        set(name, value);
    }
    let recorder = ok_upstream().await;
    let upstream = client(&recorder.origin, SCHEMES);
    upstream
        .send(Request::new(Method::GET, "op", &[&[0, 1, 2, 3]]))
        .await
        .unwrap();
    let sent = recorder.last();
    assert_eq!(sent.header("x-api-key"), Some("h"));
    assert_eq!(sent.query(), "key=q%26x");
    assert_eq!(sent.header("cookie"), Some("sid=c%20c"));
    assert_eq!(sent.header("authorization"), Some("Bearer tok"));
    upstream
        .send(Request::new(Method::GET, "op", &[&[4]]))
        .await
        .unwrap();
    // "ann:pw" in base64 (RFC 7617).
    assert_eq!(
        recorder.last().header("authorization"),
        Some("Basic YW5uOnB3")
    );
}

#[tokio::test]
async fn the_first_satisfiable_alternative_is_used_and_a_missing_one_is_named() {
    static SCHEMES: &[SchemeDef] = &[
        SchemeDef {
            key: "unset",
            scheme: Scheme::Bearer {
                env: "T2_UNSET_TOKEN",
            },
        },
        SchemeDef {
            key: "set",
            scheme: Scheme::Bearer { env: "T2_TOKEN" },
        },
    ];
    set("T2_TOKEN", "present");
    let recorder = ok_upstream().await;
    let upstream = client(&recorder.origin, SCHEMES);
    upstream
        .send(Request::new(Method::GET, "op", &[&[0], &[1]]))
        .await
        .unwrap();
    assert_eq!(
        recorder.last().header("authorization"),
        Some("Bearer present")
    );
    match upstream
        .send(Request::new(Method::GET, "op", &[&[0]]))
        .await
    {
        Err(CallError::Credentials(message)) => {
            assert!(message.contains("T2_UNSET_TOKEN"), "{message}")
        }
        other => panic!(
            "expected a credentials error, got {:?}",
            other.map(|r| r.status)
        ),
    }
    assert_eq!(
        recorder.all().len(),
        1,
        "nothing is sent without the credential"
    );
}

#[tokio::test]
async fn client_credentials_tokens_are_cached_and_renewed_after_a_401() {
    static SCHEMES: &[SchemeDef] = &[SchemeDef {
        key: "oauth",
        scheme: Scheme::ClientCredentials {
            client_id_env: "T3_CLIENT_ID",
            client_secret_env: "T3_CLIENT_SECRET",
            token_url_env: "T3_TOKEN_URL",
            token_url: "/oauth/token",
            scopes: "read write",
        },
    }];
    set("T3_CLIENT_ID", "id");
    set("T3_CLIENT_SECRET", "secret");
    static TOKENS: AtomicUsize = AtomicUsize::new(0);
    let recorder = upstream(|sent, _| {
        if sent.target == "/oauth/token" {
            let n = TOKENS.fetch_add(1, Ordering::SeqCst);
            return json_answer(
                200,
                &format!(r#"{{"access_token":"t{n}","expires_in":3600}}"#),
            );
        }
        // The API refuses the first token, as after a revocation.
        match sent.header("authorization") {
            Some("Bearer t0") => json_answer(401, "{}"),
            _ => json_answer(200, "{}"),
        }
    })
    .await;
    let upstream = client(&recorder.origin, SCHEMES);
    for _ in 0..3 {
        let response = upstream
            .send(Request::new(Method::GET, "op", &[&[0]]))
            .await
            .unwrap();
        assert_eq!(response.status.as_u16(), 200);
    }
    let sent = recorder.all();
    let token_requests: Vec<_> = sent.iter().filter(|r| r.target == "/oauth/token").collect();
    // One token, refused once, then one more that is cached for the rest.
    assert_eq!(token_requests.len(), 2);
    let token_request = token_requests[0];
    assert_eq!(token_request.method, "POST");
    assert_eq!(
        token_request.header("authorization"),
        Some("Basic aWQ6c2VjcmV0")
    );
    assert_eq!(
        String::from_utf8_lossy(&token_request.body),
        "grant_type=client_credentials&scope=read+write"
    );
    let api: Vec<_> = sent
        .iter()
        .filter(|r| r.target == "/")
        .map(|r| r.header("authorization").unwrap().to_string())
        .collect();
    assert_eq!(api, ["Bearer t0", "Bearer t1", "Bearer t1", "Bearer t1"]);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_a_credentials_error() {
    static SCHEMES: &[SchemeDef] = &[SchemeDef {
        key: "oauth",
        scheme: Scheme::ClientCredentials {
            client_id_env: "T4_CLIENT_ID",
            client_secret_env: "T4_CLIENT_SECRET",
            token_url_env: "T4_TOKEN_URL",
            token_url: "https://unused.invalid/token",
            scopes: "",
        },
    }];
    set("T4_CLIENT_ID", "id");
    set("T4_CLIENT_SECRET", "wrong");
    let recorder = upstream(|_, _| json_answer(400, r#"{"error":"invalid_client"}"#)).await;
    // The variable overrides the spec's token URL.
    set("T4_TOKEN_URL", &format!("{}/token", recorder.origin));
    let failed = client(&recorder.origin, SCHEMES)
        .send(Request::new(Method::GET, "op", &[&[0]]))
        .await;
    match failed {
        Err(CallError::Credentials(message)) => {
            assert!(
                message.contains("HTTP 400") && message.contains("invalid_client"),
                "{message}"
            );
            assert!(!message.contains("wrong"), "the secret leaked: {message}");
        }
        other => panic!(
            "expected a credentials error, got {:?}",
            other.map(|r| r.status)
        ),
    }
    assert_eq!(recorder.all().len(), 1, "only the token endpoint was asked");
}
