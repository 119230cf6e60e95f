"""Schemathesis hooks for Patchbay's contract run (loaded through SCHEMATHESIS_HOOKS=st_hooks).

The run plants canary secret values in connections and the Vault configuration before it starts
(PATCHBAY_ST_CANARIES, comma-separated) and uses an admin token *without* the reveal capability, so no
response may ever contain a canary: a response that does is a leaked secret.
"""

import os

import schemathesis

CANARIES = [c for c in os.environ.get("PATCHBAY_ST_CANARIES", "").split(",") if c]
if not CANARIES:
    raise RuntimeError("PATCHBAY_ST_CANARIES is empty: the canary check would check nothing")


@schemathesis.check
def no_canary_secret(ctx, response, case):
    """No response body or header carries a planted secret value."""
    text = response.text or ""
    headers = " ".join(f"{k}: {v}" for k, vs in response.headers.items() for v in vs)
    for canary in CANARIES:
        if canary in text or canary in headers:
            raise AssertionError(f"a planted secret ({canary[:6]}…) is in the response of {case.method} {case.path}")
