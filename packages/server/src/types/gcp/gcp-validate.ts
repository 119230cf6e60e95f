import { JWT } from 'google-auth-library';
import type { CheckResult, TypeContext, ValidationOutcome } from '../../domain/type-descriptor.js';
import { step } from '../../task-kit/check-step.js';
import { parseServiceAccountKey, type ServiceAccountKey } from './gcp-key.js';
import type { GcpInputs, GcpSettings } from './gcp-type.js';

/** The token endpoint google-auth-library signs for (`aud`) and posts to; rewritten to the configured one. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const READ_ONLY_SCOPE = 'https://www.googleapis.com/auth/cloud-platform.read-only';

interface GcpTarget {
  projectId: string;
  tokenUrl: string;
  apiUrl: string;
}

/**
 * Validates a gcp connection (SPEC 3): checks the key file's shape, exchanges a signed JWT for an
 * access token at the configured token URL (`PATCHBAY_GCP_TOKEN_URL`; a `token_uri` in the key is
 * ignored), then reads the project from Cloud Resource Manager v1 at `PATCHBAY_GCP_API_URL`.
 *
 * @example
 * await validateGcp({ project_id: 'acme-prod', service_account_json: keyFile }, ctx)
 * // { valid: true, message: null, accountIdentifier: '415104041262', checks: [key_format, token, project] }
 */
export async function validateGcp(
  inputs: GcpInputs,
  ctx: TypeContext<GcpSettings>,
): Promise<ValidationOutcome> {
  const checks: CheckResult[] = [];
  const target: GcpTarget = {
    projectId: String(inputs.project_id ?? ''),
    tokenUrl: ctx.settings.tokenUrl,
    apiUrl: ctx.settings.apiUrl.replace(/\/+$/, ''),
  };

  const parsed = parseServiceAccountKey(inputs.service_account_json);
  if ('problem' in parsed) {
    checks.push({ name: 'key_format', ok: false, detail: parsed.problem, duration_ms: 0 });
    return failed(parsed.problem, checks, ctx);
  }
  const key = parsed.key;
  const ignored =
    key.tokenUri && key.tokenUri !== target.tokenUrl
      ? `; its token_uri is ignored, tokens come from the configured ${target.tokenUrl}`
      : '';
  checks.push({
    name: 'key_format',
    ok: true,
    detail: `service account ${key.clientEmail}${ignored}`,
    duration_ms: 0,
  });

  const token = await step(
    checks,
    'token',
    () => exchangeToken(key, target, ctx),
    (error) => explainTokenError(error, key, target, ctx),
  );
  if ('message' in token) return failed(token.message, checks, ctx);

  const project = await step(
    checks,
    'project',
    () => readProject(token.value, target, ctx),
    (error) =>
      error instanceof ProjectProblem ? error.message : explainNetworkError(error, `${target.apiUrl}`, ctx),
  );
  if ('message' in project) return failed(project.message, checks, ctx);
  return { valid: true, message: null, accountIdentifier: project.value, checks };
}

async function exchangeToken(
  key: ServiceAccountKey,
  target: GcpTarget,
  ctx: TypeContext,
): Promise<[string, string]> {
  const jwt = new JWT({
    email: key.clientEmail,
    key: key.privateKey,
    keyId: key.privateKeyId,
    scopes: [READ_ONLY_SCOPE],
  });
  // The library posts to Google's public token URL; send that request to the configured endpoint
  // instead, refuse any other destination, and make it abortable and single-shot.
  jwt.transporter.interceptors.request.add({
    resolved: async (config) => {
      const href = config.url.toString();
      if (href !== GOOGLE_TOKEN_URL && href !== target.tokenUrl) {
        throw new Error(`refused a request to an unconfigured Google endpoint (${config.url.origin})`);
      }
      config.url = new URL(target.tokenUrl);
      config.signal = ctx.signal;
      config.retryConfig = { ...config.retryConfig, retry: 0, noResponseRetries: 0 };
      return config;
    },
  });
  const credentials = await jwt.authorize();
  if (!credentials.access_token) throw new Error('the token endpoint answered without an access_token');
  return [credentials.access_token, `token issued for ${key.clientEmail} by ${target.tokenUrl}`];
}

