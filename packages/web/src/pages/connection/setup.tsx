import type { Connection } from '../../api';
import { StepText } from '../../components/step-text';
import { Card, CopyButton, JsonBlock, Loading } from '../../components/ui';
import { useTypes } from '../../queries';
import { useCan } from '../../session';
import { CredentialsForm } from './credentials-form';

/** The setup payload a type made at create (SPEC 4; today aws: external id and trust policy). */
function SetupPayload({ setup }: { setup: Record<string, unknown> }) {
  const externalId = typeof setup.external_id === 'string' ? setup.external_id : null;
  return (
    <div className="aws-setup">
      {externalId !== null ? (
        <div className="field">
          <span className="label">External ID</span>
          <div className="copy-row">
            <code className="copy-value" data-testid="external-id">
              {externalId}
            </code>
            <CopyButton text={externalId} label="Copy external ID" />
          </div>
        </div>
      ) : null}
      {typeof setup.note === 'string' ? <p className="alert alert-warning">{setup.note}</p> : null}
      {setup.trust_policy !== undefined ? (
        <JsonBlock value={setup.trust_policy} label="Trust policy (IAM role → Trust relationships)" />
      ) : null}
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
  // what to do on the provider's side, served by the type itself (GET /v1/types)
  const steps = type.setup_steps;
  const required = (type.input_schema.required ?? []).filter(
    (f) => !(f in c.value) && !c.secret_fields.includes(f),
  );
  return (
    <div className="stack">
      {steps.length > 0 ? (
        <Card title={`Set up ${type.display_name}`}>
          <ol className="steps">
            {steps.map((step, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the steps are a fixed list
              <li key={i}>
                <StepText text={step} />
              </li>
            ))}
          </ol>
          {c.setup ? <SetupPayload setup={c.setup} /> : null}
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
