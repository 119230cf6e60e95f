import type { ReactNode } from 'react';
import type { Connection } from '../../api';
import { Card, CopyButton, JsonBlock, Loading } from '../../components/ui';
import { useTypes } from '../../queries';
import { useCan } from '../../session';
import { CredentialsForm } from './credentials-form';

/** What to do on the provider's side, step by step, before the credentials below can work. */
const STEPS: Record<string, ReactNode[]> = {
  aws: [
    <>
      In the AWS console open <strong>IAM → Roles → Create role</strong>, choose{' '}
      <strong>Custom trust policy</strong> and paste the trust policy below. It lets only Patchbay's principal
      assume the role, and only with this connection's external id.
    </>,
    <>Attach the permissions the linked components need (for example S3 access for a storage component).</>,
    <>
      Copy the role's ARN (<code>arn:aws:iam::&lt;account&gt;:role/&lt;name&gt;</code>) into{' '}
      <code>role_arn</code> below and save.
    </>,
    <>
      Validate: Patchbay calls <code>sts:AssumeRole</code> with the external id, then{' '}
      <code>GetCallerIdentity</code>.
    </>,
  ],
  gcp: [
    <>
      In the Google Cloud console open <strong>IAM &amp; Admin → Service accounts</strong> in the project and
      create a service account for Patchbay.
    </>,
    <>
      Grant it the roles the components need, and at least one that can read the project (e.g.{' '}
      <code>roles/browser</code>).
    </>,
    <>
      Open the account's <strong>Keys → Add key → JSON</strong>; paste the whole key file into{' '}
      <code>service_account_json</code> below (stored encrypted) and set <code>project_id</code>.
    </>,
    <>Validate: Patchbay exchanges a signed JWT for a token, then reads the project.</>,
  ],
  azure: [
    <>
      In <strong>Microsoft Entra ID → App registrations</strong> register an app; note its{' '}
      <strong>Application (client) ID</strong> and <strong>Directory (tenant) ID</strong>.
    </>,
    <>
      Under <strong>Certificates &amp; secrets</strong> create a client secret and copy its <em>Value</em>.
    </>,
    <>
      In the subscription's <strong>Access control (IAM)</strong>, give the app a role (e.g. Reader, or what
      the components need).
    </>,
    <>
      Fill in <code>tenant_id</code>, <code>subscription_id</code>, <code>client_id</code> and{' '}
      <code>client_secret</code>; validate: a client-credentials token, then a read of the subscription.
    </>,
  ],
  mongodb_atlas: [
    <>
      In Atlas open <strong>Project settings</strong> and copy the <strong>Project ID</strong> (24 hexadecimal
      characters).
    </>,
    <>
      Under <strong>Access Manager → API Keys</strong> create a key with a project role (e.g. Project Read
      Only); copy its public and private parts.
    </>,
    <>Add the Patchbay server's outbound IP address to the API key's access list.</>,
    <>
      Fill in <code>project_id</code>, <code>atlas_public_key</code> and <code>atlas_private_key</code>, then
      validate: it reads the project from the Atlas Admin API with HTTP Digest.
    </>,
  ],
  neo4j_aura: [
    <>
      In the Aura console open <strong>Account settings → API keys</strong> and create a key; copy the client
      id and the client secret (shown once).
    </>,
    <>
      Optionally copy an instance id from the instance list, so validation also checks that instance exists.
    </>,
    <>
      Fill in <code>aura_client_id</code> and <code>aura_client_secret</code>; validate gets an OAuth token
      and lists the instances.
    </>,
  ],
};

function AwsSetup({ setup }: { setup: Record<string, unknown> }) {
  const externalId = String(setup.external_id ?? '');
  return (
    <div className="aws-setup">
      <div className="field">
        <span className="label">External ID</span>
        <div className="copy-row">
          <code className="copy-value" data-testid="external-id">
            {externalId}
          </code>
          <CopyButton text={externalId} label="Copy external ID" />
        </div>
      </div>
      {typeof setup.note === 'string' ? <p className="alert alert-warning">{setup.note}</p> : null}
      <JsonBlock value={setup.trust_policy} label="Trust policy (IAM role → Trust relationships)" />
    </div>
  );
}

export function SetupTab({
  connection: c,
  onSaved,
}: {
  connection: Connection;
  onSaved: (next: Connection) => void;
}) {
  const types = useTypes();
  const canEdit = useCan('editor');
  const type = types.data?.find((t) => t.id === c.type);
  if (!type) return <Loading />;
  const steps = STEPS[c.type];
  const required = (type.input_schema.required ?? []).filter(
    (f) => !(f in c.value) && !c.secret_fields.includes(f),
  );
  return (
    <div className="stack">
      {steps ? (
        <Card title={`Set up ${type.display_name}`}>
          <ol className="steps">
            {steps.map((step, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the steps are a fixed list
              <li key={i}>{step}</li>
            ))}
          </ol>
          {c.type === 'aws' && c.setup ? <AwsSetup setup={c.setup} /> : null}
        </Card>
      ) : null}
      <Card title={c.status === 'pending' ? 'Complete the credentials' : 'Credentials'}>
        {required.length > 0 ? (
          <p className="muted">
            Still missing:{' '}
            {required.map((f, i) => (
              <span key={f}>
                {i > 0 ? ', ' : ''}
                <code>{f}</code>
              </span>
            ))}
          </p>
        ) : (
          <p className="muted">All required inputs are set. Validate to activate the connection.</p>
        )}
        {canEdit ? (
          <CredentialsForm connection={c} type={type} onSaved={onSaved} submitLabel="Save credentials" />
        ) : (
          <p className="muted">Your token is read-only: an editor completes the credentials.</p>
        )}
      </Card>
    </div>
  );
}
