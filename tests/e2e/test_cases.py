"""End-to-end: servers generated from the fault cases in ../shared/cases,
driven by the official Python MCP client, against the recording upstream.
Each test asserts the exact request that reaches the API, or that nothing
is sent for a call the spec's schema refuses. That every case generates and
builds under -D warnings is scripts/build-generated's part."""

import asyncio
import base64
import json
from urllib.parse import unquote

from conftest import server_bin, session


def run(upstream, binary, scenario, *args):
    """Runs `scenario(session)` against `binary`, whose base URL is the
    upstream's echo route, and returns what it returns."""
    _, base_url = upstream
    origin = base_url.rsplit("/", 1)[0]

    async def main():
        async with session("stdio", server_bin(binary), ["--base-url", origin + "/echo/api", *args]) as s:
            return await scenario(s)

    return asyncio.run(main())


def call(upstream, binary, tool, arguments, *args):
    """Calls one tool; returns the result and the request the upstream saw
    (None when the call sent nothing)."""
    recorder, _ = upstream
    before = recorder.count()

    async def scenario(s):
        return await s.call_tool(tool, arguments)

    result = run(upstream, binary, scenario, *args)
    sent = recorder.last() if recorder.count() > before else None
    return result, sent


def error_text(result):
    assert result.is_error, result
    return result.content[0].text


def test_whole_number_floats_are_integers_everywhere(upstream):
    arguments = {"roomId": 7.0, "limit": 5.0, "x_batch": 2.0,
                 "body": {"seats": 12.0, "rows": [1.0, 2], "window": {"startMs": 1000.0}, "ratio": 2.5}}
    result, sent = call(upstream, "seat-booker", "book_seats", arguments)
    assert not result.is_error, result
    assert (sent["path"], sent["query"]) == ("/echo/api/rooms/7/bookings", "limit=5")
    assert sent["headers"]["x-batch"] == "2"
    body = json.loads(sent["body"])
    assert body == {"seats": 12, "rows": [1, 2], "window": {"startMs": 1000}, "ratio": 2.5}
    # Sent as integers, not as the floats they came as.
    assert all(type(v) is int for v in [body["seats"], *body["rows"], body["window"]["startMs"]]), sent["body"]

    for wrong, name in [({"roomId": 7.5}, "roomId"), ({"limit": 5.5}, "limit"),
                        ({"body": {"seats": 12.5}}, "body.seats"), ({"body": {"seats": 1, "rows": [1.5]}}, "body.rows")]:
        result, sent = call(upstream, "seat-booker", "book_seats", {**arguments, **wrong})
        assert name in error_text(result) and sent is None, (wrong, result)


def test_collection_formats_keep_their_delimiters(upstream):
    lists = {"codes": ["a", "b"], "csvList": ["a", "b"], "ssvList": ["a", "b"], "tsvList": ["a", "b"],
             "pipeList": ["a", "b"], "multiList": ["a", "b"], "plainList": ["a", "b"], "x_tags": ["a", "b"]}
    result, sent = call(upstream, "report-finder", "find_reports", lists, "--get-as", "tools")
    assert not result.is_error, result
    assert sent["path"] == "/echo/api/reports/a,b"
    assert sent["query"] == ("csvList=a%2Cb&ssvList=a%20b&tsvList=a%09b&pipeList=a%7Cb"
                             "&multiList=a&multiList=b&plainList=a%2Cb")
    assert sent["headers"]["x-tags"] == "a|b"


def test_json_content_parameters_are_one_json_text(upstream):
    arguments = {"filter": {"kind": "t-shirt"}, "ids": [1, 2]}
    result, sent = call(upstream, "shirt-shop", "find_shirts", arguments)
    assert not result.is_error, result
    assert sent["query"] == "filter=%7B%22kind%22%3A%22t-shirt%22%7D&ids=%5B1%2C2%5D"


def test_query_placeholders_in_a_path_key_are_query_values(upstream):
    # The echo upstream answers JSON where the spec promises CSV, which the
    # result reports; the request is what this test is about.
    _, sent = call(upstream, "exports", "export_history", {"filename": "q3 report&x.csv"},
                   "--get-as", "tools")
    assert (sent["path"], sent["query"]) == ("/echo/api/export", "filename=q3%20report%26x.csv")
    result, sent = call(upstream, "exports", "list_rides", {"page": 2, "per_page": 50}, "--get-as", "tools")
    assert (sent["path"], sent["query"]) == ("/echo/api/rides", "page=2&per_page=50")


def test_twin_paths_are_each_their_own_request(upstream):
    board = {"boardId": "b1"}
    for tool, extra, method, path in [
        ("get_card", {"cardId": "c1"}, "GET", "/echo/api/boards/b1/cards/c1"),
        ("list_cards_filtered", {"filter": "open"}, "GET", "/echo/api/boards/b1/cards/open"),
        ("archive_filtered_cards", {"filter": "closed"}, "DELETE", "/echo/api/boards/b1/cards/closed"),
        ("delete_card", {"cardId": "c1"}, "DELETE", "/echo/api/boards/b1/cards/c1/"),
    ]:
        result, sent = call(upstream, "boards", tool, {**board, **extra}, "--get-as", "tools")
        assert not result.is_error, (tool, result)
        assert (sent["method"], sent["path"]) == (method, path)


