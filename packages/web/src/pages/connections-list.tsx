import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, type Connection, type ConnectionQuery, STATUSES, type Status } from '../api';
import { Pager, useCursorPager } from '../components/pager';
import {
  Button,
  Empty,
  ErrorBox,
  formatTime,
  Loading,
  PageHeader,
  StatusBadge,
  useDebounced,
} from '../components/ui';
import { useCloudNames, useTypeName, useTypes } from '../queries';
import { Link, navigate, setQuery, useLocation } from '../router';
import { useCan } from '../session';

const PAGE_SIZE = 50;

/** Connections (all kinds) or, with kind=cloud, the Cloud page: search, filters, one page at a time. */
export function ConnectionsPage({ kind }: { kind: 'cloud' | undefined }) {
  const { query } = useLocation();
  const id = useId();
  const canEdit = useCan('editor');
  const types = useTypes();
  const cloudNames = useCloudNames();
  const [search, setSearch] = useState(query.get('q') ?? '');
  const q = useDebounced(search.trim(), 250);
  const type = query.get('type') ?? '';
  const status = (query.get('status') ?? '') as Status | '';
  const filters: ConnectionQuery = {
    ...(q ? { q } : {}),
    ...(type ? { type } : {}),
    ...(status ? { status } : {}),
    ...(kind ? { kind } : {}),
    limit: PAGE_SIZE,
  };
  const pager = useCursorPager(JSON.stringify(filters));
  const list = useQuery({
    queryKey: ['connections', filters, pager.cursor],
    queryFn: () => api.connections.list({ ...filters, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });

  const filtered = !!(q || type || status);
  const base = kind === 'cloud' ? '/cloud' : '/connections';
  const typeOptions = (types.data ?? []).filter((t) => !kind || t.kind === kind);
  const addLabel = kind === 'cloud' ? 'Add cloud connection' : 'Add connection';
  const onSearch = (value: string) => {
    setSearch(value);
    setQuery({ q: value.trim() || undefined });
  };

  return (
    <div className="page">
      <PageHeader
        title={kind === 'cloud' ? 'Cloud' : 'Connections'}
        subtitle={
          kind === 'cloud'
            ? 'Cloud accounts linked under a stable tag; components use them with cloud: <tag>.'
            : 'Named inputs for tasks and clouds, validated against the real system and handed to code by tag.'
        }
        actions={
          canEdit ? (
            <Button variant="primary" onClick={() => navigate(`${base}/new`)}>
              {addLabel}
            </Button>
          ) : null
        }
      />
      <search className="toolbar">
        <div className="field field-inline grow">
          <label htmlFor={`${id}-q`} className="sr-only">
            Search
          </label>
          <input
            id={`${id}-q`}
            type="search"
            placeholder="Search by tag, name or description"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
          />
        </div>
        <div className="field field-inline">
          <label htmlFor={`${id}-type`}>{kind === 'cloud' ? 'Provider' : 'Type'}</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setQuery({ type: e.target.value })}>
            <option value="">All</option>
            {typeOptions.map((t) => (
              <option key={t.id} value={t.id}>
                {t.display_name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setQuery({ status: e.target.value })}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </search>

      {list.isPending ? (
        <Loading label="Loading connections…" />
      ) : list.isError ? (
        <div>
          <ErrorBox error={list.error} title="Could not load connections" />
          <Button onClick={() => list.refetch()}>Try again</Button>
        </div>
      ) : list.data.items.length === 0 ? (
        filtered ? (
          <Empty
            title="No connections match"
            action={
              <Button
                onClick={() => {
                  setSearch('');
                  setQuery({ q: undefined, type: undefined, status: undefined });
                }}
              >
                Clear search and filters
              </Button>
            }
          >
            Nothing matches {q ? <strong>“{q}”</strong> : 'these filters'}. Try another search, or clear the
            filters.
          </Empty>
        ) : (
          <Empty
            title={kind === 'cloud' ? 'No cloud connections yet' : 'No connections yet'}
            action={
              canEdit ? (
                <Button variant="primary" onClick={() => navigate(`${base}/new`)}>
                  {addLabel}
                </Button>
              ) : null
            }
          >
            {kind === 'cloud'
              ? `Link a cloud account${cloudNames ? ` (${cloudNames})` : ''}: create it, complete its credentials, then validate.`
              : 'Create one from a type (git, http, postgres …): fill in its inputs, then validate it against the real system.'}
            {canEdit ? null : ' Your token is read-only: ask an editor to add one.'}
          </Empty>
        )
      ) : (
        <>
          <ConnectionTable items={list.data.items} cloud={kind === 'cloud'} busy={list.isFetching} />
          <Pager pager={pager} page={list.data} busy={list.isFetching} />
        </>
      )}
    </div>
  );
}

function ConnectionTable({ items, cloud, busy }: { items: Connection[]; cloud: boolean; busy: boolean }) {
  const typeName = useTypeName();
  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">{cloud ? 'Provider' : 'Type'}</th>
            <th scope="col">Status</th>
            <th scope="col" className="hide-narrow">
              {cloud ? 'Scopes' : 'Description'}
            </th>
            <th scope="col" className="hide-narrow">
              Updated
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.tag}>
              <td>
                <Link to={`/connections/${encodeURIComponent(c.tag)}`} className="row-link">
                  <span className="row-title">{c.display_name}</span>
                  {c.display_name !== c.tag ? <code className="row-tag">{c.tag}</code> : null}
                </Link>
              </td>
              <td>
                <span className="type-pill">{typeName(c.type)}</span>
              </td>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td className="hide-narrow muted truncate">
                {cloud ? c.scopes.join(', ') : c.description || '—'}
              </td>
              <td className="hide-narrow muted nowrap">{formatTime(c.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
