"""End-to-end: results a model can use, from specs/results.yaml against the
recording upstream, with the official Python client over stdio and HTTP:
tolerant output schemas, the jq argument, truncation with guidance, the
next page of each paging style, cancellation reaching the upstream, and
progress notifications."""

import asyncio
import json

import pytest

from conftest import server_bin, session

BIN = "results"


def run(transport, upstream, flags, scenario):
    _, url = upstream

    async def main():
        get_as = [] if "--get-as" in flags else ["--get-as", "tools"]
        async with session(transport, server_bin(BIN), ["--base-url", url, *get_as, *flags]) as s:
            return await scenario(s)

    return asyncio.run(main())


def text(result):
    return "\n".join(c.text for c in result.content if c.type == "text")


def test_deviating_bodies_are_successful_results(transport, upstream):
    async def scenario(s):
        tools = {t.name: t for t in (await s.list_tools()).tools}
        schema = tools["count_items"].output_schema
        # The client validates structuredContent against this schema.
        results = [await s.call_tool("count_items", {"shape": shape}) for shape in ("extra", "missing", "wrong")]
        return schema, results

    schema, results = run(transport, upstream, [], scenario)
    assert schema["type"] == "object" and "count" in schema["properties"]
    assert "required" not in schema and "additionalProperties" not in schema
    assert [r.is_error for r in results] == [False, False, False]
    assert results[2].structured_content == {"count": "three", "name": 7}


def test_output_schemas_can_be_turned_off(transport, upstream):
    async def scenario(s):
        return {t.name: t.output_schema for t in (await s.list_tools()).tools}

    assert run(transport, upstream, [], scenario)["list_by_cursor"] is not None
    assert set(run(transport, upstream, ["--output-schemas", "off"], scenario).values()) == {None}


def test_jq_filters_and_its_errors_are_tool_errors(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        names = await s.call_tool("list_by_page", {"page": 1, "jq": "map(.name)"})
        before = recorder.count()
        bad = await s.call_tool("list_by_page", {"page": 1, "jq": "map(.name"})
        sent = recorder.count() - before
        failed = await s.call_tool("list_by_page", {"page": 1, "jq": ".[0].name + 1"})
        template = await s.read_resource("results://results/pages?page=1&jq=length")
        return names, bad, sent, failed, template

    names, bad, sent, failed, template = run(transport, upstream, ["--get-as", "both"], scenario)
    assert not names.is_error and json.loads(names.content[0].text) == ["item 2", "item 3"]
    assert bad.is_error and "does not parse" in text(bad) and sent == 0
    assert failed.is_error and "the jq filter failed" in text(failed)
    assert template.contents[0].text.startswith("2")


def test_jq_can_be_turned_off(transport, upstream):
    async def scenario(s):
        return {t.name: t.input_schema["properties"] for t in (await s.list_tools()).tools}

    assert "jq" in run(transport, upstream, [], scenario)["list_by_page"]
    assert "jq" not in run(transport, upstream, ["--jq", "off"], scenario)["list_by_page"]


def test_large_results_are_cut_with_guidance(transport, upstream):
    async def scenario(s):
        return await s.call_tool("export_all", {}), await s.call_tool("export_log", {})

    big, log = run(transport, upstream, ["--max-result-tokens", "2000"], scenario)
    assert not big.is_error
    kept = json.loads(big.content[0].text)
    assert kept["total"] == 5000 and 0 < len(kept["items"]) < 5000
    note = big.content[1].text
    assert f"`/items` kept {len(kept['items'])} of its 5000 items" in note and "`jq`" in note
    assert big.structured_content == kept
    assert not log.is_error
    lines = text(log).splitlines()
    assert lines[0] == "event 0" and "lines" in lines[-1] and "of its 20000 lines" in lines[-1]
    assert len(text(log)) < 2000 * 4


@pytest.mark.parametrize("tool, arguments, expected", [
    ("list_by_cursor", {"cursor": "c1"}, {"cursor": "c2"}),
    ("list_by_page", {"page": 2}, {"page": 3}),
    ("list_linked", {"page": 1, "per_page": 2}, {"page": 2, "per_page": 2}),
])
def test_paged_results_end_with_the_next_page(transport, upstream, tool, arguments, expected):
    async def scenario(s):
        return await s.call_tool(tool, arguments)

    result = run(transport, upstream, [], scenario)
    assert not result.is_error
    assert f"call `{tool}` with {json.dumps(expected, separators=(',', ':'))}" in result.content[-1].text
    assert result.meta["nextPage"] == {"name": tool, "arguments": expected}


def test_the_last_page_says_nothing_more(transport, upstream):
    async def scenario(s):
        return await s.call_tool("list_by_cursor", {"cursor": "c3"}), await s.call_tool("list_by_page", {"page": 3})

    for result in run(transport, upstream, [], scenario):
        assert "More results" not in text(result) and not (result.meta or {}).get("nextPage")


def test_cancellation_reaches_the_upstream(transport, upstream):
    recorder, _ = upstream

    async def scenario(s):
        before = recorder.abandoned
        call = asyncio.create_task(s.call_tool("rebuild_index", {"seconds": 5}))
        await asyncio.sleep(1)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        for _ in range(40):
            if recorder.abandoned > before:
                break
            await asyncio.sleep(0.1)
        abandoned = recorder.abandoned - before
        # The slot is free again: a call goes through at once.
        quick = await s.call_tool("list_by_page", {"page": 1})
        return abandoned, quick

    abandoned, quick = run(transport, upstream, ["--max-concurrency", "1"], scenario)
    assert abandoned == 1 and not quick.is_error


def test_slow_calls_report_progress(transport, upstream):
    async def scenario(s):
        seen = []

        async def progress(value, total, message):
            seen.append((value, message))

        result = await s.call_tool("rebuild_index", {"seconds": 2.5}, progress_callback=progress)
        return result, seen

    result, seen = run(transport, upstream, [], scenario)
    assert not result.is_error
    assert [v for v, _ in seen] == [1.0, 2.0] and "waiting for the API" in seen[0][1]


def test_discovery_takes_jq_once_and_describes_the_output(transport, upstream):
    async def scenario(s):
        tools = {t.name: t for t in (await s.list_tools()).tools}
        described = await s.call_tool("describe_operation", {"name": "count_items"})
        called = await s.call_tool("call_operation", {
            "name": "list_by_page", "arguments": {"page": 1}, "jq": "map(.id)"})
        return tools, described, called

    tools, described, called = run(transport, upstream, ["--tool-mode", "discover"], scenario)
    assert "jq" in tools["call_operation"].input_schema["properties"]
    assert "count" in described.structured_content["outputSchema"]["properties"]
    assert json.loads(called.content[0].text) == ["i2", "i3"]
    assert "call `list_by_page` with {\"page\":2}" in called.content[-1].text
