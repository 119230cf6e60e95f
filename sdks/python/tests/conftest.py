"""Shared fixtures: the server the scenario-env harness started (PATCHBAY_URL …), or a loud skip."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


def live_env() -> dict[str, Any] | None:
    """The harness's variables, or None without a server (a failure when CI is set)."""
    if not os.environ.get("PATCHBAY_URL"):
        why = "PATCHBAY_URL is not set: no Patchbay server to run the scenarios against"
        if os.environ.get("CI"):
            pytest.fail(f"{why}; CI must run them (packages/server/test/sdks/python.test.ts starts one)")
        print(f"\n!!! SKIPPING the live scenarios: {why}. Run `npx vitest run packages/server/test/sdks/python.test.ts`.")
        return None
    return {
        "url": os.environ["PATCHBAY_URL"],
        "token": os.environ["PATCHBAY_TOKEN"],
        "runner_token": os.environ.get("PATCHBAY_RUNNER_TOKEN", ""),
        "vars": json.loads(os.environ.get("PATCHBAY_SCENARIO_VARS", "{}")),
    }
