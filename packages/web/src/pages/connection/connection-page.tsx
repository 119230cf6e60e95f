import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Connection, isUnauthenticated, type Validation } from '../../api';
import { Button, ErrorBox, Loading, StatusBadge } from '../../components/ui';
import { useConnection, useTypeName } from '../../queries';
import { Link } from '../../router';
import { useCan } from '../../session';
import { DeleteDialog } from './delete-dialog';
import { OverviewTab } from './overview';
import { SettingsTab } from './settings';
import { SetupTab } from './setup';
import { TryItTab } from './try-it';
import { ValidationPanel } from './validation-panel';

const hasSetup = (c: Connection) => c.status === 'pending' || (c.kind === 'cloud' && c.setup !== null);

/** One connection: header with its status and actions, and tabs. */
export function ConnectionPage({ tag, tab }: { tag: string; tab: string | undefined }) {
  const connection = useConnection(tag);
  const queryClient = useQueryClient();
  const canEdit = useCan('editor');
  const [validation, setValidation] = useState<Validation | null>(null);
  const [deleting, setDeleting] = useState(false);
  const typeName = useTypeName();

  const refresh = (next?: Connection) => {
    if (next) queryClient.setQueryData(['connection', tag], next);
    else queryClient.invalidateQueries({ queryKey: ['connection', tag] });
    queryClient.invalidateQueries({ queryKey: ['connections'] });
  };
  const validate = useMutation({
    mutationFn: () => api.connections.validate(tag),
    onMutate: () => setValidation(null),
    onSuccess: (result) => {
      setValidation(result);
      refresh();
    },
  });
  const toggleRevoke = useMutation({
    mutationFn: (c: Connection) =>
      c.status === 'revoked' ? api.connections.restore(tag) : api.connections.revoke(tag),
    onSuccess: (next) => refresh(next),
  });

  if (connection.isPending) return <Loading label={`Loading ${tag}…`} />;
  if (connection.isError) {
    return (
      <div className="page">
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to="/connections">Connections</Link>
        </nav>
        <ErrorBox error={connection.error} title={`Could not load '${tag}'`} />
        {isUnauthenticated(connection.error) ? null : <Link to="/connections">Back to the list</Link>}
      </div>
    );
  }
  const c = connection.data;
  const tabs = [
    { id: 'overview', label: 'Overview' },
    ...(hasSetup(c) ? [{ id: 'setup', label: 'Setup' }] : []),
    { id: 'settings', label: 'Settings' },
    { id: 'try', label: 'Try it' },
  ];
  // a pending connection opens on what it needs next: its setup (for aws, the external id and trust policy)
  const landing = c.status === 'pending' && hasSetup(c) ? 'setup' : 'overview';
  const current = tabs.find((t) => t.id === tab)?.id ?? landing;
  const base = `/connections/${encodeURIComponent(tag)}`;

  return (
    <div className="page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to={c.kind === 'cloud' ? '/cloud' : '/connections'}>
          {c.kind === 'cloud' ? 'Cloud' : 'Connections'}
        </Link>{' '}
        <span aria-hidden="true">/</span> <span>{c.tag}</span>
      </nav>
      <div className="page-header">
        <div className="page-title">
          <h1>
            {c.display_name} <StatusBadge status={c.status} />
          </h1>
          <p className="muted">
            <code>{c.tag}</code> · {typeName(c.type)} · {c.kind} · version {c.version}
          </p>
        </div>
        {canEdit ? (
          <div className="page-actions">
            <Button
              variant="primary"
              onClick={() => validate.mutate()}
              busy={validate.isPending}
              disabled={c.status === 'pending' || c.status === 'revoked'}
            >
              {c.last_validated_at ? 'Re-validate' : 'Validate'}
            </Button>
            <Button onClick={() => toggleRevoke.mutate(c)} busy={toggleRevoke.isPending}>
              {c.status === 'revoked' ? 'Restore' : 'Revoke'}
            </Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </div>
        ) : null}
      </div>
      {c.status === 'pending' ? (
        <p className="alert alert-info">
          Required inputs are missing.{' '}
          {hasSetup(c) ? (
            <Link to={`${base}/setup`}>Complete the setup</Link>
          ) : (
            <Link to={`${base}/settings`}>Set them under Settings</Link>
          )}{' '}
          before validating.
        </p>
      ) : null}
      {c.status === 'error' && c.status_message ? (
        <p className="alert alert-error" role="status">
          <strong>Last validation failed:</strong> {c.status_message}
        </p>
      ) : null}
      <ErrorBox error={validate.error} title="Validation could not run" />
      <ErrorBox error={toggleRevoke.error} />
      {validation ? <ValidationPanel validation={validation} onClose={() => setValidation(null)} /> : null}

      <nav className="tabs" aria-label="Connection sections">
        {tabs.map((t) => (
          <Link
            key={t.id}
            to={t.id === landing ? base : `${base}/${t.id}`}
            aria-current={t.id === current ? 'page' : undefined}
          >
            {t.label}
          </Link>
        ))}
        <Link to={`/executions?tag=${encodeURIComponent(c.tag)}`} className="tab-aside">
          Executions →
        </Link>
      </nav>
      <div className="tab-panel">
        {current === 'overview' ? <OverviewTab connection={c} /> : null}
        {current === 'setup' ? <SetupTab connection={c} onSaved={refresh} /> : null}
        {current === 'settings' ? <SettingsTab connection={c} onSaved={refresh} /> : null}
        {current === 'try' ? <TryItTab connection={c} /> : null}
      </div>
      {deleting ? <DeleteDialog connection={c} onClose={() => setDeleting(false)} /> : null}
    </div>
  );
}
