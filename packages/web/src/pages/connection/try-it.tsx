import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, type Connection, type JsonObject, type JsonSchema } from '../../api';
import { Button, Card, ErrorBox, formatDuration, JsonBlock, StatusBadge } from '../../components/ui';
import { useTypes } from '../../queries';
import { Link } from '../../router';
import { useCan } from '../../session';

interface Row {
  id: number;
  key: string;
  value: string;
}

/** A row's text → JSON value: strings stay strings for string inputs; otherwise JSON if it parses. */
function rowValue(text: string, schema: JsonSchema | undefined): unknown {
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (type === 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const display = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

let nextRowId = 1;

/** Try it: preview the merged inputs (resolve, masked) and run the task (connect) with overrides. */
export function TryItTab({ connection: c }: { connection: Connection }) {
  const id = useId();
  const types = useTypes();
  const canRun = useCan('runner');
  const type = types.data?.find((t) => t.id === c.type);
  const properties = type?.input_schema.properties ?? {};
  const runnable = c.kind === 'task' && (type?.commands.length ?? 0) > 0;
  const [mode, setMode] = useState<'rows' | 'json'>('rows');
  const [rows, setRows] = useState<Row[]>([{ id: nextRowId++, key: '', value: '' }]);
  const [json, setJson] = useState('{}');
  const [timeout, setTimeoutMs] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const overrides = (): JsonObject | null => {
    setProblem(null);
    if (mode === 'json') {
      try {
        const parsed: unknown = JSON.parse(json || '{}');
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
          throw new Error('not an object');
        return parsed as JsonObject;
      } catch {
        setProblem('The overrides must be a JSON object, e.g. {"ref": "v2"}.');
        return null;
      }
    }
    const out: JsonObject = {};
    for (const row of rows)
      if (row.key.trim()) out[row.key.trim()] = rowValue(row.value, properties[row.key.trim()]);
    return out;
  };

  const resolve = useMutation({ mutationFn: (inputs: JsonObject) => api.connections.resolve(c.tag, inputs) });
  const connect = useMutation({
    mutationFn: (inputs: JsonObject) =>
      api.connections.connect(c.tag, inputs, timeout ? Number(timeout) : undefined),
  });
  const run = (action: 'resolve' | 'connect') => (event?: FormEvent) => {
    event?.preventDefault();
    const inputs = overrides();
    if (!inputs) return;
    (action === 'resolve' ? resolve : connect).mutate(inputs);
  };

  if (!canRun)
    return <p className="alert alert-info">Resolving and connecting need the runner role or above.</p>;

  const setRow = (rowId: number, change: Partial<Row>) =>
    setRows(rows.map((r) => (r.id === rowId ? { ...r, ...change } : r)));
  const datalist = `${id}-fields`;
  return (
    <div className="try-grid">
      <Card
        title="Overrides"
        actions={
          <fieldset className="segmented">
            <legend className="sr-only">Give overrides as</legend>
            <button type="button" aria-pressed={mode === 'rows'} onClick={() => setMode('rows')}>
              Rows
            </button>
            <button type="button" aria-pressed={mode === 'json'} onClick={() => setMode('json')}>
              JSON
            </button>
          </fieldset>
        }
      >
        <form onSubmit={run('resolve')}>
          <p className="muted">
            Applied on top of the stored inputs and the Vault secret, for this call only. Values are text for
            text inputs, JSON otherwise (numbers, lists, objects). Changing a target field (host, url) while
            secrets are stored needs the editor role.
          </p>
          {mode === 'rows' ? (
            <div className="kv-rows">
              <datalist id={datalist}>
                {Object.keys(properties).map((k) => (
                  <option key={k} value={k} />
                ))}
              </datalist>
              {rows.map((row, index) => (
                <div className="kv-row" key={row.id}>
                  <label className="sr-only" htmlFor={`${id}-k${row.id}`}>
                    Override {index + 1} input
                  </label>
                  <input
                    id={`${id}-k${row.id}`}
                    list={datalist}
                    placeholder="input"
                    value={row.key}
                    spellCheck={false}
                    onChange={(e) => setRow(row.id, { key: e.target.value })}
                  />
                  <label className="sr-only" htmlFor={`${id}-v${row.id}`}>
                    Override {index + 1} value
                  </label>
                  <input
                    id={`${id}-v${row.id}`}
                    placeholder="value"
                    value={row.value}
                    spellCheck={false}
                    onChange={(e) => setRow(row.id, { value: e.target.value })}
                  />
                  <Button
                    variant="ghost"
                    aria-label={`Remove override ${index + 1}`}
                    onClick={() =>
                      setRows(
                        rows.length > 1
                          ? rows.filter((r) => r.id !== row.id)
                          : [{ id: nextRowId++, key: '', value: '' }],
                      )
                    }
                  >
                    ✕
                  </Button>
                </div>
              ))}
              <Button
                className="btn-small"
                onClick={() => setRows([...rows, { id: nextRowId++, key: '', value: '' }])}
              >
                + Add override
              </Button>
            </div>
          ) : (
            <div className="field">
              <label htmlFor={`${id}-json`}>Overrides as JSON</label>
              <textarea
                id={`${id}-json`}
                className="mono"
                rows={5}
                value={json}
                onChange={(e) => setJson(e.target.value)}
                spellCheck={false}
              />
            </div>
          )}
          {runnable ? (
            <div className="field field-inline timeout-field">
              <label htmlFor={`${id}-timeout`}>Timeout (ms)</label>
              <input
                id={`${id}-timeout`}
                type="number"
                min={1}
                placeholder="server default"
                value={timeout}
                onChange={(e) => setTimeoutMs(e.target.value)}
              />
            </div>
          ) : null}
          {problem ? (
            <p className="alert alert-error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="form-actions">
            <Button type="submit" busy={resolve.isPending}>
              Preview resolve
            </Button>
            {runnable ? (
              <Button variant="primary" onClick={() => run('connect')()} busy={connect.isPending}>
                Connect
              </Button>
            ) : (
              <span className="muted small">
                {c.kind === 'cloud'
                  ? 'Cloud connections are used by components, not run.'
                  : `A ${c.type} connection is not runnable; code reads it with resolve.`}
              </span>
            )}
          </div>
        </form>
      </Card>
      <div className="stack" aria-live="polite">
        <ErrorBox error={connect.error} title="Connect failed" />
        {connect.data ? <ExecutionResult execution={connect.data} /> : null}
        <ErrorBox error={resolve.error} title="Resolve failed" />
        {resolve.data ? <ResolutionTable resolution={resolve.data} /> : null}
        {!connect.data && !resolve.data && !connect.error && !resolve.error ? (
          <div className="empty">
            <div className="empty-title">Nothing run yet</div>
            <div className="empty-body">
              Preview resolve shows the merged inputs and where each came from (secrets masked)
              {runnable ? '; Connect runs the task and shows its execution record.' : '.'}
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}

function ResolutionTable({
  resolution,
}: {
  resolution: { inputs: JsonObject; sources: Record<string, string> };
}) {
  const keys = Object.keys(resolution.inputs).sort();
  return (
    <Card title="Resolved inputs">
      <div className="table-wrap">
        <table className="table table-compact" data-testid="resolution">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key}>
                <td>
                  <code>{key}</code>
                </td>
                <td className="break mono-sm">{display(resolution.inputs[key])}</td>
                <td>
                  <span className={`source source-${(resolution.sources[key] ?? 'default').split(':')[0]}`}>
                    {resolution.sources[key] ?? 'default'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export function ExecutionResult({ execution: e }: { execution: import('../../api').Execution }) {
  return (
    <Card
      title={
        <>
          Execution <StatusBadge status={e.status} />
        </>
      }
      actions={
        <Link to={`/executions/${encodeURIComponent(e.id)}`} title={e.id}>
          Open record →
        </Link>
      }
    >
      <div data-testid="execution-result">
        <dl className="details details-inline">
          <dt>Duration</dt>
          <dd>{formatDuration(e.duration_ms)}</dd>
          <dt>Started</dt>
          <dd>{new Date(e.started_at).toLocaleTimeString()}</dd>
        </dl>
        {e.error ? (
          <div className="alert alert-error">
            <div className="alert-title">
              <code>{e.error.code}</code>
            </div>
            <p className="alert-message">{e.error.message}</p>
          </div>
        ) : null}
        {e.output_value !== null && e.output_value !== undefined ? (
          <JsonBlock value={e.output_value} label="output_value" />
        ) : null}
      </div>
    </Card>
  );
}
