"""The shared scenario suite (sdks/scenarios/*.json), one test case per file, run through the SDK."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT, live_env
from scenario_match import dig, mismatches, substitute
from scenario_ops import OPS

import patchbay

SCENARIOS = Path(os.environ.get("PATCHBAY_SCENARIOS_DIR") or REPO_ROOT / "sdks" / "scenarios")
FILES = sorted(SCENARIOS.glob("*.json"))


def test_the_suite_is_there() -> None:
    assert len(FILES) >= 9, f"expected the scenario files in {SCENARIOS}"
    for path in FILES:
        for step in json.loads(path.read_text())["steps"]:
            assert step["op"] in OPS, f"{path.name}: op {step['op']} has no mapping in scenario_ops.py"


@pytest.fixture(scope="module")
def env() -> dict[str, Any]:
    found = live_env()
    if found is None:
        pytest.skip("no Patchbay server (PATCHBAY_URL)")
    return found


def _call(client: patchbay.Client, step: dict[str, Any], lookup: dict[str, Any]) -> tuple[Any, Any]:
    args = substitute(step.get("args", {}), lookup)
    try:
        return OPS[step["op"]](client, args), None
    except patchbay.PatchbayError as error:
        return None, error


def _no_leak(label: str, step: dict[str, Any], result: Any, error: Any, env: dict[str, Any]) -> None:
    """No token in any error, no stored password in any answer but a revealing resolve."""
    if error is not None:
        text = f"{error} {error!r} {error.details}"
        assert env["token"] not in text and env["runner_token"] not in text, f"{label}: a token leaked"
    password = str(env["vars"].get("pg_password", "")) or None
    if password and not step.get("args", {}).get("reveal"):
        assert password not in json.dumps(result), f"{label}: the PostgreSQL password came back"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, env: dict[str, Any]) -> None:
    scenario = json.loads(path.read_text())
    lookup: dict[str, Any] = {**env["vars"], "token:runner": env["runner_token"]}
    clients = {
        "admin": patchbay.Client(env["url"], env["token"], timeout=120),
        "runner": patchbay.Client(env["url"], env["runner_token"], timeout=120),
    }
    for index, step in enumerate(scenario["steps"]):
        label = f"{path.name} step {index} ({step['op']})"
        result, error = _call(clients[step.get("as", "admin")], step, lookup)
        _no_leak(label, step, result, error, env)
        if "expect_error" in step:
            want = substitute(step["expect_error"], lookup)
            assert error is not None, f"{label}: expected {want}, got success {json.dumps(result)[:500]}"
            got = {"status": error.status, "code": error.code}
            assert got == {"status": want["status"], "code": want["code"]}, f"{label}: {error!r}"
            assert error.request_id, f"{label}: the error has no request_id"
            assert isinstance(error, patchbay.ERRORS_BY_CODE.get(error.code, patchbay.PatchbayError)), label
            print(f"{label}: raised {type(error).__name__} {error}")
            continue
        assert error is None, f"{label}: unexpected {error!r} details={error.details}"
        if "expect" in step:
            problems = mismatches(substitute(step["expect"], lookup), result)
            assert not problems, f"{label}:\n  " + "\n  ".join(problems) + f"\nresult: {json.dumps(result)[:2000]}"
        if isinstance(result, dict) and "pages" in result:
            print(f"{label}: {len(result['items'])} items over {result['pages']} pages")
        for name, where in step.get("save", {}).items():
            lookup[f"saved.{name}"] = dig(result, where)
    for client in clients.values():
        client.close()
