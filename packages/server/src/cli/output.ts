import type { Connection, Execution, Page, PatchbayError, Resolution, Validation } from '@patchbay/sdk';

/**
 * Human output: aligned columns without colour (so it pipes and diffs well), status as plain words;
 * `--json` prints the API's JSON unchanged.
 */

/** Writes text (plus a newline when missing) to standard output. */
export function write(text: string): void {
  process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
}

/**
 * Prints `value` as JSON with `--json`, otherwise through its human formatter.
 *
 * @example
 * print(json, connection, formatConnection);
 */
export function print<T>(json: boolean, value: T, format: (value: T) => string): void {
  write(json ? JSON.stringify(value, null, 2) : format(value));
}

/** Any value as one line of text: strings as they are, the rest as JSON. */
export const text = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/**
 * Aligned columns with a header row; the last column is not padded.
 *
 * @example
 * table(['TAG', 'STATUS'], [['library', 'active']]);
 */
export function table(headers: string[], rows: string[][], empty = '(none)'): string {
  if (rows.length === 0) return empty;
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}

/**
 * `label: value` lines with the values aligned; rows whose value is undefined are left out.
 *
 * @example
 * record([['tag', 'library'], ['status', 'active']]);
 */
export function record(rows: Array<[string, string | undefined]>): string {
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length)) + 1;
  return shown.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`.trimEnd()).join('\n');
}

/** A page footer telling how to get the next page. */
export const nextPage = (page: Page<unknown>) =>
  page.next_cursor ? `\n(more: --cursor ${page.next_cursor})` : '';

const statusText = (c: Connection) => (c.status_message ? `${c.status} (${c.status_message})` : c.status);

export function formatConnection(c: Connection): string {
  const fields = record([
    ['tag', c.tag],
    ['type', `${c.type} (${c.kind})`],
    ['display name', c.display_name],
    ['description', c.description || undefined],
    ['status', statusText(c)],
    ['scopes', c.scopes.length > 0 ? c.scopes.join(', ') : undefined],
    ['value', JSON.stringify(c.value)],
    ['secrets set', c.secret_fields.length > 0 ? c.secret_fields.join(', ') : '(none)'],
    ['vault', c.vault?.path],
    ['account', c.account_identifier ?? undefined],
    ['version', String(c.version)],
    ['created', c.created_at],
    ['updated', c.updated_at],
    ['last validated', c.last_validated_at ?? undefined],
  ]);
  return c.last_checks ? `${fields}\n\n${checksTable(c.last_checks)}` : fields;
}

export function formatConnections(page: Page<Connection>): string {
  const rows = page.items.map((c) => [
    c.tag,
    c.type,
    c.kind,
    c.status,
    String(c.version),
    clip(c.display_name, 40),
  ]);
  return (
    table(['TAG', 'TYPE', 'KIND', 'STATUS', 'VERSION', 'DISPLAY NAME'], rows, 'No connections.') +
    nextPage(page)
  );
}

export function formatValidation(v: Validation): string {
  const head = record([
    ['valid', v.valid ? 'yes' : 'no'],
    ['status', v.status],
    ['message', v.message ?? undefined],
    ['account', v.account_identifier ?? undefined],
  ]);
  return `${head}\n\n${checksTable(v.checks)}`;
}

function checksTable(checks: Validation['checks']): string {
  const rows = checks.map((c) => [
    c.ok ? 'ok' : 'FAILED',
    c.name,
    `${Math.round(c.duration_ms)} ms`,
    c.detail,
  ]);
  return table(['RESULT', 'CHECK', 'TIME', 'DETAIL'], rows, '(no checks)');
}

export function formatResolution(r: Resolution): string {
  const rows = Object.entries(r.inputs).map(([field, value]) => [field, text(value), r.sources[field] ?? '']);
  return `${r.tag} (${r.type})\n\n${table(['FIELD', 'VALUE', 'SOURCE'], rows, '(no inputs)')}`;
}

export function formatExecution(e: Execution): string {
  const head = record([
    ['execution', e.id],
    ['connection', `${e.tag} (${e.type})`],
    ['version', e.connection_version === null ? undefined : String(e.connection_version)],
    ['status', e.status],
    ['error', e.error ? `${e.error.code}: ${e.error.message}` : undefined],
    ['started', e.started_at],
    ['duration', `${e.duration_ms} ms`],
    ['inputs', JSON.stringify(e.inputs)],
  ]);
  const output =
    e.output_value === undefined || e.output_value === null
      ? ''
      : `\n\noutput:\n${JSON.stringify(e.output_value, null, 2)}`;
  return head + output;
}

export function formatExecutions(page: Page<Execution>): string {
  const rows = page.items.map((e) => [
    e.id,
    e.tag,
    e.status,
    `${e.duration_ms} ms`,
    e.started_at,
    e.error?.code ?? '',
  ]);
  return (
    table(['ID', 'TAG', 'STATUS', 'DURATION', 'STARTED', 'ERROR'], rows, 'No executions.') + nextPage(page)
  );
}

/** The API's hints name REST calls; at the shell the same step is a patchbay command. */
const CLI_EQUIVALENTS: Array<[RegExp, string]> = [
  [/GET \/v1\/connections\/([\w.-]+)(?=[\s),;]|$)/g, 'patchbay connections get $1'],
  [/GET \/v1\/connections(?=[\s),;]|$)/g, 'patchbay connections list'],
  [/PUT \/v1\/connections\/([\w.-]+)\/credentials/g, 'patchbay connections complete $1 k=v'],
  [/PUT \/v1\/connections\/([\w.{}-]+)\/vault/g, 'patchbay connections attach-secret $1 <path>'],
  [/POST \/v1\/connections\/([\w.-]+)\/(validate|restore)/g, 'patchbay connections $2 $1'],
  [/GET \/v1\/types\/([\w.-]+)/g, 'patchbay types show $1'],
  [/GET \/v1\/(components|tokens|executions)(?=[\s),;]|$)/g, 'patchbay $1 list'],
  [/POST \/v1\/tokens/g, 'patchbay tokens create'],
  [/PUT \/v1\/vault/g, 'patchbay vault configure'],
  [/ and retry with its ETag/g, ' and retry with --if-match <its version>'],
  [/send Authorization: Bearer <token>/g, 'set PATCHBAY_TOKEN or pass --token <token>'],
];

/**
 * An API message with its REST hints in CLI terms.
 *
 * @example
 * inCliTerms('set it with PUT /v1/connections/db/credentials'); // 'set it with patchbay connections complete db k=v'
 */
export function inCliTerms(message: string): string {
  return CLI_EQUIVALENTS.reduce((text, [pattern, command]) => text.replace(pattern, command), message);
}

/**
 * `error <code>: <message>` on standard error, plus what the details say (missing fields, issues).
 *
 * @example
 * printError(error); // error connection_not_found: connection 'x' does not exist; …
 */
export function printError(error: PatchbayError): void {
  const lines = [`error ${error.code}: ${inCliTerms(error.message)}`];
  const details = error.details ?? {};
  if (Array.isArray(details.fields)) lines.push(`  fields: ${details.fields.join(', ')}`);
  if (Array.isArray(details.issues)) {
    for (const issue of details.issues as Array<{ path?: string; message?: string }>) {
      lines.push(`  ${issue.path || '(body)'}: ${issue.message ?? text(issue)}`);
    }
  }
  const rest = Object.fromEntries(Object.entries(details).filter(([k]) => k !== 'fields' && k !== 'issues'));
  if (Object.keys(rest).length > 0) lines.push(`  details: ${JSON.stringify(rest)}`);
  if (error.requestId) lines.push(`  request: ${error.requestId}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}
