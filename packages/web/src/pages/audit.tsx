import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../api';
import { Pager, useCursorPager } from '../components/pager';
import { Button, Empty, ErrorBox, formatTime, Loading, PageHeader, useDebounced } from '../components/ui';
import { Link } from '../router';

/** `token:tok_01… (ci-pipeline)` → `ci-pipeline`; the full actor stays in the cell's title. */
const actorName = (actor: string) => /\(([^)]+)\)$/.exec(actor)?.[1] ?? actor;

function ChainStatus() {
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: api.audit.verify, staleTime: 0 });
  return (
    <div
      className={`chain ${verify.data ? (verify.data.ok ? 'chain-ok' : 'chain-broken') : ''}`}
      aria-live="polite"
      data-testid="audit-verify"
    >
      {verify.isPending ? (
        <Loading label="Verifying the hash chain…" />
      ) : verify.isError ? (
        <ErrorBox error={verify.error} title="Could not verify the audit chain" />
      ) : verify.data.ok ? (
        <span>
          <strong>✓ Chain intact</strong> — {verify.data.count ?? 0} events, each hash links to the one
          before.
        </span>
      ) : (
        <span>
          <strong>✕ Chain broken</strong> at event #{verify.data.seq}: {verify.data.reason}. Events may have
          been altered or removed; keep this database for investigation.
        </span>
      )}
      <Button
        className="btn-small"
        onClick={() => verify.refetch()}
        busy={verify.isFetching && !verify.isPending}
      >
        Verify again
      </Button>
    </div>
  );
}

/** The append-only, hash-chained audit log, newest first. */
export function AuditPage() {
  const id = useId();
  const [tagInput, setTagInput] = useState('');
  const [actionInput, setActionInput] = useState('');
  const tag = useDebounced(tagInput.trim(), 300);
  const action = useDebounced(actionInput.trim(), 300);
  const filters = { ...(tag ? { tag } : {}), ...(action ? { action } : {}), limit: 50 };
  const pager = useCursorPager(JSON.stringify(filters));
  const list = useQuery({
    queryKey: ['audit', filters, pager.cursor],
    queryFn: () => api.audit.list({ ...filters, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="page">
      <PageHeader
        title="Audit"
        subtitle="Every change, resolve, connect and denied request; append-only and hash-chained."
      />
      <ChainStatus />
      <search className="toolbar">
        <div className="field field-inline">
          <label htmlFor={`${id}-tag`}>Tag</label>
          <input
            id={`${id}-tag`}
            type="search"
            placeholder="any"
            value={tagInput}
            onChange={(e) => setTagInput(e.target.value)}
          />
        </div>
        <div className="field field-inline">
          <label htmlFor={`${id}-action`}>Action</label>
          <input
            id={`${id}-action`}
            type="search"
            placeholder="e.g. connection.resolve"
            value={actionInput}
            onChange={(e) => setActionInput(e.target.value)}
          />
        </div>
      </search>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBox error={list.error} title="Could not load the audit log" />
      ) : list.data.items.length === 0 ? (
        <Empty title="No audit events match">Clear the filters to see every event.</Empty>
      ) : (
        <>
          <div className="table-wrap" aria-busy={list.isFetching}>
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Tag</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="hide-narrow">
                    Actor
                  </th>
                  <th scope="col" className="hide-narrow">
                    Details
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap muted">{formatTime(e.at)}</td>
                    <td className="nowrap">
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.tag ? <Link to={`/connections/${encodeURIComponent(e.tag)}`}>{e.tag}</Link> : '—'}
                    </td>
                    <td>
                      <span className={`outcome outcome-${e.outcome}`}>{e.outcome}</span>
                    </td>
                    <td className="hide-narrow muted nowrap" title={e.actor}>
                      {actorName(e.actor)}
                    </td>
                    <td className="hide-narrow details-cell">
                      {Object.keys(e.details).length ? (
                        <details>
                          <summary>{Object.keys(e.details).join(', ')}</summary>
                          <pre>{JSON.stringify(e.details, null, 2)}</pre>
                          {e.request_id ? <div className="muted small">request {e.request_id}</div> : null}
                        </details>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager pager={pager} page={list.data} busy={list.isFetching} />
        </>
      )}
    </div>
  );
}
