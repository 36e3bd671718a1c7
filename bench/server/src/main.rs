//! Measures a generated MCP server (the bookshelf example) against a stub
//! upstream that answers instantly: cold start to the first `initialize`
//! response, idle memory, tool calls per second over 16 Streamable HTTP
//! sessions, and the median latency the server adds over calling the
//! upstream directly. Prints figures; asserts nothing.
//!
//! The client is a minimal one, written for speed: it initializes a
//! session, then posts prebuilt `tools/call` requests and reads each whole
//! answer, so the figures are the server's, not a client library's.
//!
//! Usage: mcp-gen-bench-server PATH/TO/bookshelf

use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const BOOK: &str = r#"{"id":"43","title":"Dune","author":"Frank Herbert","status":"available"}"#;
const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}"#;
const SESSIONS: usize = 16;
const LOAD_SECONDS: u64 = 5;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let server = std::env::args().nth(1).ok_or("usage: mcp-gen-bench-server SERVER_BINARY")?;
    let upstream = stub_upstream().await?;
    let base_url = format!("{upstream}/v1");

    let mut starts = Vec::new();
    for _ in 0..20 {
        starts.push(cold_start(&server, &base_url).await?);
    }
    starts.sort();
    println!("cold start to first initialize response: median {:.2} ms, min {:.2} ms (20 runs)",
        ms(starts[10]), ms(starts[0]));
    println!("idle RSS after initialize: {:.1} MiB", idle_rss_kib(&server, &base_url).await? as f64 / 1024.0);

    let (mut child, endpoint) = http_server(&server, &base_url).await?;
    let direct = direct_latency(&upstream).await?;
    let via = {
        let session = Session::open(&endpoint).await?;
        let mut samples = Vec::new();
        for _ in 0..200 {
            session.call().await?;
        }
        for _ in 0..2000 {
            let t = Instant::now();
            session.call().await?;
            samples.push(t.elapsed());
        }
        median(samples)
    };
    println!("p50 latency, one session: upstream direct {:.3} ms, through the server {:.3} ms, added {:.3} ms",
        ms(direct), ms(via), ms(via.saturating_sub(direct)));

    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let mut tasks = Vec::new();
    for _ in 0..SESSIONS {
        let endpoint = endpoint.clone();
        tasks.push(tokio::spawn(async move {
            let session = Session::open(&endpoint).await?;
            let (mut ok, mut failed) = (0u64, 0u64);
            while Instant::now() < deadline {
                match session.call().await {
                    Ok(()) => ok += 1,
                    Err(_) => failed += 1,
                }
            }
            Ok::<_, BoxError>((ok, failed))
        }));
    }
    let (mut ok, mut failed) = (0, 0);
    for task in tasks {
        let (o, f) = task.await??;
        ok += o;
        failed += f;
    }
    println!("throughput, {SESSIONS} sessions for {LOAD_SECONDS} s: {:.0} tool calls/s ({failed} failed)",
        ok as f64 / LOAD_SECONDS as f64);
    child.kill().await?;
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// One MCP session over Streamable HTTP, on its own connection.
struct Session {
    http: reqwest::Client,
    endpoint: String,
    id: String,
}

const CALL: &str = r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_book","arguments":{"body":{"title":"Dune","author":"Frank Herbert"}}}}"#;

impl Session {
    async fn open(endpoint: &str) -> Result<Session, BoxError> {
        let http = reqwest::Client::builder().tcp_nodelay(true).pool_max_idle_per_host(1).build()?;
        let response = http
            .post(endpoint)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(INITIALIZE)
            .send()
            .await?;
        let id = response
            .headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .ok_or("no session id")?
            .to_string();
        response.bytes().await?;
        let session = Session { http, endpoint: endpoint.to_string(), id };
        session
            .post(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
            .await?;
        Ok(session)
    }

    async fn post(&self, body: &'static str) -> Result<String, BoxError> {
        let response = self
            .http
            .post(&self.endpoint)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .header("mcp-session-id", &self.id)
            .header("mcp-protocol-version", "2025-06-18")
            .body(body)
            .send()
            .await?;
        Ok(String::from_utf8(response.bytes().await?.to_vec())?)
    }

    async fn call(&self) -> Result<(), BoxError> {
        let text = self.post(CALL).await?;
        if !text.contains("\"result\"") || text.contains("\"isError\":true") {
            return Err(format!("unexpected answer: {text}").into());
        }
        Ok(())
    }
}

/// An upstream that answers every request at once with a fixed book.
async fn stub_upstream() -> Result<String, BoxError> {
    let app = axum::Router::new().fallback(|| async {
        ([(axum::http::header::CONTENT_TYPE, "application/json")], BOOK)
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(format!("http://{address}"))
}

async fn direct_latency(upstream: &str) -> Result<Duration, BoxError> {
    let http = reqwest::Client::builder().tcp_nodelay(true).build()?;
    let url = format!("{upstream}/v1/books");
    let mut samples = Vec::new();
    for i in 0..2200 {
        let t = Instant::now();
        http.post(&url).body(BOOK).send().await?.bytes().await?;
        if i >= 200 {
            samples.push(t.elapsed());
        }
    }
    Ok(median(samples))
}

fn stdio_server(server: &str, base_url: &str) -> Result<Child, BoxError> {
    Ok(Command::new(server)
        .args(["--base-url", base_url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?)
}

/// From spawning the process to reading its `initialize` response.
async fn cold_start(server: &str, base_url: &str) -> Result<Duration, BoxError> {
    let t = Instant::now();
    let mut child = stdio_server(server, base_url)?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    stdin.write_all(format!("{INITIALIZE}\n").as_bytes()).await?;
    let mut lines = BufReader::new(child.stdout.take().ok_or("no stdout")?).lines();
    lines.next_line().await?.ok_or("no initialize response")?;
    let elapsed = t.elapsed();
    child.kill().await?;
    Ok(elapsed)
}

async fn idle_rss_kib(server: &str, base_url: &str) -> Result<u64, BoxError> {
    let mut child = stdio_server(server, base_url)?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    stdin.write_all(format!("{INITIALIZE}\n").as_bytes()).await?;
    stdin
        .write_all(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n")
        .await?;
    let mut lines = BufReader::new(child.stdout.take().ok_or("no stdout")?).lines();
    lines.next_line().await?.ok_or("no initialize response")?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let pid = child.id().ok_or("no pid")?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or("no VmRSS")?;
    child.kill().await?;
    Ok(kib)
}

/// Starts the server over HTTP; returns it and its endpoint.
async fn http_server(server: &str, base_url: &str) -> Result<(Child, String), BoxError> {
    let mut child = Command::new(server)
        .args(["--transport", "http", "--bind", "127.0.0.1:0", "--base-url", base_url])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env("RUST_LOG", "warn,bookshelf=info")
        .kill_on_drop(true)
        .spawn()?;
    let mut lines = BufReader::new(child.stderr.take().ok_or("no stderr")?).lines();
    while let Some(line) = lines.next_line().await? {
        if let Some(url) = line.split("MCP endpoint: ").nth(1) {
            let url = url.trim().to_string();
            // Keep draining stderr so the server never blocks on it.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok((child, url));
        }
    }
    Err("the server printed no endpoint".into())
}
