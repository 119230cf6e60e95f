"""Loads a flow file and runs its ``handler`` to the end, the way ``patchbay flow run flow.py`` does."""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import patchbay

from ._flow import Execution, FlowEnd, FlowResult, System, TaskFailed

Handler = Callable[..., Any]


class FlowLoadError(Exception):
    """The file cannot be loaded or has no ``handler``: a usage problem (exit code 2), not a failed flow."""


def load_flow(file: str | os.PathLike[str]) -> Handler:
    """The ``handler`` of the Python module at ``file``."""
    path = Path(file).resolve()
    if not path.is_file():
        raise FlowLoadError(f"flow file {file} does not exist")
    spec = importlib.util.spec_from_file_location(f"patchbay_flow_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise FlowLoadError(f"cannot load flow {file}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))  # so a flow can import its neighbours
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise FlowLoadError(f"cannot load flow {file}: {type(error).__name__}: {error}") from error
    handler = getattr(module, "handler", None)
    if not callable(handler):
        raise FlowLoadError(f"flow {file} must define a function handler(system, this)")
    return handler  # type: ignore[no-any-return]


def _call(handler: Handler, system: System, this: Execution) -> Any:
    """``handler(system, this)``, or ``handler(system, this, inputs)`` for flows that take inputs."""
    try:
        takes_inputs = len(inspect.signature(handler).parameters) >= 3
    except (TypeError, ValueError):
        takes_inputs = False
    return handler(system, this, this.inputs) if takes_inputs else handler(system, this)


def _failure(error: BaseException) -> FlowResult:
    if isinstance(error, patchbay.PatchbayError):
        return FlowResult("failed", f"{error.code}: {error.message}", code=error.code)
    if isinstance(error, TaskFailed):
        return FlowResult("failed", str(error), code=error.code)
    return FlowResult("failed", f"{type(error).__name__}: {error}")


def run_flow(
    handler: Handler,
    client: patchbay.Client,
    inputs: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    log: Callable[[str], None] | None = None,
) -> FlowResult:
    """Runs ``handler`` to its end: ``this.success`` or returning → success; ``this.fail`` or an
    uncaught exception → failed. Never raises for the flow's own failures."""
    this = Execution(client, inputs, log)
    system = System(client, dict(os.environ if env is None else env))
    try:
        returned = _call(handler, system, this)
    except FlowEnd as end:
        return end.result
    except Exception as error:  # noqa: BLE001 (any exception of the flow fails the flow)
        if this.ended is not None:
            return this.ended
        if not isinstance(error, (patchbay.PatchbayError, TaskFailed)):
            traceback.print_exc(file=sys.stderr)
        return _failure(error)
    if this.ended is not None:
        return this.ended
    if isinstance(returned, FlowResult):
        return returned
    if isinstance(returned, str):
        return FlowResult("success", returned)
    outputs = dict(returned) if isinstance(returned, Mapping) else None
    return FlowResult("success", "flow finished", outputs)
