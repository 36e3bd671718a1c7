"""End-to-end: what a server shows and lets clients call, by toolset, tool
name and read-only (flags, and over HTTP the X-MCP-* headers), and
discovery mode's search, describe and call. Bookshelf's toolsets are its
tags, `books` and `loans`; specs/tight-budget's tool list is over its
budget, so it starts in discovery mode."""

import asyncio

import pytest
from mcp.shared.exceptions import MCPError

from conftest import server_bin, session

BIN = "bookshelf"
WRITES = {"create_book", "update_book", "delete_book", "lend_book"}
READS = {"list_shelves", "list_books", "get_book"}


def run(transport, upstream, flags, scenario, headers=None, binary=BIN):
    _, url = upstream

    async def main():
        async with session(transport, server_bin(binary), ["--base-url", url, *flags], headers=headers) as s:
            return await scenario(s)

    return asyncio.run(main())


async def tool_names(s):
    return {t.name for t in (await s.list_tools()).tools}


def test_toolsets_and_tool_names_narrow_the_lists(transport, upstream):
    tools = ["--get-as", "tools"]
    assert run(transport, upstream, tools, tool_names) == READS | WRITES
    assert run(transport, upstream, [*tools, "--toolsets", "loans"], tool_names) == {"lend_book"}
    assert run(transport, upstream, [*tools, "--tools", "get_book"], tool_names) == {"get_book"}
    flags = [*tools, "--toolsets", "loans", "--tools", "get_book"]
    assert run(transport, upstream, flags, tool_names) == {"lend_book", "get_book"}
    flags = [*tools, "--toolsets", "all", "--exclude-tools", "delete_book,update_book"]
    assert run(transport, upstream, flags, tool_names) == READS | {"create_book", "lend_book"}

    async def resources_and_prompts(s):
        templates = [t.name for t in (await s.list_resource_templates()).resource_templates]
        prompts = [p.name for p in (await s.list_prompts()).prompts]
        return templates, prompts

    templates, prompts = run(transport, upstream, ["--toolsets", "loans"], resources_and_prompts)
    assert (templates, prompts) == ([], ["loans_guide"])


def test_read_only_hides_and_refuses_what_changes_data(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        names = await tool_names(s)
        prompt = (await s.get_prompt("books_guide")).messages[0].content.text
        prompts = [p.name for p in (await s.list_prompts()).prompts]
        before = recorder.count()
        with pytest.raises(MCPError) as refused:
            await s.call_tool("delete_book", {"bookId": "42"})
        return names, prompt, prompts, refused.value.error.message, recorder.count() - before

    names, prompt, prompts, message, sent = run(transport, upstream, ["--get-as", "tools", "--read-only"], scenario)
    assert names == READS
    # The tag prompts say nothing of what the client cannot call.
    assert "delete_book" not in prompt and "To make changes" not in prompt and "get_book" in prompt
    assert prompts == ["books_guide"]
    assert "--read-only" in message and sent == 0


def test_headers_narrow_per_request_and_never_widen(upstream):
    flags = ["--get-as", "tools", "--toolsets", "books"]
    narrowed = run("http", upstream, flags, tool_names, headers={"X-MCP-Readonly": "true"})
    assert narrowed == READS
    widened = run("http", upstream, flags, tool_names,
                  headers={"X-MCP-Toolsets": "all", "X-MCP-Tools": "lend_book"})
    assert widened == READS | {"create_book", "update_book", "delete_book"}
    only = run("http", upstream, flags, tool_names, headers={"X-MCP-Tools": "get_book"})
    assert only == {"get_book"}

    async def refused(s):
        with pytest.raises(MCPError) as error:
            await s.call_tool("create_book", {"body": {"title": "T", "author": "A"}})
        return error.value.error.message

    message = run("http", upstream, flags, refused, headers={"X-MCP-Toolsets": "loans"})
    assert "X-MCP-Toolsets" in message


def test_discovery_searches_describes_and_calls(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        listed = await tool_names(s)
        found = (await s.call_tool("search_operations", {"query": "lend a book to a library member"})).structured_content
        described = (await s.call_tool("describe_operation", {"name": "get_book"})).structured_content
        called = await s.call_tool("call_operation", {"name": "get_book", "arguments": {"bookId": "42"}})
        before = recorder.count()
        bad = await s.call_tool("call_operation", {"name": "get_book", "arguments": {"bookId": 42}})
        bad_sent = recorder.count() - before
        failed = await s.call_tool("call_operation", {"name": "get_book", "arguments": {"bookId": "explode"}})
        return listed, found, described, called, bad, bad_sent, failed

    listed, found, described, called, bad, bad_sent, failed = run(
        transport, upstream, ["--tool-mode", "discover"], scenario)
    assert listed == {"search_operations", "describe_operation", "call_operation"}
    first = found["operations"][0]
    assert (first["name"], first["endpoint"], first["readOnly"]) == ("lend_book", "POST /books/{bookId}/loans", False)
    assert described["inputSchema"]["required"] == ["bookId"]
    assert described["response"].startswith("200")
    # A GET is called like any operation, whatever --get-as says.
    assert not called.is_error and called.structured_content["id"] == "42"
    assert bad.is_error and "bookId" in bad.content[0].text and bad_sent == 0
    assert failed.is_error and "500" in failed.content[0].text


def test_discovery_keeps_the_selection(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        found = (await s.call_tool("search_operations", {"query": "delete a book"})).structured_content
        before = recorder.count()
        refused = await s.call_tool("call_operation", {"name": "delete_book", "arguments": {"bookId": "42"}})
        return found, refused, recorder.count() - before

    found, refused, sent = run(transport, upstream, ["--tool-mode", "discover", "--read-only"], scenario)
    assert all(op["readOnly"] for op in found["operations"])
    assert refused.is_error and "--read-only" in refused.content[0].text and sent == 0


def test_the_default_mode_flips_at_the_budget(transport, upstream):
    listed = run(transport, upstream, [], tool_names, binary="tight-budget")
    assert listed == {"search_operations", "describe_operation", "call_operation"}
    direct = run(transport, upstream, ["--tool-mode", "direct"], tool_names, binary="tight-budget")
    assert "create_book" in direct
