"""End-to-end: the server generated from specs/bookshelf.yaml, driven by the
official Python MCP client over stdio and Streamable HTTP, against the
recording upstream."""

import asyncio
import os
import json
from urllib.parse import parse_qs

import pytest
from mcp import MCPError, types

from conftest import server_bin, session

BIN = "bookshelf"


def run(transport, upstream, scenario, base_url=None):
    """Runs `scenario(session)` against a fresh server."""
    _, url = upstream

    async def main():
        async with session(transport, server_bin(BIN), ["--base-url", base_url or url]) as s:
            return await scenario(s)

    return asyncio.run(main())


def test_initialize_and_tool_list(transport, upstream):
    async def scenario(s):
        return s.init_result, await s.list_tools()

    init, listed = run(transport, upstream, scenario)
    assert (init.server_info.name, init.server_info.version) == ("bookshelf", "1.2.0")
    assert init.capabilities.tools is not None and init.capabilities.resources is not None
    assert init.capabilities.logging is None
    tools = listed.tools
    by_name = {t.name: t for t in tools}
    assert set(by_name) == {"create_book", "update_book", "delete_book", "lend_book"}
    delete = by_name["delete_book"].annotations
    assert delete.destructive_hint is True and delete.idempotent_hint is True
    assert delete.open_world_hint is True and delete.read_only_hint is False
    create = by_name["create_book"]
    assert create.annotations.idempotent_hint is False
    assert create.input_schema["type"] == "object"
    assert create.input_schema["required"] == ["body"]
    assert "$ref" not in json.dumps(create.input_schema)


def test_tool_call_sends_a_json_body(transport, upstream):
    recorder, _ = upstream
    body = {"title": "Dune", "author": "Frank Herbert", "status": "available", "tags": ["sf"]}

    async def scenario(s):
        return await s.call_tool("create_book", {"body": body})

    result = run(transport, upstream, scenario)
    assert result.is_error is False, result
    assert result.structured_content == {"id": "43", **body}
    sent = recorder.last()
    assert (sent["method"], sent["path"]) == ("POST", "/v1/books")
    assert sent["headers"]["content-type"] == "application/json"
    assert json.loads(sent["body"]) == body


