import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { api } from '../api';
import { Button, ErrorBox } from '../components/ui';

/**
 * Sign-in with an API token. The token is read from the (uncontrolled) input once, sent to
 * `POST /v1/session`, and the input is cleared: afterwards it exists only in the HttpOnly cookie.
 */
export function SignInPage() {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const field = input.current;
    if (!field?.value.trim()) {
      field?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await api.session.signIn(field.value.trim());
      field.value = '';
      queryClient.setQueryData(['session'], session);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <div className="center-page">
      <form className="signin card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand signin-brand">
          <span className="brand-mark" aria-hidden="true" />
          Patchbay
        </div>
        <h1 id="signin-title">Sign in to the workbench</h1>
        <p className="muted">
          Paste an API token (<code>pb_…</code>). The first admin token is printed by{' '}
          <code>patchbay serve</code> on first start; an admin can make more under Settings → Tokens.
        </p>
        <div className="field">
          <label htmlFor="signin-token">API token</label>
          <input
            id="signin-token"
            ref={input}
            type="password"
            name="token"
            autoComplete="off"
            spellCheck={false}
            required
            aria-describedby="signin-help"
          />
          <p className="help" id="signin-help">
            Kept only in an HttpOnly session cookie for 12 hours; never in this page's storage.
          </p>
        </div>
        <ErrorBox error={error} title="Sign-in failed" />
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          Sign in
        </Button>
      </form>
    </div>
  );
}
