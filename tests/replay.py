"""Replay recorded answers of web services, for tests (pytest-httpserver's handler) and for a
person producing an example from them (`python tests/replay.py FILE --port N`, a local server).

A recording is JSON: {"exchanges": [...]}, each with `method` (GET unless said), `path`, the
`query` parameters it requires (a subset: others, such as mailto, are ignored), and either
`status` and `json` (the answer), or `records`: for a batch endpoint, the answer is the list of
the records of the ids POSTed ({"ids": [...]}), null for an id it has none of."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from werkzeug import Request, Response


class Replay:
    def __init__(self, exchanges: list[dict]):
        self.exchanges = exchanges
        self.asked: list[tuple[str, str]] = []  # (method, path), in order: what a test may count

    @classmethod
    def from_file(cls, path: Path) -> "Replay":
        return cls(json.loads(path.read_text(encoding="utf-8"))["exchanges"])

    def __call__(self, request: Request) -> Response:
        self.asked.append((request.method, request.path))
        for exchange in self.exchanges:
            if exchange.get("method", "GET") != request.method or exchange["path"] != request.path:
                continue
            if any(request.args.get(name) != value for name, value in exchange.get("query", {}).items()):
                continue
            if "records" in exchange:
                ids = (request.get_json(silent=True) or {}).get("ids", [])
                return _json([exchange["records"].get(name) for name in ids], 200)
            return _json(exchange.get("json"), exchange.get("status", 200), exchange.get("headers", {}))
        return _json({"error": f"nothing recorded for {request.method} {request.full_path}"}, 404)

    def wsgi(self, environ, start_response):
        return self(Request(environ))(environ, start_response)


def _json(data, status: int, headers: dict | None = None) -> Response:
    return Response(json.dumps(data), status=status, headers=headers or {}, content_type="application/json")


if __name__ == "__main__":
    from werkzeug.serving import run_simple

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    run_simple("127.0.0.1", args.port, Replay.from_file(args.recording).wsgi)
