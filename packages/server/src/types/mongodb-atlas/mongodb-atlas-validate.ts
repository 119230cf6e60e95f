import type { CheckResult, TypeContext, ValidationOutcome } from '../../domain/type-descriptor.js';
import { step } from '../../task-kit/check-step.js';
import {
  type DigestChallenge,
  digestAuthorization,
  parseDigestChallenge,
  supportsAlgorithm,
} from './digest-auth.js';
import type { AtlasSettings, MongodbAtlasInputs } from './mongodb-atlas-type.js';

const ACCEPT = 'application/vnd.atlas.2023-01-01+json';

interface AtlasTarget {
  projectId: string;
  publicKey: string;
  privateKey: string;
  apiUrl: string;
  path: string;
}

class AtlasProblem extends Error {}

/**
 * Validates a mongodb_atlas connection (SPEC 3): `GET /api/atlas/v2/groups/{project_id}` on the
 * configured Atlas Admin API (`PATCHBAY_ATLAS_API_URL`) with HTTP Digest (RFC 7616) — first the
 * challenge, then the answered request.
 *
 * @example
 * await validateMongodbAtlas({ project_id: '5f…', atlas_public_key: 'abcd', atlas_private_key: '…' }, ctx)
 * // { valid: true, message: null, accountIdentifier: '<orgId>', checks: [challenge, project] }
 */
export async function validateMongodbAtlas(
  inputs: MongodbAtlasInputs,
  ctx: TypeContext<AtlasSettings>,
): Promise<ValidationOutcome> {
  const checks: CheckResult[] = [];
  const projectId = String(inputs.project_id ?? '');
  const target: AtlasTarget = {
    projectId,
    publicKey: String(inputs.atlas_public_key ?? ''),
    privateKey: String(inputs.atlas_private_key ?? ''),
    apiUrl: ctx.settings.apiUrl.replace(/\/+$/, ''),
    path: `/api/atlas/v2/groups/${encodeURIComponent(projectId)}`,
  };
  const explain = (error: unknown) => explainError(error, target, ctx);

  const challenge = await step(checks, 'challenge', () => fetchChallenge(target, ctx), explain);
  if ('message' in challenge) return failed(challenge.message, checks, ctx);
  const project = await step(checks, 'project', () => readProject(challenge.value, target, ctx), explain);
  if ('message' in project) return failed(project.message, checks, ctx);
  return { valid: true, message: null, accountIdentifier: project.value, checks };
}

function get(target: AtlasTarget, ctx: TypeContext, authorization?: string): Promise<Response> {
  return fetch(`${target.apiUrl}${target.path}`, {
    headers: { accept: ACCEPT, ...(authorization ? { authorization } : {}) },
    signal: ctx.signal,
    redirect: 'error',
  });
}

async function fetchChallenge(target: AtlasTarget, ctx: TypeContext): Promise<[DigestChallenge, string]> {
  const response = await get(target, ctx);
  await response.body?.cancel();
  const challenge = parseDigestChallenge(response.headers.get('www-authenticate'));
  if (response.status !== 401 || !challenge) {
    throw new AtlasProblem(
      `${target.apiUrl} did not answer with an HTTP Digest challenge (HTTP ${response.status}); check PATCHBAY_ATLAS_API_URL points at the Atlas Admin API`,
    );
  }
  if (!supportsAlgorithm(challenge)) {
    throw new AtlasProblem(
      `Atlas asked for Digest algorithm ${challenge.algorithm}, which Patchbay does not implement`,
    );
  }
  return [
    challenge,
    `Digest challenge from realm "${challenge.realm}" (${challenge.algorithm}, qop ${challenge.qop ?? 'none'})`,
  ];
}

async function readProject(
  challenge: DigestChallenge,
  target: AtlasTarget,
  ctx: TypeContext,
): Promise<[string, string]> {
  const authorization = digestAuthorization(challenge, {
    username: target.publicKey,
    password: target.privateKey,
    method: 'GET',
    uri: target.path,
  });
  const response = await get(target, ctx, authorization);
  const body = (await response.json().catch(() => ({}))) as {
    id?: string;
    name?: string;
    orgId?: string;
    errorCode?: string;
  };
  if (response.status === 401) {
    throw new AtlasProblem(
      `Atlas rejected the API key: check the public/private key pair (public key ${target.publicKey}) and that this server's IP is on the key's access list`,
    );
  }
  if (response.status === 403) {
    const ipProblem = /ACCESS_LIST|WHITELIST|IP_ADDRESS/.test(body.errorCode ?? '');
    throw new AtlasProblem(
      ipProblem
        ? `Atlas refused the request from this server's IP address (${body.errorCode}): add it to the API key's access list`
        : `the API key may not read project ${target.projectId} (${body.errorCode ?? 'HTTP 403'}): give the key the Project Read Only role (or higher) on the project`,
    );
  }
  if (response.status === 404) {
    throw new AtlasProblem(
      `Atlas project ${target.projectId} was not found (${body.errorCode ?? 'HTTP 404'}): check project_id (Atlas → Project Settings → Project ID) and that the key belongs to its organization`,
    );
  }
  if (!response.ok || !body.id) {
    throw new AtlasProblem(
      `reading Atlas project ${target.projectId} failed with HTTP ${response.status}; try again later`,
    );
  }
  const account = body.orgId ?? body.id;
  return [account, `project ${body.name ?? body.id} (${body.id}) in organization ${body.orgId ?? 'unknown'}`];
}

function explainError(error: unknown, target: AtlasTarget, ctx: TypeContext): string {
  if (error instanceof AtlasProblem) return error.message;
  if (ctx.signal.aborted)
    return `Atlas did not answer within ${ctx.timeoutMs} ms; check that this server can reach ${target.apiUrl}`;
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const suffix = typeof code === 'string' ? ` (${code})` : '';
  return `could not reach the Atlas Admin API at ${target.apiUrl}${suffix}; check the network, proxy or PATCHBAY_ATLAS_API_URL`;
}

function failed(message: string, checks: CheckResult[], ctx: TypeContext): ValidationOutcome {
  // a log line is written before the runner's scrub, so it is masked here
  ctx.logger.info(
    { type: 'mongodb_atlas', tag: ctx.tag, checks: checks.map((c) => `${c.name}:${c.ok}`) },
    ctx.secrets.redact(message),
  );
  return { valid: false, message, accountIdentifier: null, checks };
}
