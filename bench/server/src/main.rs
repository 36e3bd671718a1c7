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
//!        mcp-gen-bench-server compare PATH/TO/bookshelf PYTHON LAUNCHER SPEC
//!
//! `compare` drives the generated server and FastMCP (its OpenAPI mapping of
//! the same spec, started by LAUNCHER with PYTHON) with this same client,
//! against the same stub, at 1, 4 and 16 sessions: calls per second, p50
//! and p99 latency, and the ratio.

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("compare") {
        let [_, server, python, launcher, spec] = args.as_slice() else {
            return Err("usage: mcp-gen-bench-server compare BOOKSHELF PYTHON LAUNCHER SPEC".into());
        };
        return compare(server, python, launcher, spec).await;
    }
    let server = args.first().cloned().ok_or("usage: mcp-gen-bench-server SERVER_BINARY")?;
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
        let session = Session::open(&endpoint, CALL).await?;
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
            let session = Session::open(&endpoint, CALL).await?;
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
    /// The `tools/call` request this session repeats.
    call: &'static str,
}

const CALL: &str = r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_book","arguments":{"body":{"title":"Dune","author":"Frank Herbert"}}}}"#;

impl Session {
    async fn open(endpoint: &str, call: &'static str) -> Result<Session, BoxError> {
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
        let session = Session { http, endpoint: endpoint.to_string(), id, call };
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
        let text = self.post(self.call).await?;
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

/// FastMCP's tool for `createBook`: its name is the operationId, and the
/// body's fields are arguments of their own.
const FASTMCP_CALL: &str = r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"createBook","arguments":{"title":"Dune","author":"Frank Herbert"}}}"#;

/// Calls per second, p50 and p99 of `sessions` sessions calling for
/// [`LOAD_SECONDS`].
async fn load(endpoint: &str, call: &'static str, sessions: usize) -> Result<(f64, Duration, Duration, u64), BoxError> {
    // Warm up the server (and a Python server's imports) first.
    let warm = Session::open(endpoint, call).await?;
    for _ in 0..200 {
        warm.call().await?;
    }
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let mut tasks = Vec::new();
    for _ in 0..sessions {
        let endpoint = endpoint.to_string();
        tasks.push(tokio::spawn(async move {
            let session = Session::open(&endpoint, call).await?;
            let (mut samples, mut failed) = (Vec::new(), 0u64);
            while Instant::now() < deadline {
                let t = Instant::now();
                match session.call().await {
                    Ok(()) => samples.push(t.elapsed()),
                    Err(_) => failed += 1,
                }
            }
            Ok::<_, BoxError>((samples, failed))
        }));
    }
    let (mut samples, mut failed) = (Vec::new(), 0);
    for task in tasks {
        let (s, f) = task.await??;
        samples.extend(s);
        failed += f;
    }
    samples.sort();
    let at = |q: f64| samples.get(((samples.len() as f64 * q) as usize).min(samples.len().saturating_sub(1))).copied().unwrap_or_default();
    Ok((samples.len() as f64 / LOAD_SECONDS as f64, at(0.5), at(0.99), failed))
}

/// Waits until `endpoint` answers an `initialize`.
async fn ready(endpoint: &str, call: &'static str) -> Result<(), BoxError> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match Session::open(endpoint, call).await {
            Ok(_) => return Ok(()),
            Err(e) if Instant::now() > deadline => return Err(format!("{endpoint} never answered: {e}").into()),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// The generated server and FastMCP, side by side.
async fn compare(server: &str, python: &str, launcher: &str, spec: &str) -> Result<(), BoxError> {
    let upstream = stub_upstream().await?;
    let base_url = format!("{upstream}/v1");
    let (mut ours, ours_endpoint) = http_server(server, &base_url).await?;
    let mut fastmcp = Command::new(python)
        .args([launcher, spec, &base_url])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let mut lines = BufReader::new(fastmcp.stderr.take().ok_or("no stderr")?).lines();
    let mut fastmcp_endpoint = None;
    while let Some(line) = lines.next_line().await? {
        if let Some(url) = line.split("MCP endpoint: ").nth(1) {
            fastmcp_endpoint = Some(url.trim().to_string());
            break;
        }
    }
    let fastmcp_endpoint = fastmcp_endpoint.ok_or("FastMCP printed no endpoint")?;
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    ready(&fastmcp_endpoint, FASTMCP_CALL).await?;
    println!("| sessions | server | calls/s | p50 ms | p99 ms | failed |");
    println!("|---:|---|---:|---:|---:|---:|");
    let mut ratios = Vec::new();
    for sessions in [1, 4, 16] {
        let (a, a50, a99, af) = load(&ours_endpoint, CALL, sessions).await?;
        let (b, b50, b99, bf) = load(&fastmcp_endpoint, FASTMCP_CALL, sessions).await?;
        println!("| {sessions} | mcp-gen | {a:.0} | {:.2} | {:.2} | {af} |", ms(a50), ms(a99));
        println!("| {sessions} | FastMCP | {b:.0} | {:.2} | {:.2} | {bf} |", ms(b50), ms(b99));
        ratios.push((sessions, a / b.max(f64::MIN_POSITIVE)));
    }
    for (sessions, ratio) in ratios {
        println!("mcp-gen / FastMCP at {sessions} sessions: {ratio:.1}x calls/s");
    }
    ours.kill().await?;
    fastmcp.kill().await?;
    Ok(())
}
