import {
  AssumeRoleCommand,
  type Credentials,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { CheckResult, TypeContext, ValidationOutcome } from '../../domain/type-descriptor.js';
import { step } from '../../task-kit/check-step.js';
import { PRINCIPAL_PLACEHOLDER } from './aws-setup.js';
import type { AwsInputs, AwsSettings } from './aws-type.js';

const SESSION_NAME = 'patchbay-validate';

interface AwsTarget {
  roleArn: string;
  region: string;
  externalId: string;
  /** the configured override; unset lets the SDK pick the partition's regional endpoint */
  endpoint: string | undefined;
  /** where the requests go, for messages */
  endpointLabel: string;
}

/**
 * Validates an aws connection (SPEC 3): AssumeRole with the connection's external id using the
 * server's base credentials (standard AWS chain), then GetCallerIdentity with the session.
 * Talks only to `settings.stsEndpoint` (or the regional public endpoint when unset).
 *
 * @example
 * await validateAws({ role_arn: 'arn:aws:iam::111122223333:role/patchbay' }, ctx)
 * // { valid: true, message: null, accountIdentifier: '111122223333', checks: [assume_role, caller_identity] }
 */
export async function validateAws(
  inputs: AwsInputs,
  ctx: TypeContext<AwsSettings>,
): Promise<ValidationOutcome> {
  const checks: CheckResult[] = [];
  const region = typeof inputs.region === 'string' && inputs.region !== '' ? inputs.region : 'us-east-1';
  const externalId = ctx.setup?.external_id;
  if (typeof externalId !== 'string' || externalId === '') {
    const message =
      'this connection has no external id in its setup; delete and recreate it so Patchbay generates one';
    checks.push({ name: 'external_id', ok: false, detail: message, duration_ms: 0 });
    return { valid: false, message, accountIdentifier: null, checks };
  }
  const target: AwsTarget = {
    roleArn: String(inputs.role_arn ?? ''),
    region,
    externalId,
    endpoint: ctx.settings.stsEndpoint || undefined,
    endpointLabel: ctx.settings.stsEndpoint || `the STS endpoint of ${region}`,
  };

  const assumed = await step(
    checks,
    'assume_role',
    () => assumeRole(target, ctx),
    (error) => explainAssumeRoleError(error, target, ctx),
  );
  if ('message' in assumed) return failed(assumed.message, checks, ctx);

  const identity = await step(
    checks,
    'caller_identity',
    () => callerIdentity(target, assumed.value, ctx),
    (error) => explainStsError(error, target, ctx, 'GetCallerIdentity with the assumed-role session'),
  );
  if ('message' in identity) return failed(identity.message, checks, ctx);
  return { valid: true, message: null, accountIdentifier: identity.value, checks };
}

async function assumeRole(target: AwsTarget, ctx: TypeContext): Promise<[Credentials, string]> {
  // No `credentials` option: the client resolves the server's base credentials from the standard chain.
  const client = new STSClient({ region: target.region, endpoint: target.endpoint, maxAttempts: 2 });
  try {
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: target.roleArn,
        ExternalId: target.externalId,
        RoleSessionName: SESSION_NAME,
        DurationSeconds: 900,
      }),
      { abortSignal: ctx.signal },
    );
    const credentials = out.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
      throw new Error('STS answered AssumeRole without session credentials');
    }
    const arn = out.AssumedRoleUser?.Arn ?? target.roleArn;
    return [credentials, `assumed ${arn} with the connection's external id`];
  } finally {
    client.destroy();
  }
}

