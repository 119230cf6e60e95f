import { ClientSecretCredential } from '@azure/identity';
import type { CheckResult, TypeContext, ValidationOutcome } from '../../domain/type-descriptor.js';
import { step } from '../../task-kit/check-step.js';
import type { AzureInputs, AzureSettings } from './azure-type.js';

const API_VERSION = '2022-12-01';

interface AzureTarget {
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  clientSecret: string;
  authorityUrl: string;
  managementUrl: string;
}

class AzureProblem extends Error {}

/**
 * Validates an azure connection (SPEC 3): a client-credentials token from the configured authority
 * (`PATCHBAY_AZURE_AUTHORITY_URL`, instance discovery off so no other host is asked) for
 * `<PATCHBAY_AZURE_MANAGEMENT_URL>/.default`, then a read of the subscription from Resource Manager.
 * The authority must be https (MSAL refuses anything else); a private CA is trusted the standard
 * Node way, with NODE_EXTRA_CA_CERTS.
 *
 * @example
 * await validateAzure({ tenant_id, subscription_id, client_id, client_secret }, ctx)
 * // { valid: true, message: null, accountIdentifier: '<subscription id>', checks: [token, subscription] }
 */
export async function validateAzure(
  inputs: AzureInputs,
  ctx: TypeContext<AzureSettings>,
): Promise<ValidationOutcome> {
  const checks: CheckResult[] = [];
  const target: AzureTarget = {
    tenantId: String(inputs.tenant_id ?? ''),
    subscriptionId: String(inputs.subscription_id ?? ''),
    clientId: String(inputs.client_id ?? ''),
    clientSecret: String(inputs.client_secret ?? ''),
    authorityUrl: ctx.settings.authorityUrl.replace(/\/+$/, ''),
    managementUrl: ctx.settings.managementUrl.replace(/\/+$/, ''),
  };

  const token = await step(
    checks,
    'token',
    () => requestToken(target, ctx),
    (error) => explainTokenError(error, target, ctx),
  );
  if ('message' in token) return failed(token.message, checks, ctx);
  const subscription = await step(
    checks,
    'subscription',
    () => readSubscription(token.value, target, ctx),
    (error) =>
      error instanceof AzureProblem ? error.message : explainNetworkError(error, target.managementUrl, ctx),
  );
  if ('message' in subscription) return failed(subscription.message, checks, ctx);
  return { valid: true, message: null, accountIdentifier: subscription.value, checks };
}

async function requestToken(target: AzureTarget, ctx: TypeContext): Promise<[string, string]> {
  if (!target.authorityUrl.startsWith('https://')) {
    throw new AzureProblem(
      `the Azure authority must be an https URL; fix PATCHBAY_AZURE_AUTHORITY_URL (${target.authorityUrl})`,
    );
  }
  const credential = new ClientSecretCredential(target.tenantId, target.clientId, target.clientSecret, {
    authorityHost: target.authorityUrl,
    disableInstanceDiscovery: true,
    retryOptions: { maxRetries: 1 },
  });
  const token = await credential.getToken(`${target.managementUrl}/.default`, { abortSignal: ctx.signal });
  return [token.token, `token issued for application ${target.clientId} in tenant ${target.tenantId}`];
}

