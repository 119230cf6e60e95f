import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type JSX, useId, useMemo, useState } from 'react';
import { api, type ConnectionType } from '../api';
import { collectInputs, InputsEditor, newEditorState } from '../components/inputs-editor';
import { fieldsOf } from '../components/schema-form';
import { Button, Card, Empty, ErrorBox, Loading, PageHeader } from '../components/ui';
import { useCloudNames, useTypes } from '../queries';
import { Link, navigate, setQuery, useLocation } from '../router';
import { CloudCreateForm } from './cloud-create';

export const TAG_REGEX = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Add connection: choose a type, then a form generated from its schema (or YAML). */
export function AddConnectionPage({ kind }: { kind: 'task' | 'cloud' }) {
  const { query } = useLocation();
  const types = useTypes();
  const chosen = types.data?.find((t) => t.id === query.get('type'));
  const listPath = kind === 'cloud' ? '/cloud' : '/connections';

  let body: JSX.Element;
  if (types.isPending) body = <Loading label="Loading connection types…" />;
  else if (types.isError) body = <ErrorBox error={types.error} title="Could not load the connection types" />;
  else if (!chosen) body = <TypePicker types={types.data.filter((t) => t.kind === kind)} kind={kind} />;
  else if (chosen.kind === 'cloud')
    body = <CloudCreateForm type={chosen} onBack={() => setQuery({ type: undefined })} />;
  else body = <TaskCreateForm key={chosen.id} type={chosen} onBack={() => setQuery({ type: undefined })} />;

  return (
    <div className="page page-narrow">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to={listPath}>{kind === 'cloud' ? 'Cloud' : 'Connections'}</Link>{' '}
        <span aria-hidden="true">/</span>{' '}
        <span>{kind === 'cloud' ? 'Add cloud connection' : 'Add connection'}</span>
      </nav>
      <PageHeader
        title={
          chosen
            ? `New ${chosen.display_name} connection`
            : kind === 'cloud'
              ? 'Add cloud connection'
              : 'Add connection'
        }
        subtitle={chosen ? chosen.description : 'Choose what the connection reaches.'}
      />
      {body}
    </div>
  );
}

function TypePicker({ types, kind }: { types: ConnectionType[]; kind: 'task' | 'cloud' }) {
  const cloudNames = useCloudNames();
  if (types.length === 0) return <Empty title="No types of this kind are registered on this server" />;
  return (
    <>
      <ul className="type-grid" aria-label={kind === 'cloud' ? 'Cloud providers' : 'Connection types'}>
        {types.map((t) => (
          <li key={t.id}>
            <button type="button" className="type-card" onClick={() => setQuery({ type: t.id })}>
              <span className="type-card-title">{t.display_name}</span>
              <code className="type-card-id">{t.id}</code>
              <span className="type-card-desc">{t.description}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="muted picker-note">
        {kind === 'cloud' ? (
          <>
            Looking for git, http or a database? <Link to="/connections/new">Add a task connection</Link>.
          </>
        ) : (
          <>
            Linking a cloud account{cloudNames ? ` (${cloudNames})` : ''}?{' '}
            <Link to="/cloud/new">Add a cloud connection</Link>.
          </>
        )}
      </p>
    </>
  );
}

function TaskCreateForm({ type, onBack }: { type: ConnectionType; onBack: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const fields = useMemo(() => fieldsOf(type.input_schema), [type]);
  const [tag, setTag] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [description, setDescription] = useState('');
  const [editor, setEditor] = useState(() => newEditorState(fields));
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const create = useMutation({
    mutationFn: api.connections.create,
    onSuccess: (connection) => {
      queryClient.invalidateQueries({ queryKey: ['connections'] });
      queryClient.setQueryData(['connection', connection.tag], connection);
      navigate(`/connections/${encodeURIComponent(connection.tag)}`);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!TAG_REGEX.test(tag)) {
      setProblem(
        'The tag must start with a lower-case letter or digit and hold only a–z, 0–9, _ and - (at most 63).',
      );
      return;
    }
    let parsed: ReturnType<typeof collectInputs>;
    try {
      parsed = collectInputs(editor, fields);
    } catch (error) {
      setProblem((error as Error).message);
      return;
    }
    setFieldErrors(parsed.errors);
    if (Object.keys(parsed.errors).length > 0) {
      setProblem('Some inputs are not valid; see the marked fields.');
      return;
    }
    create.mutate({
      tag,
      type: type.id,
      ...(displayName.trim() ? { display_name: displayName.trim() } : {}),
      ...(description.trim() ? { description: description.trim() } : {}),
      value: parsed.value,
      ...(Object.keys(parsed.secrets).length > 0 ? { secrets: parsed.secrets } : {}),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Card title="Identity">
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-tag`}>
              Tag <span className="required">*</span>
            </label>
            <input
              id={`${id}-tag`}
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              placeholder="e.g. library"
              required
              aria-describedby={`${id}-tag-help`}
              autoComplete="off"
              spellCheck={false}
              pattern="[a-z0-9][a-z0-9_\-]{0,62}"
            />
            <p className="help" id={`${id}-tag-help`}>
              How code asks for it: <code>run.connect('{tag || 'library'}')</code>. Cannot change later.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>Display name</label>
            <input
              id={`${id}-name`}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              placeholder={tag || 'defaults to the tag'}
            />
          </div>
          <div className="field field-wide">
            <label htmlFor={`${id}-desc`}>Description</label>
            <input id={`${id}-desc`} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
        </div>
      </Card>
      <Card title="Inputs">
        <InputsEditor fields={fields} state={editor} onChange={setEditor} errors={fieldErrors} />
      </Card>
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorBox error={create.error} title="The connection was not created" />
      <div className="form-actions">
        <Button onClick={onBack}>← Choose another type</Button>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create connection
        </Button>
      </div>
    </form>
  );
}
