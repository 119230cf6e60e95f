import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, SCOPES } from '../api';
import { Pager, useCursorPager } from '../components/pager';
import { Button, Empty, ErrorBox, formatTime, Loading, PageHeader, useDebounced } from '../components/ui';
import { Link } from '../router';
import { useCan } from '../session';

/** Components linked to cloud connections (storage, broker, database, graph, vector). */
export function ComponentsPage() {
  const id = useId();
  const queryClient = useQueryClient();
  const canEdit = useCan('editor');
  const [cloudInput, setCloudInput] = useState('');
  const [kind, setKind] = useState('');
  const cloud = useDebounced(cloudInput.trim(), 300);
  const filters = { ...(cloud ? { cloud } : {}), ...(kind ? { kind } : {}), limit: 50 };
  const pager = useCursorPager(JSON.stringify(filters));
  const list = useQuery({
    queryKey: ['components', filters, pager.cursor],
    queryFn: () => api.components.list({ ...filters, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const unlink = useMutation({
    mutationFn: api.components.unlink,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['components'] }),
  });
  return (
    <div className="page">
      <PageHeader title="Components" subtitle="Consumers of cloud connections, linked with cloud: <tag>." />
      <search className="toolbar">
        <div className="field field-inline">
          <label htmlFor={`${id}-cloud`}>Cloud tag</label>
          <input
            id={`${id}-cloud`}
            type="search"
            value={cloudInput}
            placeholder="all"
            onChange={(e) => setCloudInput(e.target.value)}
          />
        </div>
        <div className="field field-inline">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">All</option>
            {SCOPES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
      </search>
      {canEdit ? <LinkForm /> : null}
      <ErrorBox error={unlink.error} title="Not unlinked" />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBox error={list.error} title="Could not load components" />
      ) : list.data.items.length === 0 ? (
        <Empty title={cloud || kind ? 'No components match' : 'No components linked yet'}>
          Components are linked from code or the CLI to an <strong>active</strong> cloud connection whose
          scopes include their kind, e.g.{' '}
          <code>client.components.link(&#123; name, kind: 'storage', cloud: 'prod_aws' &#125;)</code>.
        </Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Cloud</th>
                  <th scope="col" className="hide-narrow">
                    Resource
                  </th>
                  <th scope="col" className="hide-narrow">
                    Linked
                  </th>
                  {canEdit ? (
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((comp) => (
                  <tr key={comp.name}>
                    <td>
                      <code>{comp.name}</code>
                    </td>
                    <td>{comp.kind}</td>
                    <td>
                      <Link to={`/connections/${encodeURIComponent(comp.cloud)}`}>{comp.cloud}</Link>
                    </td>
                    <td className="hide-narrow muted truncate">{comp.resource || '—'}</td>
                    <td className="hide-narrow muted nowrap">{formatTime(comp.created_at)}</td>
                    {canEdit ? (
                      <td className="actions-cell">
                        <Button
                          className="btn-small"
                          variant="ghost"
                          onClick={() => unlink.mutate(comp.name)}
                          aria-label={`Unlink ${comp.name}`}
                        >
                          Unlink
                        </Button>
                      </td>
                    ) : null}
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

/** Link a component to an active cloud connection whose scopes include its kind. */
function LinkForm() {
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('storage');
  const [cloud, setCloud] = useState('');
  const [resource, setResource] = useState('');
  const clouds = useQuery({
    queryKey: ['connections', { kind: 'cloud', status: 'active', limit: 100 }],
    queryFn: () => api.connections.list({ kind: 'cloud', status: 'active', limit: 100 }),
  });
  const link = useMutation({
    mutationFn: api.components.link,
    onSuccess: () => {
      setName('');
      setResource('');
      queryClient.invalidateQueries({ queryKey: ['components'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    link.mutate({
      name: name.trim(),
      kind,
      cloud: cloud.trim(),
      ...(resource.trim() ? { resource: resource.trim() } : {}),
    });
  };
  return (
    <section className="card">
      <div className="card-body">
        <form onSubmit={submit} className="inline-form wrap" aria-label="Link a component">
          <div className="field grow">
            <label htmlFor={`${id}-name`}>Component name</label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. uploads"
              required
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>Kind</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
              {SCOPES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </div>
          <div className="field grow">
            <label htmlFor={`${id}-cloud`}>Cloud connection</label>
            <input
              id={`${id}-cloud`}
              list={`${id}-clouds`}
              value={cloud}
              onChange={(e) => setCloud(e.target.value)}
              placeholder="an active cloud tag"
              required
            />
            <datalist id={`${id}-clouds`}>
              {(clouds.data?.items ?? []).map((c) => (
                <option key={c.tag} value={c.tag}>
                  {c.display_name} · {c.scopes.join(', ')}
                </option>
              ))}
            </datalist>
          </div>
          <div className="field grow">
            <label htmlFor={`${id}-resource`}>Resource</label>
            <input
              id={`${id}-resource`}
              value={resource}
              onChange={(e) => setResource(e.target.value)}
              placeholder="optional, e.g. s3://uploads"
            />
          </div>
          <Button
            type="submit"
            variant="primary"
            busy={link.isPending}
            disabled={!name.trim() || !cloud.trim()}
          >
            Link component
          </Button>
        </form>
        <ErrorBox error={link.error} title="The component was not linked" />
      </div>
    </section>
  );
}
