"""``python -m flow_api FLOW.py [--input k=v …] [--json]``: what ``patchbay flow run flow.py`` runs.

PATCHBAY_URL and PATCHBAY_TOKEN name the server; exit 0 on success, 1 when the flow failed, 2 when the
file cannot be loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import patchbay

from ._runner import FlowLoadError, load_flow, run_flow


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _inputs(pairs: list[str]) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise SystemExit(f"error: --input takes key=value, got {pair!r}")
        inputs[key] = _value(value)
    return inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="patchbay flow run", description="run a Python flow")
    parser.add_argument("file")
    parser.add_argument("--input", action="append", default=[], help="a value of this.inputs (k=v)")
    parser.add_argument("--json", action="store_true", help="print {status, message, outputs} as JSON")
    options = parser.parse_args(argv)
    try:
        handler = load_flow(options.file)
    except FlowLoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with patchbay.Client(timeout=300) as client:
        result = run_flow(handler, client, _inputs(options.input))
    if options.json:
        print(json.dumps(result.as_json(), indent=2))
    else:
        outputs = f"\noutputs:\n{json.dumps(result.outputs, indent=2)}" if result.outputs else ""
        line = f"{result.status}: {result.message}{outputs}"
        print(line, file=sys.stdout if result.status == "success" else sys.stderr)
    return 0 if result.status == "success" else 1


if __name__ == "__main__":
    sys.exit(main())
