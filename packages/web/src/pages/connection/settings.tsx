import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, type Connection, SCOPES, toFailure } from '../../api';
import { Button, Card, ErrorBox, Loading } from '../../components/ui';
import { useTypes } from '../../queries';
import { Link } from '../../router';
import { useCan } from '../../session';
import { CredentialsForm } from './credentials-form';

/** Settings: details (PATCH with If-Match), credentials (blank keeps), Vault attachment. */
export function SettingsTab({
  connection: c,
  onSaved,
}: {
  connection: Connection;
  onSaved: (next?: Connection) => void;
}) {
  const types = useTypes();
  const canEdit = useCan('editor');
  const type = types.data?.find((t) => t.id === c.type);
  if (!canEdit) {
    return (
      <p className="alert alert-info">
        Your token is read-only; an editor or admin can change this connection.
      </p>
    );
  }
  if (!type) return <Loading />;
  return (
    <div className="stack">
      <DetailsForm key={`details-${c.version}`} connection={c} onSaved={onSaved} />
      <Card title="Credentials">
        <p className="muted">
          Secret inputs are never shown. Each shows whether a value is stored; a secret left blank keeps its
          stored value.
        </p>
        <CredentialsForm key={`credentials-${c.tag}`} connection={c} type={type} onSaved={onSaved} />
      </Card>
      <VaultCard connection={c} onSaved={onSaved} />
    </div>
  );
}

function DetailsForm({
  connection: c,
  onSaved,
}: {
  connection: Connection;
  onSaved: (next?: Connection) => void;
}) {
  const id = useId();
  const [displayName, setDisplayName] = useState(c.display_name);
  const [description, setDescription] = useState(c.description);
  const [scopes, setScopes] = useState<string[]>(c.scopes);
  const save = useMutation({
    mutationFn: () =>
      api.connections.update(
        c.tag,
        { display_name: displayName, description, ...(c.kind === 'cloud' ? { scopes } : {}) },
        c.version,
      ),
    onSuccess: (next) => onSaved(next),
  });
  const stale = save.error ? toFailure(save.error).code === 'version_mismatch' : false;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Card title="Details">
      <form onSubmit={submit} aria-label="Details">
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-name`}>Display name</label>
            <input id={`${id}-name`} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </div>
          <div className="field field-wide">
            <label htmlFor={`${id}-desc`}>Description</label>
            <textarea
              id={`${id}-desc`}
              rows={2}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
        </div>
        {c.kind === 'cloud' ? (
          <fieldset className="scopes">
            <legend>Scopes</legend>
            {SCOPES.map((scope) => (
              <label key={scope} className="check">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={() =>
                    setScopes(scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope])
                  }
                />{' '}
                {scope}
              </label>
            ))}
          </fieldset>
        ) : null}
        <ErrorBox error={save.error} title={stale ? 'Someone else changed this connection' : 'Not saved'} />
        {stale ? <Button onClick={() => onSaved()}>Load the latest version</Button> : null}
        <div className="form-actions">
          <span className="muted small">
            Saved against version {c.version}; a concurrent change is refused, not overwritten.
          </span>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save details
          </Button>
        </div>
      </form>
    </Card>
  );
}

function VaultCard({
  connection: c,
  onSaved,
}: {
  connection: Connection;
  onSaved: (next?: Connection) => void;
}) {
  const id = useId();
  const [path, setPath] = useState('');
  const [version, setVersion] = useState('');
  const attach = useMutation({
    // a blank version follows the latest KV v2 version; the server rejects anything but a whole number ≥ 1
    mutationFn: () =>
      api.connections.attachVault(c.tag, path.trim(), version.trim() ? Number(version) : undefined),
    onSuccess: onSaved,
  });
  const detach = useMutation({ mutationFn: () => api.connections.detachVault(c.tag), onSuccess: onSaved });
  const notConfigured = attach.error ? toFailure(attach.error).code === 'vault_not_configured' : false;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) attach.mutate();
  };
  return (
    <Card title="Vault secret">
      <p className="muted">
        All keys of the attached KV secret are applied on top of the stored inputs; a value{' '}
        <code>vault.secret(KEY)</code> takes the secret's <code>KEY</code>.
      </p>
      {c.vault ? (
        <div className="copy-row">
          <span>
            Attached: <code data-testid="vault-path">{c.vault.path}</code>
            {c.vault.version ? <span data-testid="vault-version"> (version {c.vault.version})</span> : null}
          </span>
          <Button variant="danger" onClick={() => detach.mutate()} busy={detach.isPending}>
            Detach
          </Button>
        </div>
      ) : null}
      <form onSubmit={submit} className="inline-form">
        <div className="field grow">
          <label htmlFor={`${id}-path`}>{c.vault ? 'Attach another path' : 'Secret path'}</label>
          <input
            id={`${id}-path`}
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="secret/data/oracle or secret/oracle"
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-version`}>Version (optional)</label>
          <input
            id={`${id}-version`}
            type="number"
            min={1}
            step={1}
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            placeholder="latest"
          />
        </div>
        <Button type="submit" busy={attach.isPending} disabled={!path.trim()}>
          Attach Vault secret
        </Button>
      </form>
      <ErrorBox error={attach.error ?? detach.error} title="The Vault attachment did not change" />
      {notConfigured ? (
        <p className="muted">
          Configure Vault under <Link to="/settings/vault">Settings → Vault</Link> first.
        </p>
      ) : null}
    </Card>
  );
}
