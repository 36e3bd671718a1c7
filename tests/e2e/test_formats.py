"""End-to-end: servers generated from a Swagger 2.0 spec and an OpenAPI 3.1
spec (specs/catalog-swagger2.yaml, specs/orders-31.yaml), driven by the
official Python MCP client over stdio and Streamable HTTP. They cover the
conversions to 3.0 and every request body encoding."""

import asyncio
import base64
import json
from urllib.parse import parse_qs

from conftest import server_bin, session

CATALOG = "catalog"
ORDERS = "orders"


def run(binary, transport, upstream, scenario):
    _, url = upstream
    base = url.rsplit("/v1", 1)[0]

    async def main():
        async with session(transport, server_bin(binary), ["--base-url", base + binary_base(binary)]) as s:
            return await scenario(s)

    return asyncio.run(main())


def binary_base(binary):
    # The Swagger spec's basePath is /echo; the 3.1 spec's paths carry it.
    return "/echo" if binary == CATALOG else ""


def echo(result):
    assert result.is_error is False, result
    return result.structured_content


def test_swagger2_body_parameter_becomes_a_json_body(transport, upstream):
    async def scenario(s):
        return await s.call_tool("create_item", {"body": {"name": "lamp", "color": None}})

    got = echo(run(CATALOG, transport, upstream, scenario))
    assert (got["method"], got["path"]) == ("POST", "/echo/items")
    assert got["contentType"] == "application/json"
    assert json.loads(got["body"]) == {"name": "lamp", "color": None}


def test_swagger2_collection_format_pipes(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        return await s.read_resource(f"{CATALOG}://items?tags=a,b&limit=2")

    run(CATALOG, transport, upstream, scenario)
    assert parse_qs(recorder.last()["query"]) == {"tags": ["a|b"], "limit": ["2"]}


def test_swagger2_form_data_becomes_a_form_body(transport, upstream):
    async def scenario(s):
        return await s.call_tool("add_note", {"itemId": "i 1", "body": {"note": "hello world", "priority": 2}})

    got = echo(run(CATALOG, transport, upstream, scenario))
    assert got["path"] == "/echo/items/i%201/notes"
    assert got["contentType"] == "application/x-www-form-urlencoded"
    assert parse_qs(got["body"]) == {"note": ["hello world"], "priority": ["2"]}


def test_swagger2_file_becomes_a_multipart_file(transport, upstream):
    photo = bytes(range(256))

    async def scenario(s):
        tools = {t.name: t for t in (await s.list_tools()).tools}
        result = await s.call_tool(
            "upload_photo",
            {"itemId": "7", "body": {"photo": base64.b64encode(photo).decode(), "caption": "front"}},
        )
        return tools, result

    tools, result = run(CATALOG, transport, upstream, scenario)
    photo_schema = tools["upload_photo"].input_schema["properties"]["body"]["properties"]["photo"]
    assert photo_schema["contentEncoding"] == "base64"
    got = echo(result)
    assert got["contentType"].startswith("multipart/form-data; boundary=")
    raw = base64.b64decode(got["bodyBase64"])
    assert b'name="caption"' in raw and b"front" in raw
    assert b'name="photo"; filename="photo"' in raw and photo in raw


def test_swagger2_missing_form_field_is_refused(transport, upstream):
    async def scenario(s):
        return await s.call_tool("add_note", {"itemId": "1", "body": {"priority": 2}})

    result = run(CATALOG, transport, upstream, scenario)
    assert result.is_error is True
    assert "note" in result.content[0].text


def test_openapi31_keywords_reach_the_input_schema(transport, upstream):
    async def scenario(s):
        return {t.name: t for t in (await s.list_tools()).tools}

    tools = run(ORDERS, transport, upstream, scenario)
    body = tools["place_order"].input_schema["properties"]["body"]
    props = body["properties"]
    assert props["kind"]["enum"] == ["order"]
    assert props["quantity"]["exclusiveMinimum"] == 0
    assert props["quantity"]["examples"] == [3]
    assert {"type": "null"} in props["note"]["anyOf"]
    assert props["shipping"]["enum"] == ["ground", "air"]
    assert "$ref" not in json.dumps(tools["place_order"].input_schema)


def test_openapi31_json_is_preferred_and_const_is_enforced(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        ok = await s.call_tool("place_order", {"body": {"kind": "order", "quantity": 2, "shipping": "air"}})
        before = recorder.count()
        bad = await s.call_tool("place_order", {"body": {"kind": "refund", "quantity": 2}})
        return ok, bad, before

    ok, bad, before = run(ORDERS, transport, upstream, scenario)
    got = echo(ok)
    assert got["contentType"] == "application/json"
    assert json.loads(got["body"]) == {"kind": "order", "quantity": 2, "shipping": "air"}
    assert bad.is_error is True and "body.kind" in bad.content[0].text
    assert recorder.count() == before


def test_one_of_picks_the_matching_alternative_and_keeps_every_field(transport, upstream):
    recorder, _ = upstream
    transfer = {"method": "transfer", "iban": "DE00 1234", "memo": "not in the spec"}

    async def scenario(s):
        ok = await s.call_tool(
            "place_order", {"body": {"kind": "order", "quantity": 1, "payment": transfer, "reference": 7}}
        )
        before = recorder.count()
        bad = await s.call_tool("place_order", {"body": {"kind": "order", "quantity": 1, "payment": {"method": "cash"}}})
        return ok, bad, before

    ok, bad, before = run(ORDERS, transport, upstream, scenario)
    sent = json.loads(echo(ok)["body"])
    assert sent["payment"] == transfer
    assert sent["reference"] == 7
    assert bad.is_error is True and "payment" in bad.content[0].text
    assert recorder.count() == before


def test_binary_and_text_bodies(transport, upstream):
    blob = b"\x00\x01\xfe\xff"

    async def scenario(s):
        up = await s.call_tool("upload_blob", {"body": base64.b64encode(blob).decode()})
        note = await s.call_tool("add_note", {"body": "plain words"})
        return up, note

    up, note = run(ORDERS, transport, upstream, scenario)
    got = echo(up)
    assert got["contentType"] == "application/octet-stream"
    assert base64.b64decode(got["bodyBase64"]) == blob
    got = echo(note)
    assert (got["contentType"], got["body"]) == ("text/plain", "plain words")


def test_binary_and_text_responses(transport, upstream):
    async def scenario(s):
        logo = await s.read_resource(f"{ORDERS}://raw/logo.png")
        report = await s.read_resource(f"{ORDERS}://raw/report.csv")
        order = await s.read_resource(f"{ORDERS}://echo/orders/7")
        return logo, report, order

    logo, report, order = run(ORDERS, transport, upstream, scenario)
    assert logo.contents[0].mime_type == "image/png"
    assert base64.b64decode(logo.contents[0].blob).startswith(b"\x89PNG")
    assert report.contents[0].mime_type == "text/csv"
    assert report.contents[0].text == "id,title\n42,Dune\n"
    assert json.loads(order.contents[0].text)["path"] == "/echo/orders/7"
