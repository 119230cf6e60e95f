import type { CheckResult, TypeContext, ValidationOutcome } from '../../domain/type-descriptor.js';
import { step } from '../../task-kit/check-step.js';
import type { AuraSettings, Neo4jAuraInputs } from './neo4j-aura-type.js';

interface AuraTarget {
  clientId: string;
  clientSecret: string;
  instanceId: string | undefined;
  apiUrl: string;
}

interface AuraInstance {
  id: string;
  name?: string;
  tenant_id?: string;
}

class AuraProblem extends Error {}

/**
 * Validates a neo4j_aura connection (SPEC 3): client-credentials token from `POST /oauth/token`
 * (HTTP Basic) on the configured Aura API (`PATCHBAY_AURA_API_URL`), then `GET /v1/instances`;
 * when `aura_instance_id` is set it must be among them.
 *
 * @example
 * await validateNeo4jAura({ aura_client_id: 'id', aura_client_secret: '…', aura_instance_id: 'db1' }, ctx)
 * // { valid: true, message: null, accountIdentifier: '<tenant id>', checks: [token, instances] }
 */
export async function validateNeo4jAura(
  inputs: Neo4jAuraInputs,
  ctx: TypeContext<AuraSettings>,
): Promise<ValidationOutcome> {
  const checks: CheckResult[] = [];
  const instanceId = typeof inputs.aura_instance_id === 'string' ? inputs.aura_instance_id.trim() : '';
  const target: AuraTarget = {
    clientId: String(inputs.aura_client_id ?? ''),
    clientSecret: String(inputs.aura_client_secret ?? ''),
    instanceId: instanceId === '' ? undefined : instanceId,
    apiUrl: ctx.settings.apiUrl.replace(/\/+$/, ''),
  };
  const explain = (error: unknown) => explainError(error, target, ctx);

  const token = await step(checks, 'token', () => requestToken(target, ctx), explain);
  if ('message' in token) return failed(token.message, checks, ctx);
  const instances = await step(checks, 'instances', () => listInstances(token.value, target, ctx), explain);
  if ('message' in instances) return failed(instances.message, checks, ctx);
  return { valid: true, message: null, accountIdentifier: instances.value, checks };
}

async function requestToken(target: AuraTarget, ctx: TypeContext): Promise<[string, string]> {
  const basic = Buffer.from(`${target.clientId}:${target.clientSecret}`, 'utf8').toString('base64');
  ctx.secrets.add(basic); // a form of the secret made here: an echo of it is masked like the secret
  const response = await fetch(`${target.apiUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: 'grant_type=client_credentials',
    signal: ctx.signal,
    redirect: 'error',
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string };
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    throw new AuraProblem(
      `Aura rejected the client credentials (${body.error ?? `HTTP ${response.status}`}): check aura_client_id ${target.clientId} ` +
        'and aura_client_secret (Aura console → Account settings → API keys); a lost secret cannot be shown again, create a new key',
    );
  }
  if (!response.ok || !body.access_token) {
    throw new AuraProblem(`the Aura token endpoint answered HTTP ${response.status}; try again later`);
  }
  return [body.access_token, `token issued for client ${target.clientId}`];
}

async function listInstances(
  accessToken: string,
  target: AuraTarget,
  ctx: TypeContext,
): Promise<[string, string]> {
  const response = await fetch(`${target.apiUrl}/v1/instances`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: ctx.signal,
    redirect: 'error',
  });
  const body = (await response.json().catch(() => ({}))) as { data?: AuraInstance[] };
  if (response.status === 401 || response.status === 403) {
    throw new AuraProblem(
      `Aura did not let client ${target.clientId} list instances (HTTP ${response.status}): check the API key's project/tenant access`,
    );
  }
  if (!response.ok || !Array.isArray(body.data)) {
    throw new AuraProblem(`listing Aura instances failed with HTTP ${response.status}; try again later`);
  }
  const instances = body.data;
  if (target.instanceId === undefined) {
    const tenant = instances.find((i) => i.tenant_id)?.tenant_id ?? target.clientId;
    return [tenant, `${instances.length} instance(s) visible: ${describeAll(instances)}`];
  }
  const found = instances.find((i) => i.id === target.instanceId);
  if (!found) {
    const seen = instances.length === 0 ? 'it sees no instances' : `it sees ${describeAll(instances)}`;
    throw new AuraProblem(
      `instance ${target.instanceId} is not visible to client ${target.clientId}; ${seen}: fix aura_instance_id or use a key of the instance's tenant`,
    );
  }
  return [
    found.tenant_id ?? target.clientId,
    `instance ${describe(found)} found in tenant ${found.tenant_id ?? 'unknown'}`,
  ];
}

const describe = (i: AuraInstance): string => (i.name ? `${i.id} (${i.name})` : i.id);
const describeAll = (instances: AuraInstance[]): string =>
  instances.length === 0
    ? 'none'
    : instances.slice(0, 20).map(describe).join(', ') + (instances.length > 20 ? ', …' : '');

function explainError(error: unknown, target: AuraTarget, ctx: TypeContext): string {
  if (error instanceof AuraProblem) return error.message;
  if (ctx.signal.aborted)
    return `Aura did not answer within ${ctx.timeoutMs} ms; check that this server can reach ${target.apiUrl}`;
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const suffix = typeof code === 'string' ? ` (${code})` : '';
  return `could not reach the Aura API at ${target.apiUrl}${suffix}; check the network, proxy or PATCHBAY_AURA_API_URL`;
}

function failed(message: string, checks: CheckResult[], ctx: TypeContext): ValidationOutcome {
  // a log line is written before the runner's scrub, so it is masked here
  ctx.logger.info(
    { type: 'neo4j_aura', tag: ctx.tag, checks: checks.map((c) => `${c.name}:${c.ok}`) },
    ctx.secrets.redact(message),
  );
  return { valid: false, message, accountIdentifier: null, checks };
}