class ProjectProblem extends Error {}

async function readProject(
  accessToken: string,
  target: GcpTarget,
  ctx: TypeContext,
): Promise<[string, string]> {
  const url = `${target.apiUrl}/v1/projects/${encodeURIComponent(target.projectId)}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: ctx.signal,
    redirect: 'error',
  });
  const body = (await response.json().catch(() => ({}))) as {
    projectNumber?: string;
    lifecycleState?: string;
    error?: { status?: string; message?: string };
  };
  if (response.status === 403 || response.status === 404) {
    // Google answers 403 both for "no permission" and for a project that does not exist.
    throw new ProjectProblem(
      `the service account cannot read project '${target.projectId}' (${body.error?.status ?? response.status}): ` +
        'check the project id, and grant the service account a role with resourcemanager.projects.get ' +
        '(e.g. roles/browser) on the project',
    );
  }
  if (response.status === 401) {
    throw new ProjectProblem(
      `Google did not accept the access token when reading project '${target.projectId}' (401): validate again; if it persists, create a new key`,
    );
  }
  if (!response.ok || !body.projectNumber) {
    throw new ProjectProblem(
      `reading project '${target.projectId}' from ${target.apiUrl} failed with HTTP ${response.status}; try again later`,
    );
  }
  if (body.lifecycleState && body.lifecycleState !== 'ACTIVE') {
    throw new ProjectProblem(
      `project '${target.projectId}' is ${body.lifecycleState}, not ACTIVE: restore it or use another project`,
    );
  }
  return [
    body.projectNumber,
    `project ${target.projectId} is number ${body.projectNumber} (${body.lifecycleState ?? 'ACTIVE'})`,
  ];
}

function explainTokenError(
  error: unknown,
  key: ServiceAccountKey,
  target: GcpTarget,
  ctx: TypeContext,
): string {
  const data = (error as { response?: { data?: { error?: unknown; error_description?: unknown } } }).response
    ?.data;
  const code = typeof data?.error === 'string' ? data.error : undefined;
  const said =
    typeof data?.error_description === 'string'
      ? ` (Google says: ${clip(ctx.secrets.redact(data.error_description))})`
      : '';
  if (code === 'invalid_grant') {
    return (
      `Google rejected the service account key (invalid_grant): the key may be deleted or disabled; create a new key ` +
      `for ${key.clientEmail} (IAM & Admin → Service accounts → Keys → Add key → JSON) and set service_account_json${said}`
    );
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return `Google refused the service account ${key.clientEmail} (${code}): check that the account exists and is enabled${said}`;
  }
  if (code) return `Google refused the token request (${code})${said}`;
  return explainNetworkError(error, target.tokenUrl, ctx);
}

function explainNetworkError(error: unknown, endpoint: string, ctx: TypeContext): string {
  if (ctx.signal.aborted)
    return `Google did not answer within ${ctx.timeoutMs} ms; check that this server can reach ${endpoint}`;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
  const code = typeof cause === 'string' ? ` (${cause})` : '';
  return `could not reach ${endpoint}${code}; check the network, proxy or the PATCHBAY_GCP_* endpoint settings`;
}

/** Cuts a provider's text for a message; mask it first (a secret cut in half survives the runner's scrub). */
const clip = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

function failed(message: string, checks: CheckResult[], ctx: TypeContext): ValidationOutcome {
  // a log line is written before the runner's scrub, so it is masked here
  ctx.logger.info(
    { type: 'gcp', tag: ctx.tag, checks: checks.map((c) => `${c.name}:${c.ok}`) },
    ctx.secrets.redact(message),
  );
  return { valid: false, message, accountIdentifier: null, checks };
}
