import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api, type VaultConfig, type VaultConfigInput } from '../api';
import { Button, Card, ErrorBox, Loading, PageHeader } from '../components/ui';

/** Settings → Vault: the workspace's Vault integration. Token / secret_id are write-only. */
export function VaultPage() {
  const config = useQuery({ queryKey: ['vault'], queryFn: api.vault.get });
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Vault"
        subtitle="Where attached secrets come from: HashiCorp Vault KV, per workspace."
      />
      {config.isPending ? (
        <Loading />
      ) : config.isError ? (
        <ErrorBox error={config.error} title="Could not load the Vault configuration" />
      ) : (
        <>
          <VaultForm config={config.data} />
          <VaultCheckCard configured={config.data !== null} />
        </>
      )}
    </div>
  );
}

function SetState({ set }: { set: boolean }) {
  return <span className={`secret-state ${set ? 'is-set' : ''}`}>{set ? 'set' : 'not set'}</span>;
}

function VaultForm({ config }: { config: VaultConfig | null }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [address, setAddress] = useState(config?.address ?? '');
  const [method, setMethod] = useState<'token' | 'approle'>(config?.auth.method ?? 'token');
  const [token, setToken] = useState('');
  const [roleId, setRoleId] = useState(config?.auth.method === 'approle' ? config.auth.role_id : '');
  const [secretId, setSecretId] = useState('');
  const [namespace, setNamespace] = useState(config?.namespace ?? '');
  const [mount, setMount] = useState(config?.mount ?? 'secret');
  const [kv, setKv] = useState<1 | 2>(config?.kv_version === 1 ? 1 : 2);
  const [caCert, setCaCert] = useState(config?.ca_cert ?? '');
  const [ttl, setTtl] = useState(String(config?.cache_ttl_seconds ?? 60));
  const [timeout, setTimeoutMs] = useState(String(config?.timeout_ms ?? 5000));
  const tokenSet = config?.auth.method === 'token' && config.auth.token_set;
  const secretIdSet = config?.auth.method === 'approle' && config.auth.secret_id_set;

  const save = useMutation({
    mutationFn: (body: VaultConfigInput) => api.vault.configure(body),
    onSuccess: (next) => {
      setToken('');
      setSecretId('');
      queryClient.setQueryData(['vault'], next);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      address: address.trim(),
      auth:
        method === 'token'
          ? { method, token: token || null }
          : { method, role_id: roleId.trim(), secret_id: secretId || null },
      namespace: namespace.trim() || null,
      mount: mount.trim() || 'secret',
      kv_version: kv,
      ca_cert: caCert.trim() || null,
      cache_ttl_seconds: Number(ttl),
      timeout_ms: Number(timeout),
    });
  };
  return (
    <Card
      title="Configuration"
      actions={config ? <span className="muted small">version {config.version}</span> : null}
    >
      {config ? null : <p className="alert alert-info">Vault is not configured for this workspace yet.</p>}
      <form onSubmit={submit}>
        <div className="form-grid">
          <div className="field field-wide">
            <label htmlFor={`${id}-address`}>
              Address <span className="required">*</span>
            </label>
            <input
              id={`${id}-address`}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              placeholder="https://vault.example.com:8200"
              required
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-method`}>Auth method</label>
            <select
              id={`${id}-method`}
              value={method}
              onChange={(e) => setMethod(e.target.value as 'token' | 'approle')}
            >
              <option value="token">token</option>
              <option value="approle">approle</option>
            </select>
          </div>
          {method === 'token' ? (
            <div className="field">
              <label htmlFor={`${id}-token`}>
                Token <SetState set={!!tokenSet} />
              </label>
              <input
                id={`${id}-token`}
                type="password"
                autoComplete="new-password"
                value={token}
                onChange={(e) => setToken(e.target.value)}
                aria-describedby={`${id}-token-help`}
              />
              <p className="help" id={`${id}-token-help`}>
                Write-only. {tokenSet ? 'Leave blank to keep the stored token.' : ''}
              </p>
            </div>
          ) : (
            <>
              <div className="field">
                <label htmlFor={`${id}-role`}>Role ID</label>
                <input id={`${id}-role`} value={roleId} onChange={(e) => setRoleId(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-secret`}>
                  Secret ID <SetState set={!!secretIdSet} />
                </label>
                <input
                  id={`${id}-secret`}
                  type="password"
                  autoComplete="new-password"
                  value={secretId}
                  onChange={(e) => setSecretId(e.target.value)}
                  aria-describedby={`${id}-secret-help`}
                />
                <p className="help" id={`${id}-secret-help`}>
                  Write-only. {secretIdSet ? 'Leave blank to keep the stored secret id.' : ''}
                </p>
              </div>
            </>
          )}
          <div className="field">
            <label htmlFor={`${id}-ns`}>Namespace</label>
            <input
              id={`${id}-ns`}
              value={namespace}
              onChange={(e) => setNamespace(e.target.value)}
              placeholder="none (Vault Enterprise only)"
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-mount`}>KV mount</label>
            <input id={`${id}-mount`} value={mount} onChange={(e) => setMount(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-kv`}>KV version</label>
            <select id={`${id}-kv`} value={kv} onChange={(e) => setKv(e.target.value === '1' ? 1 : 2)}>
              <option value={2}>2</option>
              <option value={1}>1</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-ttl`}>Cache TTL (seconds)</label>
            <input
              id={`${id}-ttl`}
              type="number"
              min={0}
              max={86400}
              value={ttl}
              onChange={(e) => setTtl(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-timeout`}>Timeout (ms)</label>
            <input
              id={`${id}-timeout`}
              type="number"
              min={100}
              max={120000}
              value={timeout}
              onChange={(e) => setTimeoutMs(e.target.value)}
            />
          </div>
          <div className="field field-wide">
            <label htmlFor={`${id}-ca`}>CA certificate (PEM)</label>
            <textarea
              id={`${id}-ca`}
              className="mono"
              rows={3}
              value={caCert}
              onChange={(e) => setCaCert(e.target.value)}
              placeholder="-----BEGIN CERTIFICATE----- … (only for a private CA)"
            />
          </div>
        </div>
        <ErrorBox error={save.error} title="The Vault configuration was not saved" />
        {save.isSuccess ? (
          <p className="alert alert-success" role="status">
            Saved. Run Check to see whether Patchbay can reach and authenticate to Vault.
          </p>
        ) : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save configuration
          </Button>
        </div>
      </form>
    </Card>
  );
}

