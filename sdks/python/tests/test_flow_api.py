"""flow_api against a scripted server: how a Cloudomation-style flow ends, and what connect sends."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import flow_api
import patchbay


def execution(status: str = "succeeded", **extra: Any) -> dict[str, Any]:
    return {"id": "exe_1", "tag": "library", "type": "git", "status": status, "inputs": {}, "duration_ms": 5,
            "output_value": {"commit_sha": "abc"}, "error": None, **extra}


class Server:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer
        self.bodies: list[Any] = []

    def client(self) -> patchbay.Client:
        def handler(request: httpx.Request) -> httpx.Response:
            self.bodies.append(json.loads(request.content or b"null"))
            return httpx.Response(200, json=self.answer)

        return patchbay.Client("http://patchbay.test", "pb_x", transport=httpx.MockTransport(handler))


def run(handler: Any, answer: dict[str, Any] | None = None, **inputs: Any) -> tuple[flow_api.FlowResult, Server]:
    server = Server(answer or execution())
    lines: list[str] = []
    result = flow_api.run_flow(handler, server.client(), inputs, env={}, log=lines.append)
    return result, server


def test_the_seed_shape_returns_success_and_sends_the_override() -> None:
    def handler(system: flow_api.System, this: flow_api.Execution):  # noqa: ANN202 (the seed's spelling)
        metadata = this.connect("library", ref="v2").get("output_value")
        return this.success("all done", sha=metadata["commit_sha"])

    result, server = run(handler)
    assert result.as_json() == {"status": "success", "message": "all done", "outputs": {"sha": "abc"}}
    assert server.bodies == [{"inputs": {"ref": "v2"}}]


def test_get_reads_dotted_paths_and_defaults() -> None:
    found = flow_api.ConnectionExecution(execution())  # type: ignore[arg-type]
    assert found.get("output_value.commit_sha") == "abc"
    assert found.get("output_value.nope", "dflt") == "dflt"


def test_fail_ends_the_flow_even_inside_except_exception() -> None:
    def handler(system: flow_api.System, this: flow_api.Execution) -> str:
        try:
            this.fail("stop here")
        except Exception:  # noqa: BLE001 (a flow that catches too much must still end)
            return "swallowed"
        return "not reached"

    assert run(handler)[0].as_json() == {"status": "failed", "message": "stop here"}


def test_a_failed_task_raises_task_failed_which_fails_the_flow_unless_caught() -> None:
    failed = execution("failed", error={"code": "ref_not_found", "message": "no ref nope"}, output_value=None)

    def uncaught(system: flow_api.System, this: flow_api.Execution) -> None:
        this.connect("library", ref="nope")

    def caught(system: flow_api.System, this: flow_api.Execution) -> str:
        try:
            this.connect("library", ref="nope")
        except flow_api.TaskFailed as error:
            return f"handled {error.code}"
        return "no"

    assert run(uncaught, failed)[0].as_json() == {
        "status": "failed",
        "message": "connection 'library' failed: ref_not_found: no ref nope",
        "code": "ref_not_found",
    }
    assert run(caught, failed)[0].message == "handled ref_not_found"


@pytest.mark.parametrize(
    ("returned", "expected"),
    [(None, {"status": "success", "message": "flow finished"}),
     ("done", {"status": "success", "message": "done"}),
     ({"n": 1}, {"status": "success", "message": "flow finished", "outputs": {"n": 1}})],
)
def test_returning_without_success(returned: Any, expected: dict[str, Any]) -> None:
    assert run(lambda system, this: returned)[0].as_json() == expected


def test_an_api_error_and_a_handler_taking_inputs() -> None:
    def handler(system: flow_api.System, this: flow_api.Execution, inputs: dict[str, Any]) -> None:
        raise patchbay.ConnectionNotFoundError("no such connection", status=404, request_id="r")

    result = run(handler)[0]
    assert (result.status, result.code, result.message) == ("failed", "connection_not_found", "connection_not_found: no such connection")
    assert run(lambda system, this, inputs: {"got": inputs["x"]}, x=3)[0].outputs == {"got": 3}
