import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type Connection, toFailure } from '../../api';
import { Button, Dialog, ErrorBox } from '../../components/ui';
import { navigate } from '../../router';

/**
 * Delete with confirmation: the user types the tag. When components are linked the server answers
 * 409 connection_in_use; its message is shown and the user may retry with force (unlinks them).
 */
export function DeleteDialog({ connection: c, onClose }: { connection: Connection; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [force, setForce] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.connections.delete(c.tag, force),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['connection', c.tag] });
      queryClient.invalidateQueries({ queryKey: ['connections'] });
      queryClient.invalidateQueries({ queryKey: ['components'] });
      navigate(c.kind === 'cloud' ? '/cloud' : '/connections');
    },
  });
  const inUse = remove.error ? toFailure(remove.error).code === 'connection_in_use' : false;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed === c.tag) remove.mutate();
  };
  return (
    <Dialog title={`Delete ${c.tag}?`} onClose={onClose}>
      <form onSubmit={submit}>
        <p>
          This deletes the connection and its stored secrets. Code that asks for <code>{c.tag}</code> will
          fail. Execution records and audit events stay.
        </p>
        <div className="field">
          <label htmlFor="delete-confirm">
            Type <code>{c.tag}</code> to confirm
          </label>
          <input
            id="delete-confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        {inUse ? (
          <label className="check force-check">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Unlink the
            components and delete anyway (force)
          </label>
        ) : null}
        <ErrorBox
          error={remove.error}
          title={inUse ? 'Components are linked to this connection' : 'Not deleted'}
        />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="danger"
            disabled={typed !== c.tag || (inUse && !force)}
            busy={remove.isPending}
          >
            {force ? 'Unlink and delete' : 'Delete connection'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
