import { randomBytes } from 'node:crypto';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { JsonObject } from '../../domain/model.js';
import type { SetupContext } from '../../domain/type-descriptor.js';
import type { AwsSettings } from './aws-type.js';

/** Stands in for the server's principal when neither the settings nor the credential chain name it. */
export const PRINCIPAL_PLACEHOLDER = '<patchbay-server-principal-arn>';

const SETUP_TIMEOUT_MS = 5_000;

/**
 * The IAM trust policy a customer pastes into the role Patchbay assumes: only `principal`, and only
 * with the connection's external id (the confused-deputy guard).
 *
 * @example
 * trustPolicyFor('arn:aws:iam::111122223333:user/patchbay', 'pb-0f…')
 * // { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:…' }, … }] }
 */
export function trustPolicyFor(principal: string, externalId: string): JsonObject {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  };
}

/** `pb-` and 128 random bits in hex: unique per connection, never derived from anything guessable. */
export const newExternalId = (): string => `pb-${randomBytes(16).toString('hex')}`;

/**
 * An assumed-role session ARN cannot be a trust-policy principal; the role behind it can.
 * `arn:aws:sts::1:assumed-role/Name/session` → `arn:aws:iam::1:role/Name`.
 */
export function principalFromCallerArn(arn: string): string {
  const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : arn;
}

/** The caller identity of the base credentials (standard AWS chain), or `undefined` when there are none. */
export async function lookUpServerPrincipal(
  settings: Pick<AwsSettings, 'stsEndpoint'>,
  signal: AbortSignal,
): Promise<string | undefined> {
  const client = new STSClient({
    region: 'us-east-1',
    endpoint: settings.stsEndpoint || undefined,
    maxAttempts: 1,
  });
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    return identity.Arn ? principalFromCallerArn(identity.Arn) : undefined;
  } catch {
    // No credentials or STS unreachable: setup still succeeds, with a placeholder and a note.
    return undefined;
  } finally {
    client.destroy();
  }
}

/**
 * Builds the aws setup payload made at create (SPEC 4): a fresh external id and the trust policy.
 * The principal is `principalArn` (PATCHBAY_AWS_PRINCIPAL_ARN) if configured, else the identity of the server's base credentials.
 *
 * @example
 * await createAwsSetup({ settings }) // { external_id: 'pb-…', trust_policy: { Version: '2012-10-17', … } }
 */
export async function createAwsSetup(ctx: Pick<SetupContext<AwsSettings>, 'settings'>): Promise<JsonObject> {
  const externalId = newExternalId();
  const principal =
    ctx.settings.principalArn ||
    (await lookUpServerPrincipal(ctx.settings, AbortSignal.timeout(SETUP_TIMEOUT_MS)));
  if (principal) return { external_id: externalId, trust_policy: trustPolicyFor(principal, externalId) };
  return {
    external_id: externalId,
    trust_policy: trustPolicyFor(PRINCIPAL_PLACEHOLDER, externalId),
    note:
      `Patchbay could not determine its own AWS principal: replace ${PRINCIPAL_PLACEHOLDER} with the ARN ` +
      'of the identity this server runs as, or set PATCHBAY_AWS_PRINCIPAL_ARN (or give the server AWS ' +
      'credentials) before creating the connection.',
  };
}
