//! A real HTTP upstream on loopback that records every request and answers
//! as each test tells it, and an `Upstream` pointed at it.

#![allow(dead_code)] // Each test file uses a part of this module.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use mcp_gen_runtime::auth::SchemeDef;
use mcp_gen_runtime::runtime::{Hooks, Settings, Upstream};

/// One request as the upstream received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The path and query, as sent (still percent-encoded).
    pub target: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }
}

/// What the upstream answers: status, headers and body.
pub type Answer = (u16, Vec<(&'static str, String)>, Vec<u8>);

type Responder = dyn Fn(&Recorded, usize) -> Answer + Send + Sync;

/// The upstream: its base URL and what it has received.
pub struct Recorder {
    pub origin: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Recorder {
    pub fn all(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn last(&self) -> Recorded {
        self.all().pop().expect("the upstream received no request")
    }
}

/// Starts an upstream that answers each request with `respond(request, n)`,
/// `n` counting the requests from 0.
pub async fn upstream(
    respond: impl Fn(&Recorded, usize) -> Answer + Send + Sync + 'static,
) -> Recorder {
    let requests: Arc<Mutex<Vec<Recorded>>> = Arc::default();
    let respond: Arc<Responder> = Arc::new(respond);
    let seen = requests.clone();
    let app = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let seen = seen.clone();
            let respond = respond.clone();
            async move {
                let recorded = Recorded {
                    method: method.to_string(),
                    target: uri.to_string(),
                    headers,
                    body: body.to_vec(),
                };
                let n = {
                    let mut seen = seen.lock().unwrap();
                    seen.push(recorded.clone());
                    seen.len() - 1
                };
                let (status, headers, body) = respond(&recorded, n);
                let mut response: Response =
                    (StatusCode::from_u16(status).unwrap(), body).into_response();
                for (name, value) in headers {
                    response.headers_mut().insert(name, value.parse().unwrap());
                }
                response
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Recorder { origin, requests }
}

/// An upstream that answers every request with 200 and `{}`.
pub async fn ok_upstream() -> Recorder {
    upstream(|_, _| json_answer(200, "{}")).await
}

pub fn json_answer(status: u16, body: &str) -> Answer {
    (
        status,
        vec![("content-type", "application/json".into())],
        body.as_bytes().to_vec(),
    )
}

/// Settings for `base_url` with small limits and no hooks.
pub fn settings(base_url: &str) -> Settings {
    Settings {
        base_url: base_url.to_string(),
        base_url_chosen: false,
        timeout: Duration::from_secs(5),
        max_response_bytes: 64,
        max_concurrency: 4,
        forward_authorization: false,
        extra_headers: Default::default(),
        hooks: Hooks::NONE,
    }
}

/// An `Upstream` for `base_url` with `schemes`.
pub fn client(base_url: &str, schemes: &'static [SchemeDef]) -> Upstream {
    Upstream::new(settings(base_url), schemes).expect("a valid base URL")
}
