import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './remote-context.js';

/**
 * A `k=v` value: JSON when it parses (numbers, booleans, null, objects, arrays, "quoted strings"),
 * otherwise the text itself. Integers beyond 2^53 stay text so ids are not rounded.
 *
 * @example
 * parseValue('5432'); // 5432
 * parseValue('v2'); // 'v2'
 * parseValue('{"a":1}'); // { a: 1 }
 */
export function parseValue(raw: string): unknown {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'number' && !Number.isSafeInteger(value) && /^-?\d+$/.test(raw.trim())) return raw;
    return value;
  } catch {
    return raw;
  }
}

/**
 * `key=value` → `[key, parsed value]`; the value may itself contain `=`.
 *
 * @example
 * parsePair('ref=v2'); // ['ref', 'v2']
 */
export function parsePair(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`'${text}' is not key=value (e.g. ref=v2, port=5432, ssl=true)`);
  return [text.slice(0, at), parseValue(text.slice(at + 1))];
}

/**
 * Many `k=v` → one object; a later key wins.
 *
 * @example
 * pairsToObject(['ref=v2', 'command=get']); // { ref: 'v2', command: 'get' }
 */
export function pairsToObject(pairs: readonly string[] | undefined): Record<string, unknown> {
  return Object.fromEntries((pairs ?? []).map(parsePair));
}

/**
 * A `--secret k=v` value, always text (a PIN `0042` stays `'0042'`): `@path` reads the file, `-` reads
 * standard input, so a secret need not sit on the command line (shell history, `ps`); `\\@…` is a literal
 * `@…`. One trailing newline of a one-line value (`echo pw | …`) is dropped; a multi-line value (a PEM
 * key) is kept as it is.
 *
 * @example
 * readSecretValue('@./deploy_key'); // the key file's contents
 * readSecretValue('-'); // what was piped in
 */
export function readSecretValue(
  raw: string,
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): string {
  if (raw.startsWith('\\@')) return raw.slice(1);
  if (raw !== '-' && !raw.startsWith('@')) return raw;
  let text: string;
  try {
    text = raw === '-' ? readStdin() : readFileSync(raw.slice(1), 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the secret from ${raw === '-' ? 'standard input' : raw.slice(1)}: ${(error as Error).message}`,
    );
  }
  const oneLine = text.replace(/\r?\n$/, '');
  return oneLine.includes('\n') ? text : oneLine;
}

/**
 * `--secret k=v` options split into `[key, raw value]`, unread; at most one may read standard input,
 * and none when `-f -` already does.
 *
 * @example
 * secretPairs(['password=@pw.txt']); // [['password', '@pw.txt']]
 */
export function secretPairs(pairs: readonly string[] | undefined, fileFromStdin = false): [string, string][] {
  const entries = (pairs ?? []).map((text): [string, string] => {
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`'${text}' is not key=value (e.g. password=@./password.txt, token=-)`);
    return [text.slice(0, at), text.slice(at + 1)];
  });
  const fromStdin = entries.filter(([, v]) => v === '-').length + (fileFromStdin ? 1 : 0);
  if (fromStdin > 1) {
    throw new UsageError(
      'only one of --secret k=- and -f - can read standard input; read the others from files (@path)',
    );
  }
  return entries;
}

/**
 * Many `--secret k=v` → one object of text values, each read by {@link readSecretValue}.
 *
 * @example
 * secretsToObject(['password=@pw.txt']); // { password: '…' }
 */
export function secretsToObject(
  pairs: readonly string[] | undefined,
  fileFromStdin = false,
): Record<string, string> {
  return Object.fromEntries(secretPairs(pairs, fileFromStdin).map(([k, v]) => [k, readSecretValue(v)]));
}

/** Commander collector for repeatable options (`--value a=1 --value b=2`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Commander parser for whole-number options. */
export const wholeNumber = (name: string) => (raw: string) => {
  const value = Number(raw);
  // commander turns InvalidArgumentError into a usage error (exit 2); any other error escapes as exit 1
  if (!Number.isInteger(value) || value < 0)
    throw new InvalidArgumentError(`${name} must be a whole number, not '${raw}'`);
  return value;
};

/**
 * Reads an object from a JSON or YAML file (`-` = standard input). YAML unless the name ends in .json.
 *
 * @example
 * const body = readObjectFile('library.yaml'); // { tag: 'library', type: 'git', value: { … } }
 */
export function readObjectFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML/JSON'}: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `${path} must hold an object ({ … }), not ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a text file given as an option value (a CA certificate …).
 *
 * @example
 * const pem = readTextFile('ca.pem', '--ca-cert-file');
 */
export function readTextFile(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${path}: ${(error as Error).message}`);
  }
}
