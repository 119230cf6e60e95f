import type { Connection } from '../../api';
import { fieldsOf } from '../../components/schema-form';
import { Card, formatTime, StatusBadge } from '../../components/ui';
import { useTypes } from '../../queries';
import { ChecksList } from './validation-panel';

interface InputRow {
  name: string;
  secret: boolean;
  required: boolean;
  shown: string;
  state: 'set' | 'not set' | 'default' | 'value';
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Rows of the inputs table: the schema's fields first, then any extra keys (generic). Never a secret value. */
function inputRows(c: Connection, schemaFields: ReturnType<typeof fieldsOf>): InputRow[] {
  const rows: InputRow[] = schemaFields.map((f) => {
    if (f.secret) {
      const placeholder = c.value[f.name];
      if (typeof placeholder === 'string')
        return { name: f.name, secret: true, required: f.required, shown: placeholder, state: 'value' };
      const set = c.secret_fields.includes(f.name);
      return {
        name: f.name,
        secret: true,
        required: f.required,
        shown: set ? 'set' : 'not set',
        state: set ? 'set' : 'not set',
      };
    }
    if (c.value[f.name] !== undefined)
      return {
        name: f.name,
        secret: false,
        required: f.required,
        shown: show(c.value[f.name]),
        state: 'value',
      };
    if (f.schema.default !== undefined)
      return {
        name: f.name,
        secret: false,
        required: f.required,
        shown: `${show(f.schema.default)} (default)`,
        state: 'default',
      };
    return { name: f.name, secret: false, required: f.required, shown: 'not set', state: 'not set' };
  });
  const known = new Set(rows.map((r) => r.name));
  for (const [name, v] of Object.entries(c.value)) {
    if (!known.has(name)) rows.push({ name, secret: false, required: false, shown: show(v), state: 'value' });
  }
  for (const name of c.secret_fields) {
    if (!known.has(name) && !(name in c.value))
      rows.push({ name, secret: true, required: false, shown: 'set', state: 'set' });
  }
  return rows;
}

export function OverviewTab({ connection: c }: { connection: Connection }) {
  const types = useTypes();
  const type = types.data?.find((t) => t.id === c.type);
  const rows = inputRows(c, fieldsOf(type?.input_schema));
  return (
    <div className="grid-2">
      <Card title="Inputs">
        {rows.length === 0 ? (
          <p className="muted">No inputs stored yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" data-testid="inputs-table">
              <thead>
                <tr>
                  <th scope="col">Input</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.name}>
                    <td className="nowrap">
                      <code>{row.name}</code>
                      {row.required ? (
                        <span className="required" title="required">
                          {' '}
                          *
                        </span>
                      ) : null}
                      {row.secret ? <span className="tag-secret">secret</span> : null}
                    </td>
                    <td className={`input-value state-${row.state.replace(' ', '-')}`}>
                      {row.secret && row.state !== 'value' ? (
                        <span className={`secret-state ${row.state === 'set' ? 'is-set' : ''}`}>
                          {row.shown}
                        </span>
                      ) : (
                        <span className="break">{row.shown}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="Details">
        <dl className="details">
          <dt>Tag</dt>
          <dd>
            <code>{c.tag}</code>
          </dd>
          <dt>Type</dt>
          <dd>
            {type?.display_name ?? c.type} <span className="muted">({c.kind})</span>
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={c.status} />
            {c.status_message ? <div className="muted small">{c.status_message}</div> : null}
          </dd>
          {c.description ? (
            <>
              <dt>Description</dt>
              <dd>{c.description}</dd>
            </>
          ) : null}
          {c.kind === 'cloud' ? (
            <>
              <dt>Scopes</dt>
              <dd>{c.scopes.length ? c.scopes.join(', ') : '—'}</dd>
              <dt>Account</dt>
              <dd>{c.account_identifier ?? <span className="muted">learned on validation</span>}</dd>
            </>
          ) : null}
          <dt>Vault secret</dt>
          <dd>{c.vault ? <code>{c.vault.path}</code> : <span className="muted">none attached</span>}</dd>
          <dt>Last validated</dt>
          <dd>{formatTime(c.last_validated_at)}</dd>
          <dt>Updated</dt>
          <dd>{formatTime(c.updated_at)}</dd>
          <dt>Created</dt>
          <dd>{formatTime(c.created_at)}</dd>
        </dl>
      </Card>
      {c.last_checks ? (
        <Card title={`Last validation · ${formatTime(c.last_validated_at)}`}>
          <div data-testid="last-checks">
            <ChecksList checks={c.last_checks} />
          </div>
        </Card>
      ) : null}
    </div>
  );
}