def test_a_stray_path_parameter_leaves_the_rest_working(upstream):
    result, sent = call(upstream, "stray", "list_reports", {"limit": 3}, "--get-as", "tools")
    assert not result.is_error, result
    assert (sent["path"], sent["query"]) == ("/echo/api/reports", "limit=3")


def test_refs_into_paths_keep_their_parameter(upstream):
    result, sent = call(upstream, "bundled", "list_volumes", {"page": 2}, "--get-as", "tools")
    assert not result.is_error, result
    assert (sent["path"], sent["query"]) == ("/echo/api/volumes", "page=2")
    # The parameter's `minimum: 1` came along with it.
    result, sent = call(upstream, "bundled", "list_volumes", {"page": 0}, "--get-as", "tools")
    assert "page" in error_text(result) and sent is None


def test_junk_schema_nodes_do_not_stop_the_call(upstream):
    result, sent = call(upstream, "junk", "create_thumbnail", {"body": {"timecode": "00:01"}})
    assert not result.is_error, result
    assert json.loads(sent["body"]) == {"timecode": "00:01"}


def test_boolean_schemas_accept_anything_or_nothing(upstream):
    body = {"name": "n", "meta": {"any": [1, "x"]}, "none": []}
    result, sent = call(upstream, "connections", "create_connection", {"body": body})
    assert not result.is_error, result
    assert json.loads(sent["body"]) == body
    for refused in [{"none": [1]}, {"additionalProperties": 1}]:
        result, sent = call(upstream, "connections", "create_connection", {"body": {**body, **refused}})
        assert result.is_error and sent is None, refused


def test_ecma_patterns_keep_their_meaning(upstream):
    def fare(**fields):
        return call(upstream, "fares", "price_fare", {"body": {"fareBasis": "ZZ", **fields}})

    for accepted in [{"fareBasis": "[AB12"}, {"email": "a-b.c+d@x-y.z"}, {"code": "ABC"},
                     {"printable": "\u0001 anything"}, {"typo": "whatever"}, {"broken": "x"}]:
        result, sent = fare(**accepted)
        assert not result.is_error and sent is not None, (accepted, result)
    for refused in [{"fareBasis": "ab"}, {"email": "a,b@c"}, {"code": "abc"}]:
        result, sent = fare(**refused)
        assert result.is_error and sent is None, refused


def test_symbolic_enum_values_are_sent_byte_for_byte(upstream):
    for op in ["!=", "≥", "not in", "", "Self", "self", "gpt-3.5", "gpt_3_5"]:
        result, sent = call(upstream, "rule-engine", "add_rule", {"body": {"op": op, "unit": "kW"}})
        assert not result.is_error, (op, result)
        assert json.loads(sent["body"]) == {"op": op, "unit": "kW"}
    result, sent = call(upstream, "rule-engine", "add_rule", {"body": {"op": "=>", "unit": "kW"}})
    assert result.is_error and sent is None

    async def read(s):
        return await s.read_resource("rule-engine://rules?op=%E2%89%A5")

    recorder, _ = upstream
    run(upstream, "rule-engine", read)
    assert unquote(recorder.last()["query"]) == "op=≥"


def multipart_parts(sent):
    """(name, content type, content) of each part of a multipart body."""
    boundary = sent["headers"]["content-type"].split("boundary=")[1]
    parts = []
    for chunk in sent["body"].split(b"--" + boundary.encode())[1:-1]:
        head, content = chunk.split(b"\r\n\r\n", 1)
        head = head.decode().lower()
        name = head.split('name="')[1].split('"')[0]
        kind = next((line.split(": ", 1)[1] for line in head.splitlines() if line.startswith("content-type:")), "")
        content = content[:-2].decode()
        parts.append((name, kind, json.loads(content) if kind == "application/json" else content))
    return parts


def test_multipart_parts_carry_their_types(upstream):
    body = {"file": base64.b64encode(b"%PDF").decode(), "meta": {"title": "T", "pages": 2},
            "owners": ["ann", "bob"], "links": [{"href": "h"}], "overwrite": True, "extra": {"k": "v"}}
    result, sent = call(upstream, "doc-upload", "upload_document", {"body": body})
    assert not result.is_error, result
    # Parts follow the argument struct's field order; repeated parts keep theirs.
    assert sorted(multipart_parts(sent), key=lambda p: p[0]) == [
        ("extra", "application/json", {"k": "v"}),
        ("file", "application/octet-stream", "%PDF"),
        ("links", "application/json", [{"href": "h"}]),
        ("meta", "application/json", {"title": "T", "pages": 2}),
        ("overwrite", "", "true"),
        ("owners", "", "ann"),
        ("owners", "", "bob"),
    ]


def test_carriage_returns_reach_the_model_intact(upstream):
    async def scenario(s):
        return (await s.list_tools()).tools, s.init_result.instructions

    (tool,), instructions = run(upstream, "carriage", scenario)
    assert "Line two with a bare \r carriage return." in instructions
    assert tool.input_schema["properties"]["body"]["properties"]["name"]["description"] == "The name.\r\n\rEnd."
