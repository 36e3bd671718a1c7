"""End-to-end: specs/customized/notes.yaml with the mcp-gen.toml beside it.
The config's renames, kinds, annotations, exclusions and prompt must be
what a real MCP client sees, and calls must still reach the right
upstream operation."""

import json

import pytest
from mcp import MCPError, types

from conftest import server_bin, session

BIN = "notes"


def origin(upstream):
    return upstream[1].rsplit("/", 1)[0] + "/echo"


async def test_config_shapes_the_tool_list(transport, upstream):
    async with session(transport, server_bin(BIN), ["--base-url", origin(upstream)]) as s:
        tools = {t.name: t for t in (await s.list_tools()).tools}
        templates = (await s.list_resource_templates()).resource_templates
    # Deletes and the admin tag are excluded; the list GET and the pin GET
    # are tools. `file_note` is the user's own (specs/customized/extra_tools.rs).
    assert set(tools) == {"all_notes", "write_note", "pin_note", "file_note"}
    assert [t.uri_template for t in templates] == ["notes://notes/{id}"]
    listing = tools["all_notes"]
    assert listing.title == "All notes"
    assert listing.description.startswith("Every note, newest first; filter by tag.")
    assert listing.annotations.read_only_hint is True
    pin = tools["pin_note"].annotations
    assert (pin.read_only_hint, pin.destructive_hint, pin.idempotent_hint) == (False, False, True)
    assert tools["write_note"].annotations.idempotent_hint is False


async def test_renamed_tools_call_their_operations(upstream):
    recorder, _ = upstream
    async with session("stdio", server_bin(BIN), ["--base-url", origin(upstream)]) as s:
        listed = await s.call_tool("all_notes", {"tag": "work"})
        written = await s.call_tool("write_note", {"body": {"text": "buy milk"}})
        pinned = await s.call_tool("pin_note", {"id": "n1"})
    assert not listed.is_error and not written.is_error and not pinned.is_error
    sent = [(r["method"], r["path"], r["query"]) for r in recorder.requests[-3:]]
    assert sent == [("GET", "/echo/notes", "tag=work"), ("POST", "/echo/notes", ""),
                    ("GET", "/echo/notes/n1/pin", "")]
    assert json.loads(recorder.requests[-2]["body"]) == {"text": "buy milk"}


async def test_configured_prompt_fills_in_and_requires_its_arguments(transport, upstream):
    async with session(transport, server_bin(BIN), ["--base-url", origin(upstream)]) as s:
        prompts = {p.name: p for p in (await s.list_prompts()).prompts}
        full = await s.get_prompt("summarize", {"topic": "travel", "tone": ", briefly"})
        bare = await s.get_prompt("summarize", {"topic": "travel"})
        with pytest.raises(MCPError) as missing:
            await s.get_prompt("summarize", {"tone": ", briefly"})
        guide = await s.get_prompt("notes_guide")
    summarize = prompts["summarize"]
    assert summarize.description == "Summarize the notes on a topic."
    assert [(a.name, a.required) for a in summarize.arguments] == [("topic", True), ("tone", False)]
    assert full.messages[0].content.text == \
        "Summarize my notes about travel, briefly. Quote note ids as {id}."
    assert bare.messages[0].content.text == \
        "Summarize my notes about travel. Quote note ids as {id}."
    assert "topic" in str(missing.value)
    # The tag prompt names the tools by their configured names, and nothing excluded.
    guide_text = guide.messages[0].content.text
    assert "`all_notes`" in guide_text and "`pin_note`" in guide_text
    assert "delete" not in guide_text and "compact" not in guide_text


async def test_prompt_arguments_complete_from_their_configured_enum(transport, upstream):
    async with session(transport, server_bin(BIN), ["--base-url", origin(upstream)]) as s:
        ref = types.PromptReference(type="ref/prompt", name="summarize")
        every = await s.complete(ref, {"name": "tone", "value": ""})
        some = await s.complete(ref, {"name": "tone", "value": ", in"})
        free = await s.complete(ref, {"name": "topic", "value": "tr"})
        guide = await s.complete(types.PromptReference(type="ref/prompt", name="notes_guide"),
                                 {"name": "task", "value": ""})
    assert every.completion.values == [", briefly", ", in detail", ", as a list"]
    assert some.completion.values == [", in detail"]
    assert free.completion.values == [] and guide.completion.values == []


async def test_a_users_tool_calls_the_api_through_the_typed_client(transport, upstream):
    # specs/customized/extra_tools.rs, copied into the crate as a user's
    # own src/extra_tools.rs, builds typed argument structs.
    recorder, _ = upstream
    async with session(transport, server_bin(BIN), ["--base-url", origin(upstream)]) as s:
        tools = {t.name for t in (await s.list_tools()).tools}
        before = recorder.count()
        result = await s.call_tool("file_note", {"text": "buy milk", "tag": "home"})
    assert "file_note" in tools
    assert not result.is_error and result.content[0].text == "200 200"
    sent = recorder.requests[before:]
    assert [(r["method"], r["path"], r["query"]) for r in sent] == [
        ("POST", "/echo/notes", ""), ("GET", "/echo/notes", "tag=home")]
    # Optional fields the struct leaves out are not sent.
    assert json.loads(sent[0]["body"]) == {"text": "buy milk", "tags": ["home"]}
