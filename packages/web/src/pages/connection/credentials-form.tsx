import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { api, type Connection, type ConnectionType } from '../../api';
import { collectInputs, InputsEditor, newEditorState } from '../../components/inputs-editor';
import { fieldsOf } from '../../components/schema-form';
import { Button, ErrorBox } from '../../components/ui';

/**
 * Complete / change a connection's inputs (`PUT …/credentials`). Secret fields start blank: a blank
 * secret keeps the stored one, so rotating one secret does not need the others again.
 */
export function CredentialsForm({
  connection: c,
  type,
  onSaved,
  submitLabel = 'Save credentials',
}: {
  connection: Connection;
  type: ConnectionType;
  onSaved: (next: Connection) => void;
  submitLabel?: string;
}) {
  const fields = useMemo(() => fieldsOf(type.input_schema), [type]);
  const [editor, setEditor] = useState(() => newEditorState(fields, c.value));
  const [problem, setProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);

  // A free-form (generic) connection has no schema to sort inputs: the value is patched, and what
  // the form holds as secrets goes through credentials, where every key of a free-form type is secret.
  const freeForm = fields.length === 0;
  const save = useMutation({
    mutationFn: async ({
      value,
      secrets,
    }: {
      value: Record<string, unknown>;
      secrets: Record<string, unknown>;
    }) => {
      if (!freeForm) return api.connections.complete(c.tag, { ...value, ...secrets });
      const removed = Object.fromEntries(
        Object.keys(c.value)
          .filter((k) => !(k in value))
          .map((k) => [k, null]),
      );
      await api.connections.update(c.tag, { value: { ...removed, ...value } });
      return api.connections.complete(c.tag, secrets);
    },
    onSuccess: (next) => {
      // Forget every typed secret at once: the form shows "set" from now on.
      setEditor({ ...newEditorState(fields, next.value), mode: editor.mode });
      setSaved(
        `Saved. The connection is now ${next.status}${next.status === 'unverified' ? ': validate it to activate it' : ''}.`,
      );
      onSaved(next);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setSaved(null);
    let parsed: ReturnType<typeof collectInputs>;
    try {
      parsed = collectInputs(editor, fields, c.value);
    } catch (error) {
      setProblem((error as Error).message);
      return;
    }
    setErrors(parsed.errors);
    if (Object.keys(parsed.errors).length > 0) {
      setProblem('Some inputs are not valid; see the marked fields.');
      return;
    }
    save.mutate({ value: parsed.value, secrets: parsed.secrets });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Credentials">
      <InputsEditor
        fields={fields}
        state={editor}
        onChange={setEditor}
        errors={errors}
        secretFields={c.secret_fields}
        keepsSecrets
        previous={c.value}
      />
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorBox error={save.error} title="The credentials were not saved" />
      {saved ? (
        <p className="alert alert-success" role="status">
          {saved}
        </p>
      ) : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
