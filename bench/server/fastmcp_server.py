"""Serves an OpenAPI spec with FastMCP's OpenAPI mapping over Streamable
HTTP, for `scripts/bench-server --fastmcp`, which drives it and the
generated server with the same Rust client against the same stub upstream.

Usage: python fastmcp_server.py SPEC BASE_URL   (prints "MCP endpoint: URL")
"""

import socket
import sys

import httpx2
import yaml
from fastmcp import FastMCP

spec_path, base_url = sys.argv[1], sys.argv[2]
with open(spec_path) as f:
    spec = yaml.safe_load(f)
mcp = FastMCP.from_openapi(openapi_spec=spec, client=httpx2.AsyncClient(base_url=base_url))
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
print(f"MCP endpoint: http://127.0.0.1:{port}/mcp", file=sys.stderr, flush=True)
mcp.run(transport="http", host="127.0.0.1", port=port, log_level="warning", show_banner=False)