function VaultCheckCard({ configured }: { configured: boolean }) {
  const check = useMutation({ mutationFn: api.vault.check });
  const r = check.data;
  return (
    <Card
      title="Check"
      actions={
        <Button onClick={() => check.mutate()} busy={check.isPending} disabled={!configured}>
          Check
        </Button>
      }
    >
      {!configured ? <p className="muted">Save a configuration first.</p> : null}
      {configured && !r && !check.error ? (
        <p className="muted">Tests reachability, seal state and whether the credentials authenticate.</p>
      ) : null}
      <ErrorBox error={check.error} title="The check could not run" />
      {r ? (
        <div aria-live="polite">
          <ul className="checks">
            {(
              [
                ['reachable', r.reachable],
                ['initialized', r.initialized],
                ['unsealed', !r.sealed],
                ['authenticated', r.authenticated],
              ] as const
            ).map(([name, ok]) => (
              <li key={name} className={ok ? 'check-ok' : 'check-failed'}>
                <span className="check-icon" aria-hidden="true">
                  {ok ? '✓' : '✕'}
                </span>
                <span className="check-name">{name}</span>
                <span className="check-detail">{ok ? 'yes' : 'no'}</span>
                <span />
              </li>
            ))}
          </ul>
          <p>
            {r.message}
            {r.version ? <span className="muted"> · Vault {r.version}</span> : null}
          </p>
        </div>
      ) : null}
    </Card>
  );
}
