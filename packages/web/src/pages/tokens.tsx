import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, type Role, type Token } from '../api';
import {
  Button,
  Card,
  CopyButton,
  Dialog,
  Empty,
  ErrorBox,
  formatTime,
  Loading,
  PageHeader,
} from '../components/ui';
import { useSessionQuery } from '../session';

const EXPIRY: [string, number | undefined][] = [
  ['never', undefined],
  ['1 day', 86400],
  ['30 days', 30 * 86400],
  ['90 days', 90 * 86400],
  ['1 year', 365 * 86400],
];

/** Settings → Tokens: list, create (secret shown once), revoke. */
export function TokensPage() {
  const queryClient = useQueryClient();
  const session = useSessionQuery();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: api.tokens.list });
  const [created, setCreated] = useState<Token | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => api.tokens.revoke(id),
    onSuccess: () => {
      setRevoking(null);
      queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  return (
    <div className="page">
      <PageHeader
        title="Tokens"
        subtitle="API tokens of this workspace. Roles: viewer < runner < editor < admin."
      />
      {created?.token ? (
        <div className="alert alert-warning secret-once" role="status">
          <div className="alert-title">Copy the token for “{created.name}” now — it is shown only once</div>
          <p>Patchbay stores only a hash. If you lose it, revoke it and create another.</p>
          <div className="copy-row">
            <code className="copy-value" data-testid="new-token">
              {created.token}
            </code>
            <CopyButton text={created.token} label="Copy token" />
          </div>
          <Button className="btn-small" onClick={() => setCreated(null)}>
            I have stored it
          </Button>
        </div>
      ) : null}
      <CreateTokenForm onCreated={setCreated} />
      <Card title="Tokens">
        {tokens.isPending ? (
          <Loading />
        ) : tokens.isError ? (
          <ErrorBox error={tokens.error} title="Could not load tokens" />
        ) : tokens.data.length === 0 ? (
          <Empty title="No tokens" />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col" className="hide-narrow">
                    Created
                  </th>
                  <th scope="col" className="hide-narrow">
                    Expires
                  </th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((t) => (
                  <tr key={t.id}>
                    <td>
                      {t.name}
                      {t.id === session.data?.token_id ? (
                        <span className="muted small"> (this session)</span>
                      ) : null}
                    </td>
                    <td>
                      <span className={`role role-${t.role}`}>{t.role}</span>
                      {t.reveal ? <span className="role">reveal</span> : null}
                    </td>
                    <td className="hide-narrow muted nowrap">{formatTime(t.created_at)}</td>
                    <td className="hide-narrow muted nowrap">
                      {t.expires_at ? formatTime(t.expires_at) : 'never'}
                    </td>
                    <td>
                      {t.revoked_at ? (
                        <span className="outcome outcome-denied">revoked</span>
                      ) : (
                        <span className="outcome outcome-success">active</span>
                      )}
                    </td>
                    <td className="actions-cell">
                      {t.revoked_at ? null : (
                        <Button
                          className="btn-small"
                          variant="ghost"
                          onClick={() => setRevoking(t)}
                          aria-label={`Revoke ${t.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {revoking ? (
        <Dialog title={`Revoke “${revoking.name}”?`} onClose={() => setRevoking(null)}>
          <p>
            Anything using this token gets <code>401 unauthenticated</code> from now on.
            {revoking.id === session.data?.token_id
              ? ' It is the token of this session: you will be signed out.'
              : ''}
          </p>
          <ErrorBox error={revoke.error} title="Not revoked" />
          <div className="form-actions">
            <Button onClick={() => setRevoking(null)}>Cancel</Button>
            <Button variant="danger" onClick={() => revoke.mutate(revoking.id)} busy={revoke.isPending}>
              Revoke token
            </Button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: Token) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('runner');
  const [reveal, setReveal] = useState(false);
  const [expiry, setExpiry] = useState('never');
  const create = useMutation({
    mutationFn: api.tokens.create,
    onSuccess: (token) => {
      setName('');
      setReveal(false);
      onCreated(token);
      queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const seconds = EXPIRY.find(([label]) => label === expiry)?.[1];
    create.mutate({
      name: name.trim(),
      role,
      ...(reveal ? { reveal } : {}),
      ...(seconds ? { expires_in_seconds: seconds } : {}),
    });
  };
  return (
    <Card title="Create a token">
      <form onSubmit={submit} className="inline-form wrap">
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. ci-pipeline"
            required
            maxLength={100}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="viewer">viewer — read metadata</option>
            <option value="runner">runner — resolve, connect</option>
            <option value="editor">editor — change connections</option>
            <option value="admin">admin — everything</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-exp`}>Expires</label>
          <select id={`${id}-exp`} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRY.map(([label]) => (
              <option key={label}>{label}</option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> may reveal
          secrets
        </label>
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!name.trim()}>
          Create token
        </Button>
      </form>
      <ErrorBox error={create.error} title="The token was not created" />
    </Card>
  );
}
