"""specs/injection.yaml puts text that would break out of Rust strings,
comments, attributes, Tera tags, Markdown and HTML into every string a
template prints. The crate compiled (scripts/build-generated); here every
string must reach the client exactly as the spec wrote it, and arguments
with such text must arrive upstream intact."""

import json
import subprocess
from urllib.parse import unquote

import yaml_free_spec as spec

from conftest import server_bin, session

BIN = "inject-title-raw"


async def test_every_string_arrives_verbatim(upstream):
    recorder, base_url = upstream
    origin = base_url.rsplit("/", 1)[0]
    async with session("stdio", server_bin(BIN), ["--base-url", origin],
                       env={"INJECT_TITLE_RAW_KEY_K": "k"}) as s:
        info = s.init_result.server_info
        assert info.version == spec.VERSION
        assert spec.DESCRIPTION in s.init_result.instructions
        (tool,) = (await s.list_tools()).tools
        assert spec.SUMMARY in tool.description and spec.OP_DESCRIPTION in tool.description
        props = tool.input_schema["properties"]
        query = next(v for k, v in props.items() if k.startswith("q"))
        assert query["enum"] == spec.QUERY_ENUM
        assert query["description"] == "Query r#\"q\"# </script>"
        body = props["body"]
        assert body["properties"]["kind{{k}}"]["enum"] == spec.KIND_ENUM
        assert body["properties"]["name\"*/"]["default"] == "d\"*/{{d}}{%d%}#[d]"
        (prompt,) = (await s.list_prompts()).prompts
        assert spec.TAG in prompt.description

        path_arg = next(k for k, v in props.items() if v.get("description") == 'Path "*/{{p}}')
        arguments = {path_arg: "a/b\"c", query_name(props): "{{e}}",
                     "body": {"name\"*/": "n\"*/{{n}}", "kind{{k}}": "{% if %}", "r#type": 1}}
        result = await s.call_tool(tool.name, arguments)
        assert not result.is_error, result.content
        echo = result.structured_content
        assert unquote(echo["path"]) == "/echo/a/b\"c"
        assert echo["path"].count("/") == 2
        assert unquote(echo["query"].split("=", 1)[1]) == "{{e}}"
        assert json.loads(echo["body"]) == arguments["body"]
        assert recorder.last()["headers"]["x-api-key"] == "k"


def query_name(props):
    return next(k for k in props if k.startswith("q"))


def test_help_prints_server_variables_verbatim():
    done = subprocess.run([server_bin(BIN), "--help"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    assert "The port \"*/ {{ p }} #[p] r#\"p\"#" in done.stdout
