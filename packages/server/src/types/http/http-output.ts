/** Turns the http task's response into its output and its status check into a message that says what to fix. */
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { displayUrl, type HttpResponse, sendHttpRequest } from './http-run.js';
import type { HttpInputs } from './http-type.js';

export interface HttpOutput {
  status_code: number;
  headers: Record<string, string | string[]>;
  json?: unknown;
  text?: string;
}

/**
 * Runs the request and returns `{status_code, headers, json | text}`; a status outside
 * `expected_status_code` throws `unexpected_status`. Secret values echoed by the server are masked.
 */
export async function executeHttp(inputs: HttpInputs, ctx: TypeContext): Promise<HttpOutput> {
  // a body past the byte cap is refused, never cut, so the runner's one scrub masks it whole
  const response = await sendHttpRequest(inputs, ctx);
  checkStatus(inputs, response.status);
  return outputOf(response);
}

/** Throws `unexpected_status` unless the status is expected; returns the check's detail. */
export function checkStatus(inputs: HttpInputs, status: number): string {
  const expected = inputs.expected_status_code;
  if (expected.includes(status)) return `status ${status} is expected`;
  const where = `${inputs.method} ${displayUrl(inputs.url)}`;
  throw new TaskFailure(
    'unexpected_status',
    `${where} answered status ${status}, expected one of ${expected.join(', ')}; ${hintFor(status, inputs)}`,
  );
}

function hintFor(status: number, inputs: HttpInputs): string {
  if (status === 401 || status === 403) {
    return inputs.bearer_token || inputs.password
      ? 'the server refused the credentials: check bearer_token or username and password'
      : 'the server wants credentials: set bearer_token or username and password';
  }
  if (status === 404) return 'check the url';
  if (status >= 300 && status < 400) return 'it redirects: raise max_redirects or call the final URL';
  if (status >= 500) return 'the server failed; check its logs or try later';
  return 'fix the request or add the status to expected_status_code';
}

function outputOf(response: HttpResponse): HttpOutput {
  const base = { status_code: response.status, headers: response.headers };
  const type = String(response.headers['content-type'] ?? '');
  const text = response.body.toString('utf8');
  if (/[/+]json\b/i.test(type) && text.trim() !== '') {
    try {
      return { ...base, json: JSON.parse(text) };
    } catch {
      return { ...base, text };
    }
  }
  return { ...base, text };
}
