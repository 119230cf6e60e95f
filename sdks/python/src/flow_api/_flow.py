"""What a Python flow sees: ``handler(system: flow_api.System, this: flow_api.Execution)``, the
Cloudomation shape, backed by the Patchbay Python SDK."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

import patchbay
from patchbay.models import Execution as ExecutionRecord
from patchbay.models import Resolution


class FlowEnd(BaseException):
    """Raised by ``this.success``/``this.fail`` to stop the handler. A ``BaseException``, so that a
    flow's ``except Exception`` cannot swallow the end of its own run."""

    def __init__(self, result: FlowResult) -> None:
        super().__init__(result.message)
        self.result = result


class TaskFailed(Exception):
    """A connection's task failed (``execution["status"] == "failed"``); fails the flow unless caught."""

    def __init__(self, tag: str, execution: ExecutionRecord) -> None:
        error = execution.get("error") or {"code": "task_failed", "message": "the task failed"}
        super().__init__(f"connection '{tag}' failed: {error['code']}: {error['message']}")
        self.code = error["code"]
        self.execution = execution


@dataclass
class FlowResult:
    """How a flow ended: ``status`` is ``success`` or ``failed``."""

    status: str
    message: str
    outputs: dict[str, Any] | None = None
    code: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "message": self.message}
        if self.outputs is not None:
            data["outputs"] = self.outputs
        if self.code is not None:
            data["code"] = self.code
        return data


def _dig(value: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


class ConnectionExecution:
    """The execution a ``this.connect`` call made; ``get('output_value')`` reads one of its fields
    (a dotted path reads inside: ``get('output_value.commit_sha')``)."""

    def __init__(self, record: ExecutionRecord) -> None:
        self.record = record

    def get(self, path: str, default: Any = None) -> Any:
        found = _dig(self.record, path)
        return default if found is None else found

    def __repr__(self) -> str:
        return f"ConnectionExecution(id={self.record.get('id')!r}, tag={self.record.get('tag')!r}, status={self.record.get('status')!r})"


@dataclass
class System:
    """The flow's surroundings: the SDK client (same URL and token as ``patchbay flow run``) and the
    environment."""

    client: patchbay.Client
    env: Mapping[str, str] = field(default_factory=dict)

    def connection(self, tag: str) -> patchbay.models.Connection:
        """The stored connection ``tag`` (metadata; secrets are never in it)."""
        return self.client.connections.get(tag)


def _describe(part: Any) -> str:
    return part if isinstance(part, str) else json.dumps(part, default=str)


class Execution:
    """``this``: the running flow. ``connect`` runs a connection, ``success``/``fail`` end the flow."""

    def __init__(
        self,
        client: patchbay.Client,
        inputs: Mapping[str, Any] | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self._client = client
        self.inputs: dict[str, Any] = dict(inputs or {})
        self._log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        #: how the run ended, kept even if a flow catches the FlowEnd
        self.ended: FlowResult | None = None

    def connect(self, tag: str, inputs: Mapping[str, Any] | None = None, /, **overrides: Any) -> ConnectionExecution:
        """Runs connection ``tag`` with ``overrides`` (``this.connect('library', ref='v2')``) and
        returns its execution; a failed task raises :class:`TaskFailed`."""
        merged = {**(inputs or {}), **overrides}
        record = self._client.connect(tag, merged or None)
        self._log(
            f"connect {tag}: {record['status']} in {record['duration_ms']} ms (execution {record['id']})"
        )
        if record["status"] == "failed":
            raise TaskFailed(tag, record)
        return ConnectionExecution(record)

    def resolve(self, tag: str, inputs: Mapping[str, Any] | None = None, /, *, reveal: bool = False, **overrides: Any) -> Resolution:
        """The merged inputs of ``tag`` and their sources; secrets masked unless ``reveal``."""
        merged = {**(inputs or {}), **overrides}
        return self._client.resolve(tag, merged or None, reveal=reveal)

    def log(self, *parts: Any) -> None:
        """A line on standard error; objects are printed as JSON."""
        self._log(" ".join(_describe(part) for part in parts))

    def success(self, message: str = "flow succeeded", **outputs: Any) -> NoReturn:
        """Ends the flow successfully (exit code 0); ``return this.success('all done')``."""
        self._end(FlowResult("success", message, outputs or None))

    def fail(self, message: str = "flow failed", **outputs: Any) -> NoReturn:
        """Ends the flow as failed (exit code 1)."""
        self._end(FlowResult("failed", message, outputs or None))

    def _end(self, result: FlowResult) -> NoReturn:
        if self.ended is None:
            self.ended = result
        raise FlowEnd(self.ended)