async function readSubscription(
  accessToken: string,
  target: AzureTarget,
  ctx: TypeContext,
): Promise<[string, string]> {
  const url = `${target.managementUrl}/subscriptions/${encodeURIComponent(target.subscriptionId)}?api-version=${API_VERSION}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: ctx.signal,
    redirect: 'error',
  });
  const body = (await response.json().catch(() => ({}))) as {
    subscriptionId?: string;
    tenantId?: string;
    displayName?: string;
    state?: string;
    error?: { code?: string };
  };
  const code = body.error?.code ?? `HTTP ${response.status}`;
  if (response.status === 403) {
    throw new AzureProblem(
      `application ${target.clientId} has no access to subscription ${target.subscriptionId} (${code}): assign it a role ` +
        '(e.g. Reader) on the subscription under Access control (IAM)',
    );
  }
  if (response.status === 404) {
    throw new AzureProblem(
      `subscription ${target.subscriptionId} was not found (${code}): check subscription_id and that it belongs to tenant ${target.tenantId}`,
    );
  }
  if (response.status === 401) {
    throw new AzureProblem(
      `Azure Resource Manager did not accept the token (${code}): check tenant_id ${target.tenantId}`,
    );
  }
  if (!response.ok || !body.subscriptionId) {
    throw new AzureProblem(
      `reading subscription ${target.subscriptionId} failed with ${code}; try again later`,
    );
  }
  if (body.state === 'Disabled' || body.state === 'Deleted') {
    throw new AzureProblem(
      `subscription ${target.subscriptionId} is ${body.state}: re-enable it or use another subscription`,
    );
  }
  return [
    body.subscriptionId,
    `subscription ${body.displayName ?? body.subscriptionId} (${body.state ?? 'unknown state'}) in tenant ${body.tenantId ?? target.tenantId}`,
  ];
}

/** What to do for the AADSTS codes people actually hit with a service principal. */
const AADSTS_FIXES: Record<string, (t: AzureTarget) => string> = {
  '7000215': () =>
    "the client secret is wrong (AADSTS7000215): use the secret's Value, not its ID (Secret ID); if the value is lost, " +
    'create a new client secret under App registrations → Certificates & secrets',
  '7000222': () =>
    'the client secret has expired (AADSTS7000222): create a new client secret and update client_secret',
  '700016': (t) =>
    `application ${t.clientId} was not found in tenant ${t.tenantId} (AADSTS700016): check client_id and tenant_id, and that the app is registered or consented in that tenant`,
  '90002': (t) => `tenant ${t.tenantId} was not found (AADSTS90002): check tenant_id (Directory ID)`,
  '900023': (t) =>
    `tenant_id ${t.tenantId} is not a valid tenant (AADSTS900023): use the Directory (tenant) ID GUID`,
  '700024': () => 'the token request was refused (AADSTS700024): check the server clock',
};

function explainTokenError(error: unknown, target: AzureTarget, ctx: TypeContext): string {
  if (error instanceof AzureProblem) return error.message;
  const response = (error as { errorResponse?: { error?: string; errorDescription?: string } }).errorResponse;
  const text = `${response?.errorDescription ?? ''} ${error instanceof Error ? error.message : ''}`;
  const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
  if (aadsts) {
    const fix = AADSTS_FIXES[aadsts];
    if (fix) return fix(target);
    // masked before it is cut: a secret cut in half would survive the runner's scrub
    const description = firstSentence(ctx.secrets.redact(response?.errorDescription ?? ''));
    return `the Microsoft identity platform refused the token request (AADSTS${aadsts}): ${description}`;
  }
  if (response?.error) return `the Microsoft identity platform refused the token request (${response.error})`;
  const message = error instanceof Error ? error.message : '';
  if (/url_parse_error|invalid_authority/i.test(message)) {
    return `PATCHBAY_AZURE_AUTHORITY_URL (${target.authorityUrl}) is not a usable authority URL; fix the setting`;
  }
  if (!ctx.signal.aborted && /endpoints_resolution_error/.test(message)) {
    // MSAL drops the cause: either the tenant does not exist or its metadata could not be fetched.
    return (
      `could not read the OpenID metadata of tenant ${target.tenantId} from ${target.authorityUrl}: check tenant_id, ` +
      'and that this server can reach and trust the authority (network, proxy, NODE_EXTRA_CA_CERTS, PATCHBAY_AZURE_AUTHORITY_URL)'
    );
  }
  return explainNetworkError(error, target.authorityUrl, ctx);
}

function explainNetworkError(error: unknown, endpoint: string, ctx: TypeContext): string {
  if (ctx.signal.aborted)
    return `Azure did not answer within ${ctx.timeoutMs} ms; check that this server can reach ${endpoint}`;
  const raw =
    (error as { cause?: { code?: unknown }; code?: unknown }).cause?.code ??
    (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? ` (${raw})` : '';
  return `could not reach ${endpoint}${code}; check the network, proxy, TLS trust (NODE_EXTRA_CA_CERTS) or the PATCHBAY_AZURE_* endpoint settings`;
}

/** AAD descriptions carry trace and correlation ids after the first sentence; the first sentence is the useful part. */
const firstSentence = (text: string): string => {
  const sentence = text.replace(/^AADSTS\d+:\s*/, '').split(/(?<=\.)\s|\r?\n/)[0] ?? '';
  return sentence.length > 200 ? `${sentence.slice(0, 200)}…` : sentence;
};

function failed(message: string, checks: CheckResult[], ctx: TypeContext): ValidationOutcome {
  // a log line is written before the runner's scrub, so it is masked here
  ctx.logger.info(
    { type: 'azure', tag: ctx.tag, checks: checks.map((c) => `${c.name}:${c.ok}`) },
    ctx.secrets.redact(message),
  );
  return { valid: false, message, accountIdentifier: null, checks };
}