async function callerIdentity(
  target: AwsTarget,
  session: Credentials,
  ctx: TypeContext,
): Promise<[string, string]> {
  const client = new STSClient({
    region: target.region,
    endpoint: target.endpoint,
    maxAttempts: 2,
    credentials: {
      accessKeyId: session.AccessKeyId ?? '',
      secretAccessKey: session.SecretAccessKey ?? '',
      sessionToken: session.SessionToken,
    },
  });
  try {
    const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal });
    if (!out.Account) throw new Error('STS answered GetCallerIdentity without an account id');
    const expected = /^arn:[^:]+:iam::(\d{12}):/.exec(target.roleArn)?.[1];
    const note = expected && expected !== out.Account ? ` (the role ARN names account ${expected})` : '';
    return [out.Account, `session is ${out.Arn ?? 'unknown'} in account ${out.Account}${note}`];
  } finally {
    client.destroy();
  }
}

function explainAssumeRoleError(error: unknown, target: AwsTarget, ctx: TypeContext<AwsSettings>): string {
  const { name, message } = describe(error);
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    const principal = principalFrom(message, ctx);
    return (
      `not authorized to perform sts:AssumeRole on ${target.roleArn}: check the role's trust policy names ` +
      `${principal} and the external id condition ${target.externalId} (sts:ExternalId), as in this ` +
      "connection's setup.trust_policy"
    );
  }
  if (name === 'RegionDisabledException') {
    return `STS is not activated in region ${target.region}: activate it under IAM → Account settings, or set region to an active one`;
  }
  return explainStsError(error, target, ctx, 'AssumeRole');
}

function explainStsError(error: unknown, target: AwsTarget, ctx: TypeContext, what: string): string {
  const { name, message, code } = describe(error);
  if (ctx.signal.aborted || name === 'AbortError') {
    return `${what} did not finish within ${ctx.timeoutMs} ms; check that this server can reach ${target.endpointLabel}`;
  }
  if (name === 'CredentialsProviderError') {
    return (
      'this Patchbay server has no AWS base credentials: give it credentials through the standard AWS chain ' +
      '(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance/task role)'
    );
  }
  if (
    ['InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'UnrecognizedClientException'].includes(
      name,
    )
  ) {
    return `AWS rejected this server's base credentials during ${what} (${name}): fix the server's AWS credentials; the connection itself may be fine`;
  }
  if (name === 'ValidationError' && target.roleArn !== '') {
    return `AWS refused the ${what} request (ValidationError): ${clip(message)}; check role_arn ${target.roleArn}`;
  }
  if (
    code &&
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|CERT_|UNABLE_TO)/.test(code)
  ) {
    return `could not reach AWS STS at ${target.endpointLabel} (${code}); check the network, proxy or PATCHBAY_AWS_STS_ENDPOINT`;
  }
  return `${what} failed (${name}): ${clip(message)}`;
}

/** The denied principal as AWS names it ("User: arn:… is not authorized"), else what the server knows. */
function principalFrom(awsMessage: string, ctx: TypeContext<AwsSettings>): string {
  const fromMessage = /User: (arn:\S+) is not authorized/.exec(awsMessage)?.[1];
  if (fromMessage) return fromMessage;
  if (ctx.settings.principalArn) return ctx.settings.principalArn;
  const policy = ctx.setup?.trust_policy as { Statement?: { Principal?: { AWS?: unknown } }[] } | undefined;
  const fromPolicy = policy?.Statement?.[0]?.Principal?.AWS;
  return typeof fromPolicy === 'string' && fromPolicy !== PRINCIPAL_PLACEHOLDER
    ? fromPolicy
    : "this server's AWS principal";
}

function describe(error: unknown): { name: string; message: string; code: string | undefined } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), code: undefined };
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const raw = (error as { code?: unknown }).code ?? cause?.code;
  return { name: error.name, message: error.message, code: typeof raw === 'string' ? raw : undefined };
}

const clip = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

function failed(message: string, checks: CheckResult[], ctx: TypeContext): ValidationOutcome {
  // a log line is written before the runner's scrub, so it is masked here
  ctx.logger.info(
    { type: 'aws', tag: ctx.tag, checks: checks.map((c) => `${c.name}:${c.ok}`) },
    ctx.secrets.redact(message),
  );
  return { valid: false, message, accountIdentifier: null, checks };
}
