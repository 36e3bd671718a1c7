//! Requests as a real upstream receives them: every parameter style, with
//! and without explode, percent-encoding, bodies, and the limits on what
//! a call may do.

mod common;

use std::collections::BTreeMap;

use common::{client, json_answer, ok_upstream, settings, upstream};
use mcp_gen_runtime::runtime::{
    BodyDef, CallError, Encoding, Hooks, Location, Operation, Param, Part, Request, Segment,
    Settings, Style, Upstream, extra_headers,
};
use reqwest::Method;
use serde_json::json;

fn get(path: &str) -> Request {
    let mut request = Request::new(Method::GET, "op", &[]);
    request.push_path(path);
    request
}

/// The path and query that reach the upstream for one path parameter.
async fn sent_path(value: serde_json::Value, style: Style, explode: bool) -> String {
    let recorder = ok_upstream().await;
    let mut request = get("/items/");
    request.path_param("id", value, style, explode).unwrap();
    client(&recorder.origin, &[]).send(request).await.unwrap();
    recorder.last().target
}

/// The query string that reaches the upstream for one query parameter.
async fn sent_query(value: serde_json::Value, style: Style, explode: bool) -> String {
    let recorder = ok_upstream().await;
    let mut request = get("/items");
    request.query("q", value, style, explode).unwrap();
    client(&recorder.origin, &[]).send(request).await.unwrap();
    recorder.last().query().to_string()
}

#[tokio::test]
async fn a_path_parameter_fills_exactly_one_segment() {
    assert_eq!(
        sent_path(json!("a b/../c?d#e%"), Style::Simple, false).await,
        "/items/a%20b%2F..%2Fc%3Fd%23e%25"
    );
    assert_eq!(
        sent_path(json!("ü-_.~"), Style::Simple, false).await,
        "/items/%C3%BC-_.~"
    );
    let mut request = get("/items/");
    for dots in [".", ".."] {
        let refused = request.path_param("id", json!(dots), Style::Simple, false);
        assert!(matches!(refused, Err(CallError::Argument { .. })), "{dots}");
    }
    assert!(request.path_param("id", json!(""), Style::Simple, false).is_err());
}

#[tokio::test]
async fn path_styles_follow_openapi_with_and_without_explode() {
    let list = json!(["a", "b"]);
    let object = json!({"x": 1, "y": "z"});
    let cases = [
        (list.clone(), Style::Simple, false, "/items/a,b"),
        (list.clone(), Style::Simple, true, "/items/a,b"),
        (object.clone(), Style::Simple, false, "/items/x,1,y,z"),
        (object.clone(), Style::Simple, true, "/items/x%3D1,y%3Dz"),
        (list.clone(), Style::Label, false, "/items/.a,b"),
        (list.clone(), Style::Label, true, "/items/.a.b"),
        (list.clone(), Style::Matrix, false, "/items/;id=a,b"),
        (list.clone(), Style::Matrix, true, "/items/;id=a;id=b"),
        (json!(5), Style::Matrix, false, "/items/;id=5"),
        // Swagger 2.0's collection formats, which OpenAPI 3 has no path
        // style for.
        (list.clone(), Style::SpaceDelimited, false, "/items/a%20b"),
        (list.clone(), Style::PipeDelimited, false, "/items/a%7Cb"),
        (list.clone(), Style::TabDelimited, false, "/items/a%09b"),
        (
            object.clone(),
            Style::Json,
            false,
            "/items/%7B%22x%22%3A1%2C%22y%22%3A%22z%22%7D",
        ),
    ];
    for (value, style, explode, expected) in cases {
        assert_eq!(
            sent_path(value.clone(), style, explode).await,
            expected,
            "{value} {style:?} {explode}"
        );
    }
}

