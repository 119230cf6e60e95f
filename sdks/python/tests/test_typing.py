"""The package is typed (py.typed): mypy --strict finds nothing in patchbay and flow_api."""

from __future__ import annotations

from pathlib import Path

from mypy import api

SRC = Path(__file__).resolve().parents[1] / "src"


def test_mypy_strict_passes_on_the_package() -> None:
    out, err, status = api.run(["--strict", "--no-error-summary", str(SRC / "patchbay"), str(SRC / "flow_api")])
    assert status == 0, out + err
    assert (SRC / "patchbay" / "py.typed").exists() and (SRC / "flow_api" / "py.typed").exists()
