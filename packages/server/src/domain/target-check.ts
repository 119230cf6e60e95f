/**
 * SPEC 7: a target that two parsers could read differently is refused, so the host the egress guard
 * checked is the host the driver contacts. The WHATWG parser reads `\` as `/`, libcurl reads it as
 * part of the user info; control characters and percent-escapes in a host are read differently by
 * different libraries; a password in a URL travels outside the secret fields. One check for every
 * type, run on stored and on merged inputs.
 */
import { isIP } from 'node:net';
import type { Issue } from './errors.js';
import type { JsonObject } from './model.js';
import { type InputSchema, targetFieldsOf } from './type-descriptor.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** whitespace other than the ASCII space (which hostkey values contain) */
const ODD_SPACE = /[\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u3000\ufeff]/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** a DNS name (underscores allowed: container and service names use them) */
const DNS_NAME = /^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_.])?$/i;

/** What a host field may hold: a DNS name, an IPv4 address, or an IPv6 address (bracketed or not). */
const isHost = (value: string): boolean =>
  DNS_NAME.test(value) || isIP(value.replace(/^\[(.*)\]$/, '$1')) !== 0;

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

/** The authority as written: between `//` and the first `/`, `?` or `#`, user info dropped. */
function writtenHost(url: string): string {
  const rest = url.slice(url.indexOf('//') + 2);
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
}

/** Problems of a URL value (any field): unparseable, a password, or a host that parses two ways. */
export function urlProblem(value: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.password !== '') {
    return 'carries a password in the URL; put credentials in the secret fields (password, bearer_token …)';
  }
  let written = writtenHost(value);
  const port = DEFAULT_PORTS[parsed.protocol];
  if (port && written.endsWith(`:${port}`)) written = written.slice(0, -port.length - 1);
  if (written !== parsed.host.toLowerCase()) {
    return `has a host that parsers read differently ('${parsed.host}'); write the host plainly (ASCII, no escapes, no shorthand IP)`;
  }
  return undefined;
}

/**
 * Verdicts on target values already judged, by field and value: every resolve and connect checks the
 * same few stored hosts and URLs again (a URL parse each). Target fields name where a secret goes,
 * never a secret, and the verdict depends on nothing else; bounded like the other per-process caches.
 * Two levels, so a lookup hashes the value string (whose hash V8 keeps) instead of a new joined key.
 */
const judged = new Map<string, Map<string, string | undefined>>();
let judgedCount = 0;
const JUDGED_MAX = 10_000;
/** longer values are judged each time: a caller's overrides must not fill memory (10,000 × 1 KiB at most) */
const JUDGED_VALUE_MAX = 1024;

function targetProblem(field: string, value: string): string | undefined {
  if (value.length > JUDGED_VALUE_MAX) return judgeTarget(field, value);
  let byValue = judged.get(field);
  if (byValue?.has(value)) return byValue.get(value);
  const problem = judgeTarget(field, value);
  if (judgedCount >= JUDGED_MAX) {
    judged.clear();
    judgedCount = 0;
    byValue = undefined;
  }
  if (!byValue) {
    byValue = new Map();
    judged.set(field, byValue);
  }
  byValue.set(value, problem);
  judgedCount++;
  return problem;
}

function judgeTarget(field: string, value: string): string | undefined {
  if (CONTROL.test(value) || ODD_SPACE.test(value)) return 'contains control or invisible characters';
  if (value.includes('\\')) return 'contains a backslash, which parsers read differently; use /';
  if (/(^|_)host(name)?$/.test(field)) {
    return isHost(value) ? undefined : 'is not a host name or IP address (no scheme, user, path or port)';
  }
  if (URL_LIKE.test(value)) return /\s/.test(value) ? 'contains whitespace' : urlProblem(value);
  return undefined;
}

/**
 * Issues for `inputs`: every `x-target` string must be unambiguous, and no URL in any top-level
 * string input may carry a password.
 *
 * @example
 * targetIssues(httpType.inputSchema, { url: 'http://a\\@evil/' }); // [{ path: 'url', message: 'contains a backslash…' }]
 */
export function targetIssues(schema: InputSchema, inputs: JsonObject): Issue[] {
  const issues: Issue[] = [];
  const targets = targetFieldsOf(schema);
  for (const field of Object.keys(inputs)) {
    const value = inputs[field];
    if (typeof value !== 'string') continue;
    const problem = targets.includes(field)
      ? targetProblem(field, value)
      : URL_LIKE.test(value) && /^[^/]*\/\/[^/@]*:[^/@]*@/.test(value)
        ? 'carries a password in the URL; put credentials in the secret fields'
        : undefined;
    if (problem) issues.push({ path: field, message: problem });
  }
  return issues;
}