#[tokio::test]
async fn query_styles_follow_openapi_with_and_without_explode() {
    let list = json!(["a b", "c"]);
    let cases = [
        (json!("x&y=z"), Style::Form, true, "q=x%26y%3Dz"),
        (list.clone(), Style::Form, true, "q=a%20b&q=c"),
        (list.clone(), Style::Form, false, "q=a%20b%2Cc"),
        (list.clone(), Style::SpaceDelimited, false, "q=a%20b%20c"),
        (list.clone(), Style::PipeDelimited, false, "q=a%20b%7Cc"),
        (list.clone(), Style::TabDelimited, false, "q=a%20b%09c"),
        (
            json!({"kind": "t-shirt"}),
            Style::Json,
            false,
            "q=%7B%22kind%22%3A%22t-shirt%22%7D",
        ),
        (json!([1, 2]), Style::Json, false, "q=%5B1%2C2%5D"),
        // Object keys are in alphabetical order, whichever order serde_json
        // keeps (its `preserve_order` feature is on in this workspace).
        (
            json!({"n": 2, "role": "admin"}),
            Style::Form,
            true,
            "n=2&role=admin",
        ),
        (
            json!({"n": 2, "role": "admin"}),
            Style::Form,
            false,
            "q=n%2C2%2Crole%2Cadmin",
        ),
        (
            json!({"n": 2, "role": "admin"}),
            Style::DeepObject,
            true,
            "q%5Bn%5D=2&q%5Brole%5D=admin",
        ),
        (json!(null), Style::Form, true, ""),
        (json!(true), Style::Form, true, "q=true"),
    ];
    for (value, style, explode, expected) in cases {
        assert_eq!(
            sent_query(value.clone(), style, explode).await,
            expected,
            "{value} {style:?} {explode}"
        );
    }
}