def test_header_parameter_is_sent(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        return await s.call_tool(
            "lend_book", {"bookId": "42", "x_request_id": "trace-7", "body": {"member": "m1"}}
        )

    result = run(transport, upstream, scenario)
    assert result.is_error is False, result
    assert result.structured_content["requestId"] == "trace-7"
    assert recorder.last()["path"] == "/v1/books/42/loans"


def test_template_read_fills_the_path_parameter(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        return await s.read_resource("bookshelf://books/42")

    contents = run(transport, upstream, scenario).contents
    assert contents[0].uri == "bookshelf://books/42"
    # The upstream's extra field and wrong type reach the client untouched.
    assert json.loads(contents[0].text) == {
        "id": "42", "title": "Dune", "author": "Frank Herbert", "year": "nineteen", "extra": True,
    }
    assert recorder.last()["path"] == "/v1/books/42"


def test_template_read_sends_query_parameters(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        return await s.read_resource("bookshelf://books?author=Frank%20Herbert&tags=sf,classic&limit=5")

    contents = run(transport, upstream, scenario).contents
    assert json.loads(contents[0].text)[0]["id"] == "42"
    sent = recorder.last()
    assert sent["path"] == "/v1/books"
    # `tags` is style=form, explode=false: one comma-separated value.
    assert parse_qs(sent["query"]) == {"author": ["Frank Herbert"], "tags": ["sf,classic"], "limit": ["5"]}


def test_static_resource_is_read(transport, upstream):
    async def scenario(s):
        listed = await s.list_resources()
        read = await s.read_resource("bookshelf://shelves")
        return listed, read

    listed, read = run(transport, upstream, scenario)
    assert [str(r.uri) for r in listed.resources] == ["bookshelf://shelves"]
    assert json.loads(read.contents[0].text) == [{"id": "s1", "name": "Science fiction"}]


def test_hostile_path_parameter_stays_one_segment(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        return await s.call_tool("delete_book", {"bookId": "a b/../c?d#e"})

    result = run(transport, upstream, scenario)
    assert result.is_error is False, result
    sent = recorder.last()
    assert (sent["method"], sent["path"], sent["query"]) == ("DELETE", "/v1/books/a%20b%2F..%2Fc%3Fd%23e", "")


def test_upstream_500_is_a_tool_error(transport, upstream):
    async def scenario(s):
        return await s.call_tool("update_book", {"bookId": "explode", "body": {"title": "x", "author": "y"}})

    result = run(transport, upstream, scenario)
    assert result.is_error is True
    assert "500" in result.content[0].text
    assert "the catalogue is on fire" in result.content[0].text


def test_upstream_404_on_template_read_is_resource_not_found(transport, upstream):
    async def scenario(s):
        with pytest.raises(MCPError) as raised:
            await s.read_resource("bookshelf://books/missing")
        return raised.value

    error = run(transport, upstream, scenario)
    # -32002 is "resource not found"; rmcp reports -32602 on protocol 2026-07-28.
    assert error.code in (-32002, -32602)
    assert "404" in error.message


def test_missing_required_argument_is_refused_before_any_request(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        before = recorder.count()
        result = await s.call_tool("update_book", {"body": {"title": "x", "author": "y"}})
        return before, result

    before, result = run(transport, upstream, scenario)
    assert result.is_error is True
    assert "bookId" in result.content[0].text
    assert recorder.count() == before


def test_unknown_argument_is_refused(transport, upstream):
    async def scenario(s):
        return await s.call_tool("delete_book", {"bookId": "42", "bookID": "43"})

    result = run(transport, upstream, scenario)
    assert result.is_error is True
    assert "bookID" in result.content[0].text


def test_wrong_argument_type_names_the_argument(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        before = recorder.count()
        result = await s.call_tool("create_book", {"body": {"title": 5, "author": "y"}})
        return before, result

    before, result = run(transport, upstream, scenario)
    assert result.is_error is True
    assert "body.title" in result.content[0].text
    assert recorder.count() == before


def test_unreachable_upstream_is_a_tool_error_and_the_server_keeps_serving(transport, upstream):
    async def scenario(s):
        failed = await s.call_tool("delete_book", {"bookId": "42"})
        tools = await s.list_tools()
        return failed, tools

    # Port 9 (discard) on loopback: nothing listens, the connection is refused.
    failed, tools = run(transport, upstream, scenario, base_url="http://127.0.0.1:9/v1")
    assert failed.is_error is True
    assert "upstream request failed" in failed.content[0].text
    assert len(tools.tools) == 4


def test_tag_prompts_name_the_real_tools_and_resources(transport, upstream):
    async def scenario(s):
        listed = await s.list_prompts()
        plain = [await s.get_prompt(p.name) for p in listed.prompts]
        with_task = await s.get_prompt("books_guide", {"task": "lend Dune to Ada"})
        tools = {t.name for t in (await s.list_tools()).tools}
        templates = {t.uri_template for t in (await s.list_resource_templates()).resource_templates}
        return s.init_result, listed, plain, with_task, tools, templates

    init, listed, plain, with_task, tools, templates = run(transport, upstream, scenario)
    assert init.capabilities.prompts is not None
    assert [p.name for p in listed.prompts] == ["books_guide", "loans_guide"]
    assert [a.name for a in listed.prompts[0].arguments] == ["task"]
    text = "\n".join(p.messages[0].content.text for p in plain)
    for tool in tools:
        assert f"tool `{tool}`" in text
    for template in templates:
        assert f"`{template}`" in text
    assert "(destructive: confirm with the user first)" in text
    assert "{task}" not in text and not plain[0].messages[0].content.text.endswith("\n")
    assert with_task.messages[0].content.text.endswith("lend Dune to Ada")


def test_template_reads_are_checked_against_the_schema_before_any_request(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        before = recorder.count()
        with pytest.raises(MCPError) as raised:
            await s.read_resource("bookshelf://books?limit=1000")
        return before, raised.value

    before, error = run(transport, upstream, scenario)
    assert error.code == -32602
    assert "`limit`" in error.message and "at most 100" in error.message
    assert recorder.count() == before


def test_completion_offers_enum_and_boolean_template_values(transport, upstream):
    template = "bookshelf://books{?author,tags,limit,status,signed,jq}"

    async def scenario(s):
        ref = types.ResourceTemplateReference(type="ref/resource", uri=template)
        listed = {t.uri_template for t in (await s.list_resource_templates()).resource_templates}
        every = await s.complete(ref, {"name": "status", "value": ""})
        on = await s.complete(ref, {"name": "status", "value": "ON"})
        flag = await s.complete(ref, {"name": "signed", "value": "t"})
        free = await s.complete(ref, {"name": "author", "value": "Fr"})
        unknown = await s.complete(
            types.ResourceTemplateReference(type="ref/resource", uri="bookshelf://nowhere/{x}"),
            {"name": "x", "value": ""})
        return s.init_result, listed, every, on, flag, free, unknown

    init, listed, every, on, flag, free, unknown = run(transport, upstream, scenario)
    assert init.capabilities.completions is not None
    assert template in listed
    assert every.completion.values == ["available", "on-loan", "lost"]
    assert (every.completion.total, every.completion.has_more) == (3, False)
    # The prefix typed so far filters, ignoring case.
    assert on.completion.values == ["on-loan"]
    assert flag.completion.values == ["true"]
    # Nothing is known about a free-text variable or an unknown template.
    assert free.completion.values == [] and unknown.completion.values == []


def test_started_in_a_terminal_the_server_says_what_it_waits_for(upstream):
    import pty
    import subprocess
    import time
    _, url = upstream
    controller, terminal = pty.openpty()
    proc = subprocess.Popen([server_bin(BIN), "--base-url", url], stdin=terminal,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(1)
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=10)
        os.close(controller)
        os.close(terminal)
    lines = stderr.decode().splitlines()
    hints = [l for l in lines if "waiting for an MCP client on stdin" in l]
    assert len(hints) == 1, lines
    assert "npx @modelcontextprotocol/inspector --cli" in hints[0] and "--transport http" in hints[0]


def test_listening_on_every_interface_with_loopback_hosts_only_warns(upstream):
    import subprocess
    import time
    _, url = upstream

    def startup_log(*extra):
        proc = subprocess.Popen([server_bin(BIN), "--base-url", url, "--transport", "http",
                                 "--bind", "0.0.0.0:0", *extra],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1)
        proc.terminate()
        return proc.communicate(timeout=10)[1].decode()

    warned = startup_log()
    assert "only the Host names localhost, 127.0.0.1, ::1 are accepted" in warned, warned
    assert "--allowed-host NAME" in warned and "BOOKSHELF_ALLOWED_HOSTS" in warned
    assert "are accepted" not in startup_log("--allowed-host", "mcp.example.com")


def test_the_server_chooses_how_gets_reach_clients(transport, upstream):
    recorder, url = upstream

    async def listing(*flags):
        async with session(transport, server_bin(BIN), ["--base-url", url, *flags]) as s:
            tools = {t.name for t in (await s.list_tools()).tools}
            has_resources = s.init_result.capabilities.resources is not None
            templates = set()
            if has_resources:
                templates = {t.uri_template for t in (await s.list_resource_templates()).resource_templates}
            guide = (await s.get_prompt("books_guide")).messages[0].content.text
            called = None
            if "get_book" in tools:
                called = await s.call_tool("get_book", {"bookId": "42"})
            else:
                with pytest.raises(MCPError):
                    await s.call_tool("get_book", {"bookId": "42"})
            return tools, has_resources, templates, guide, called

    changes = {"create_book", "update_book", "delete_book", "lend_book"}
    gets = {"list_shelves", "list_books", "get_book"}
    tools, has_resources, templates, guide, _ = asyncio.run(listing())
    assert tools == changes and has_resources and "bookshelf://books/{bookId}{?jq}" in templates
    assert "tool `get_book`" not in guide and "resource template `bookshelf://books/{bookId}{?jq}`" in guide

    tools, has_resources, templates, guide, called = asyncio.run(listing("--get-as", "both"))
    assert tools == changes | gets and "bookshelf://books/{bookId}{?jq}" in templates
    assert "tool `get_book`" in guide and "resource template `bookshelf://books/{bookId}{?jq}`" in guide
    assert called.is_error is False and recorder.last()["path"] == "/v1/books/42"

    tools, has_resources, templates, guide, _ = asyncio.run(listing("--get-as", "tools"))
    assert tools == changes | gets and not has_resources
    assert "tool `get_book`" in guide and "resource template" not in guide
