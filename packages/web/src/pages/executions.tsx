import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../api';
import { Pager, useCursorPager } from '../components/pager';
import {
  Button,
  Card,
  Empty,
  ErrorBox,
  formatDuration,
  formatTime,
  JsonBlock,
  Loading,
  PageHeader,
  StatusBadge,
  useDebounced,
} from '../components/ui';
import { Link, setQuery, useLocation } from '../router';
import { ExecutionResult } from './connection/try-it';

/** Execution records, newest first, filtered by tag. */
export function ExecutionsPage() {
  const id = useId();
  const { query } = useLocation();
  const [tagInput, setTagInput] = useState(query.get('tag') ?? '');
  const tag = useDebounced(tagInput.trim(), 300);
  const pager = useCursorPager(tag);
  const list = useQuery({
    queryKey: ['executions', tag, pager.cursor],
    queryFn: () =>
      api.executions.list({
        ...(tag ? { tag } : {}),
        limit: 50,
        ...(pager.cursor ? { cursor: pager.cursor } : {}),
      }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="page">
      <PageHeader
        title="Executions"
        subtitle="Every connect call: merged inputs (secrets masked), output and errors."
      />
      <search className="toolbar">
        <div className="field field-inline">
          <label htmlFor={`${id}-tag`}>Connection tag</label>
          <input
            id={`${id}-tag`}
            type="search"
            placeholder="all connections"
            value={tagInput}
            spellCheck={false}
            onChange={(e) => {
              setTagInput(e.target.value);
              setQuery({ tag: e.target.value.trim() || undefined });
            }}
          />
        </div>
      </search>
      {list.isPending ? (
        <Loading label="Loading executions…" />
      ) : list.isError ? (
        <>
          <ErrorBox error={list.error} title="Could not load executions" />
          <Button onClick={() => list.refetch()}>Try again</Button>
        </>
      ) : list.data.items.length === 0 ? (
        <Empty title={tag ? `No executions of '${tag}'` : 'No executions yet'}>
          Run a task connection from its <strong>Try it</strong> tab, or from code with{' '}
          <code>run.connect('tag')</code>; each call is recorded here.
        </Empty>
      ) : (
        <>
          <div className="table-wrap" aria-busy={list.isFetching}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Connection</th>
                  <th scope="col">Status</th>
                  <th scope="col">Duration</th>
                  <th scope="col" className="hide-narrow">
                    Error
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">
                      <Link to={`/executions/${encodeURIComponent(e.id)}`}>{formatTime(e.started_at)}</Link>
                    </td>
                    <td>
                      <code>{e.tag}</code> <span className="muted small">{e.type}</span>
                    </td>
                    <td>
                      <StatusBadge status={e.status} />
                    </td>
                    <td className="nowrap">{formatDuration(e.duration_ms)}</td>
                    <td className="hide-narrow muted truncate">
                      {e.error ? `${e.error.code}: ${e.error.message}` : '—'}
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

export function ExecutionPage({ id }: { id: string }) {
  const execution = useQuery({
    queryKey: ['execution', id],
    queryFn: () => api.executions.get(id),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (
    <div className="page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/executions">Executions</Link> <span aria-hidden="true">/</span> <span>{id}</span>
      </nav>
      {execution.isPending ? (
        <Loading />
      ) : execution.isError ? (
        <ErrorBox error={execution.error} title="Could not load the execution" />
      ) : (
        <>
          <PageHeader
            title={
              <>
                Execution of{' '}
                <Link to={`/connections/${encodeURIComponent(execution.data.tag)}`}>
                  {execution.data.tag}
                </Link>
              </>
            }
            subtitle={`${execution.data.type} · ${formatTime(execution.data.started_at)} → ${formatTime(execution.data.ended_at)}`}
          />
          <div className="stack">
            <ExecutionResult execution={execution.data} />
            <Card title="Inputs (secrets masked)">
              <JsonBlock value={execution.data.inputs} label="inputs" />
            </Card>
          </div>
        </>
      )}
    </div>
  );
}
