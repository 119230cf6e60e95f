import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, type ConnectionType, cloudTag, SCOPES } from '../api';
import { Button, Card, ErrorBox } from '../components/ui';
import { navigate } from '../router';
import { TAG_REGEX } from './add-connection';

/** A cloud connection: provider, a name that becomes the tag, and the scopes it grants. */
export function CloudCreateForm({ type, onBack }: { type: ConnectionType; onBack: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [scopes, setScopes] = useState<string[]>(type.default_scopes);
  const [problem, setProblem] = useState<string | null>(null);
  const tag = cloudTag(name);

  const create = useMutation({
    mutationFn: api.cloud.create,
    onSuccess: (connection) => {
      queryClient.invalidateQueries({ queryKey: ['connections'] });
      queryClient.setQueryData(['connection', connection.tag], connection);
      navigate(`/connections/${encodeURIComponent(connection.tag)}/setup`);
    },
  });

  const toggle = (scope: string) =>
    setScopes(
      scopes.includes(scope)
        ? scopes.filter((s) => s !== scope)
        : SCOPES.filter((s) => s === scope || scopes.includes(s)),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!TAG_REGEX.test(tag)) {
      setProblem('Give a name that starts with a letter or digit; it becomes the tag (a–z, 0–9, _ and -).');
      return;
    }
    if (scopes.length === 0) {
      setProblem('Choose at least one scope: what components may use this connection for.');
      return;
    }
    create.mutate({
      provider: type.id,
      name,
      scopes,
      ...(description.trim() ? { description: description.trim() } : {}),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Card title="Connection">
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-provider`}>Provider</label>
            <input id={`${id}-provider`} value={`${type.display_name} (${type.id})`} readOnly />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>
              Name <span className="required">*</span>
            </label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={`e.g. prod_${type.id}`}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={`${id}-tag-preview`}
              required
            />
            <p className="help" id={`${id}-tag-preview`} aria-live="polite">
              Tag: <code data-testid="tag-preview">{tag || '—'}</code> · components use{' '}
              <code>cloud: '{tag || '…'}'</code>
            </p>
          </div>
          <div className="field field-wide">
            <label htmlFor={`${id}-desc`}>Description</label>
            <input id={`${id}-desc`} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
        </div>
      </Card>
      <Card title="Scopes">
        <fieldset className="scopes">
          <legend className="muted">
            What components may use it for. {type.display_name} defaults to {type.default_scopes.join(', ')}.
          </legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="check">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} />{' '}
              {scope}
            </label>
          ))}
        </fieldset>
      </Card>
      <p className="muted">
        The connection starts <strong>pending</strong>: next, the Setup tab walks you through the{' '}
        {type.display_name} side and takes the credentials.
      </p>
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorBox error={create.error} title="The cloud connection was not created" />
      <div className="form-actions">
        <Button onClick={onBack}>← Choose another provider</Button>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create and continue to setup
        </Button>
      </div>
    </form>
  );
}
