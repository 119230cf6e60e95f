"""``flow_api``: run Cloudomation-style Python flows against Patchbay, unchanged::

    import flow_api

    def handler(system: flow_api.System, this: flow_api.Execution):
        metadata = this.connect('library', ref='v2').get('output_value')
        return this.success('all done')

``patchbay flow run flow.py`` (or ``python -m flow_api flow.py``) runs it with PATCHBAY_URL and
PATCHBAY_TOKEN.
"""

from ._flow import ConnectionExecution, Execution, FlowEnd, FlowResult, System, TaskFailed
from ._runner import FlowLoadError, load_flow, run_flow

__all__ = [
    "ConnectionExecution",
    "Execution",
    "FlowEnd",
    "FlowLoadError",
    "FlowResult",
    "System",
    "TaskFailed",
    "load_flow",
    "run_flow",
]