#[tokio::test]
async fn headers_and_cookies_are_sent_and_cannot_inject() {
    let recorder = ok_upstream().await;
    let mut request = get("/x");
    let simple = Style::Simple;
    request
        .header("X-Trace", json!(["a", "b"]), simple)
        .unwrap();
    request.header("X-Absent", json!(null), simple).unwrap();
    request
        .header("X-Pipes", json!(["a", "b"]), Style::PipeDelimited)
        .unwrap();
    request
        .header("X-Tabs", json!(["a", "b"]), Style::TabDelimited)
        .unwrap();
    request
        .header("X-Filter", json!({"a": [1]}), Style::Json)
        .unwrap();
    request.cookie("session", json!("a b;c"), Style::Form).unwrap();
    request
        .cookie("prefs", json!({"dark": true}), Style::Json)
        .unwrap();
    assert!(
        request
            .header("X-Evil", json!("a\r\nHost: elsewhere"), simple)
            .is_err()
    );
    assert!(request.header("bad name", json!("v"), simple).is_err());
    client(&recorder.origin, &[]).send(request).await.unwrap();
    let sent = recorder.last();
    assert_eq!(sent.header("x-trace"), Some("a,b"));
    assert_eq!(sent.header("x-pipes"), Some("a|b"));
    assert_eq!(sent.header("x-tabs"), Some("a\tb"));
    assert_eq!(sent.header("x-filter"), Some(r#"{"a":[1]}"#));
    assert_eq!(sent.header("x-absent"), None);
    assert_eq!(
        sent.header("cookie"),
        Some("session=a%20b%3Bc; prefs=%7B%22dark%22%3Atrue%7D")
    );
}

#[tokio::test]
async fn extra_headers_from_the_environment_go_with_every_request() {
    // SAFETY: no other test reads or writes these variables.
    unsafe {
        std::env::set_var("EXTRA_TEST_HEADER_X_API_VERSION", "2022-11-28");
        std::env::set_var("EXTRA_TEST_HEADER_X_TRACE", "static");
    }
    let headers = extra_headers("EXTRA_TEST_HEADER_").unwrap();
    assert!(format!("{headers:?}").contains("Sensitive"), "{headers:?}");
    let recorder = ok_upstream().await;
    let upstream = Upstream::new(
        Settings {
            extra_headers: headers,
            ..settings(&recorder.origin)
        },
        &[],
    )
    .unwrap();
    let mut request = get("/x");
    // The operation's own header wins over a static one.
    request
        .header("X-Trace", json!("per-call"), Style::Simple)
        .unwrap();
    upstream.send(request).await.unwrap();
    let sent = recorder.last();
    assert_eq!(sent.header("x-api-version"), Some("2022-11-28"));
    assert_eq!(sent.header("x-trace"), Some("per-call"));

    unsafe { std::env::set_var("EXTRA_BAD_HEADER_NOT A NAME", "v") };
    let error = extra_headers("EXTRA_BAD_HEADER_").unwrap_err();
    assert!(
        error.starts_with("EXTRA_BAD_HEADER_NOT A NAME: "),
        "{error}"
    );
}

#[tokio::test]
async fn bodies_are_encoded_by_media_type() {
    let recorder = ok_upstream().await;
    let upstream = client(&recorder.origin, &[]);

    let mut json_request = Request::new(Method::POST, "op", &[]);
    json_request
        .json_body("application/json", json!({"a": [1, 2]}))
        .unwrap();
    upstream.send(json_request).await.unwrap();
    let sent = recorder.last();
    assert_eq!(
        (sent.header("content-type"), sent.body.as_slice()),
        (Some("application/json"), &b"{\"a\":[1,2]}"[..])
    );

    let mut form = Request::new(Method::POST, "op", &[]);
    form.form_body(json!({"items": [{"price": 1}], "meta": {"k v": "a&b"}, "tags": ["x", "y"]}))
        .unwrap();
    upstream.send(form).await.unwrap();
    let sent = recorder.last();
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(sent.body).unwrap(),
        "items%5B0%5D%5Bprice%5D=1&meta%5Bk%20v%5D=a%26b&tags=x&tags=y"
    );

    let mut text = Request::new(Method::PUT, "op", &[]);
    text.text_body("text/plain", json!("line\n")).unwrap();
    upstream.send(text).await.unwrap();
    assert_eq!(recorder.last().body, b"line\n");
    let mut not_text = Request::new(Method::PUT, "op", &[]);
    assert!(not_text.text_body("text/plain", json!(1)).is_err());

    let mut binary = Request::new(Method::PUT, "op", &[]);
    binary
        .binary_body("application/octet-stream", json!("AAEC"))
        .unwrap();
    upstream.send(binary).await.unwrap();
    assert_eq!(recorder.last().body, [0, 1, 2]);
    let mut bad = Request::new(Method::PUT, "op", &[]);
    let refused = bad.binary_body("application/octet-stream", json!("not base64!"));
    assert!(matches!(refused, Err(CallError::Argument { name, .. }) if name == "body"));
}

#[tokio::test]
async fn multipart_parts_are_encoded_by_kind_and_declared_type() {
    let recorder = ok_upstream().await;
    let mut request = Request::new(Method::POST, "op", &[]);
    let body = json!({
        "title": "Dune", "count": 2, "skip": null,
        "file": "aGVsbG8=", "pages": ["YQ==", "Yg=="], "scan": "aGk=",
        "owners": ["ann", "bob"], "meta": {"pages": 3}, "links": [{"href": "x"}],
        "extra": {"k": "v"}, "note": "n"
    });
    let file = |name| Part {
        name,
        file: true,
        content_type: None,
    };
    let typed = |name, content_type| Part {
        name,
        file: false,
        content_type: Some(content_type),
    };
    let parts = [
        file("file"),
        file("pages"),
        Part {
            name: "scan",
            file: true,
            content_type: Some("image/png"),
        },
        typed("extra", "application/vnd.acme+json"),
        typed("note", "text/markdown"),
    ];
    request.multipart_body(body, &parts).unwrap();
    client(&recorder.origin, &[]).send(request).await.unwrap();
    let sent = recorder.last();
    let content_type = sent.header("content-type").unwrap().to_string();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let text = String::from_utf8(sent.body).unwrap();
    // name -> [(content type, content)], in order.
    let mut by_name: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for part in text
        .split(&format!("--{boundary}"))
        .filter(|p| p.contains("name="))
    {
        let (head, content) = part.split_once("\r\n\r\n").unwrap();
        let name = head
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let part_type = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-type: ")
                    .map(str::to_string)
            })
            .unwrap_or_default();
        by_name
            .entry(name.to_string())
            .or_default()
            .push((part_type, content.trim_end_matches("\r\n").to_string()));
    }
    let plain = |v: &str| (String::new(), v.to_string());
    let with = |t: &str, v: &str| (t.to_string(), v.to_string());
    assert_eq!(by_name["title"], [plain("Dune")]);
    assert_eq!(by_name["count"], [plain("2")]);
    assert_eq!(by_name["file"], [with("application/octet-stream", "hello")]);
    let octets = with("application/octet-stream", "a");
    assert_eq!(
        by_name["pages"],
        [octets, with("application/octet-stream", "b")]
    );
    assert_eq!(by_name["scan"], [with("image/png", "hi")]);
    assert_eq!(by_name["owners"], [plain("ann"), plain("bob")]);
    assert_eq!(
        by_name["meta"],
        [with("application/json", r#"{"pages":3}"#)]
    );
    assert_eq!(
        by_name["links"],
        [with("application/json", r#"[{"href":"x"}]"#)]
    );
    assert_eq!(
        by_name["extra"],
        [with("application/vnd.acme+json", r#"{"k":"v"}"#)]
    );
    assert_eq!(by_name["note"], [with("text/markdown", "n")]);
    assert!(!by_name.contains_key("skip"));
    assert!(text.contains("name=\"file\"; filename=\"file\""));
}

/// `PATCH /stores/{store}/items/{id}?kind=book`, its `id` also a header.
static UPDATE_ITEM: Operation = Operation {
    name: "update_item",
    method: Method::PATCH,
    security: &[],
    server: None,
    expected: &["application/json"],
    path: &[
        Segment::Literal("/stores/"),
        Segment::Param(Param {
            name: "store",
            argument: "store",
            style: Style::Simple,
            explode: false,
        }),
        Segment::Literal("/items/"),
        Segment::Param(Param {
            name: "id",
            argument: "id",
            style: Style::Label,
            explode: false,
        }),
    ],
    fixed_query: &[("kind", "book")],
    params: &[
        (
            Location::Query,
            Param {
                name: "tag",
                argument: "tag",
                style: Style::Form,
                explode: true,
            },
        ),
        (
            Location::Query,
            Param {
                name: "limit",
                argument: "limit",
                style: Style::Form,
                explode: true,
            },
        ),
        (
            Location::Header,
            Param {
                name: "X-Id",
                argument: "id_header",
                style: Style::Simple,
                explode: false,
            },
        ),
        (
            Location::Cookie,
            Param {
                name: "session",
                argument: "session",
                style: Style::Form,
                explode: true,
            },
        ),
    ],
    body: Some(BodyDef {
        argument: "body",
        media_type: "application/merge-patch+json",
        encoding: Encoding::Json,
    }),
};

#[derive(serde::Serialize)]
struct UpdateItemArgs {
    store: String,
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    tag: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<f64>,
    id_header: String,
    body: serde_json::Value,
}

#[tokio::test]
async fn an_operation_builds_its_request_from_its_table() {
    let recorder = ok_upstream().await;
    let upstream = client(&recorder.origin, &[]);
    let arguments = json!({
        "store": "a/b", "id": 7.0, "tag": ["x", "y"], "id_header": "h-1",
        "session": "s 1", "body": {"price": 2.0, "note": null}
    });
    let request = UPDATE_ITEM.request(arguments.as_object().unwrap()).unwrap();
    upstream.send(request).await.unwrap();
    let sent = recorder.last();
    assert_eq!(sent.method, "PATCH");
    assert_eq!(sent.target, "/stores/a%2Fb/items/.7?kind=book&tag=x&tag=y");
    assert_eq!(sent.header("x-id"), Some("h-1"));
    assert_eq!(sent.header("cookie"), Some("session=s%201"));
    assert_eq!(
        sent.header("content-type"),
        Some("application/merge-patch+json")
    );
    // Whole floats are integers; a `null` the model sent stays.
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body, json!({"note": null, "price": 2}));

    // The typed client's way: the struct's JSON, the same table.
    let typed = UpdateItemArgs {
        store: "s".into(),
        id: 1,
        tag: None,
        limit: Some(20.0),
        id_header: "h".into(),
        body: json!({}),
    };
    upstream
        .send(UPDATE_ITEM.request_from(&typed).unwrap())
        .await
        .unwrap();
    assert_eq!(recorder.last().target, "/stores/s/items/.1?kind=book&limit=20");

    let missing = UPDATE_ITEM.request(json!({"id": 1}).as_object().unwrap());
    assert!(
        matches!(missing, Err(CallError::Argument { ref name, .. }) if name == "store"),
        "{:?}",
        missing.err()
    );
}

#[tokio::test]
async fn a_response_is_cut_at_the_size_limit() {
    let recorder = upstream(|_, _| {
        (
            200,
            vec![("content-type", "text/plain".into())],
            vec![b'x'; 1000],
        )
    })
    .await;
    let response = client(&recorder.origin, &[])
        .send(get("/big"))
        .await
        .unwrap();
    assert_eq!(response.body.len(), 64);
    assert!(response.truncated);
    assert_eq!(response.content_type.as_deref(), Some("text/plain"));
}

#[tokio::test]
async fn redirects_are_followed_on_the_same_host_only() {
    let elsewhere = ok_upstream().await;
    let target = format!("{}/stolen", elsewhere.origin);
    let recorder = upstream(move |sent, _| match sent.target.as_str() {
        "/moved" => (302, vec![("location", "/here".into())], Vec::new()),
        "/away" => (302, vec![("location", target.clone())], Vec::new()),
        _ => json_answer(200, "{\"ok\":true}"),
    })
    .await;
    let upstream = client(&recorder.origin, &[]);
    let followed = upstream.send(get("/moved")).await.unwrap();
    assert_eq!(
        (followed.status.as_u16(), followed.body.as_slice()),
        (200, &b"{\"ok\":true}"[..])
    );
    assert_eq!(recorder.last().target, "/here");
    let stopped = upstream.send(get("/away")).await.unwrap();
    assert_eq!(stopped.status.as_u16(), 302);
    assert!(
        elsewhere.all().is_empty(),
        "the redirect left the API's host"
    );
}

#[tokio::test]
async fn an_operation_server_is_used_unless_the_user_chose_a_base_url() {
    let spec_server = ok_upstream().await;
    let chosen = ok_upstream().await;
    let url: &'static str = Box::leak(spec_server.origin.clone().into_boxed_str());
    let mut request = get("/x");
    request.server(url);
    client(&chosen.origin, &[]).send(request).await.unwrap();
    assert_eq!(spec_server.all().len(), 1);

    let mut settings = settings(&chosen.origin);
    settings.base_url_chosen = true;
    let mut request = get("/x");
    request.server(url);
    Upstream::new(settings, &[])
        .unwrap()
        .send(request)
        .await
        .unwrap();
    assert_eq!((spec_server.all().len(), chosen.all().len()), (1, 1));
}

#[tokio::test]
async fn hooks_see_every_request_and_response() {
    let recorder = ok_upstream().await;
    let mut settings = settings(&recorder.origin);
    settings.hooks = Hooks {
        on_request: |operation, request| {
            let value = format!("signed-{operation}").parse().unwrap();
            request.headers_mut().insert("x-signature", value);
        },
        on_response: |_, response| response.body = b"redacted".to_vec(),
    };
    let upstream = Upstream::new(settings, &[]).unwrap();
    let response = upstream
        .send(Request::new(Method::GET, "get_item", &[]))
        .await
        .unwrap();
    assert_eq!(
        recorder.last().header("x-signature"),
        Some("signed-get_item")
    );
    assert_eq!(response.body, b"redacted");
}

#[tokio::test]
async fn bad_base_urls_and_unreachable_upstreams_are_errors() {
    for bad in ["not a url", "ftp://example.com"] {
        assert!(Upstream::new(settings(bad), &[]).is_err(), "{bad}");
    }
    // A port nothing listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let failed = client(&format!("http://127.0.0.1:{port}"), &[])
        .send(get("/x"))
        .await;
    match failed {
        Err(CallError::Upstream(message)) => assert!(message.contains("onnect"), "{message}"),
        other => panic!(
            "expected an upstream error, got {:?}",
            other.map(|r| r.status)
        ),
    }
}
