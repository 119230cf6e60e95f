/**
 * Inputs built from a type's served schema, so attack suites cover every type (the ones added later
 * too) without a hand list: a minimal stored value, and for each field a value an attacker would send.
 */
// biome-ignore lint/suspicious/noExplicitAny: schemas are read as served JSON
type Prop = Record<string, any>;
export interface ServedType {
  id: string;
  kind: string;
  input_schema: { properties: Record<string, Prop>; required?: string[] };
}

export const secretFields = (t: ServedType) =>
  Object.keys(t.input_schema.properties).filter((f) => t.input_schema.properties[f]!['x-secret'] === true);
export const targetFields = (t: ServedType) =>
  Object.keys(t.input_schema.properties).filter((f) => t.input_schema.properties[f]!['x-target'] === true);

const isUrlField = (field: string, prop: Prop) =>
  /url|uri/i.test(field) || String(prop.pattern ?? '').includes('://') || prop.format === 'uri';

/** Values that fit the patterns of the built-in cloud types' required inputs. */
const PATTERNED: [RegExp, string][] = [
  [/^\^arn:aws/, 'arn:aws:iam::123456789012:role/patchbay'],
  [/\{8\}-/, '00000000-0000-4000-8000-000000000000'],
  [/\{24\}/, '0123456789abcdef01234567'],
  [/^\^\[a-z\]\[a-z0-9-\]/, 'my-project-123'],
];

/** A harmless stored value for `field`: loopback port 1, where nothing listens. */
export function storedValue(field: string, prop: Prop): unknown {
  if (prop.enum) return prop.enum[0];
  const patterned = PATTERNED.find(([re]) => re.test(String(prop.pattern ?? '')));
  if (patterned) return patterned[1];
  if (prop.type === 'integer' || prop.type === 'number') return prop.default ?? 1;
  if (prop.type === 'boolean') return prop.default ?? false;
  if (prop.type === 'array') return prop.default ?? [];
  if (prop.type === 'object') return {};
  if (isUrlField(field, prop)) {
    const scheme = String(prop.pattern ?? '').includes('ldap') ? 'ldap' : 'https';
    return `${scheme}://127.0.0.1:1/x`;
  }
  if (/host|server|hostname/i.test(field) && !/key/i.test(field)) return '127.0.0.1';
  return 'x';
}

/** The value an attacker sends for `field` to point it at `port` on loopback, or to weaken it. */
export function attackValue(field: string, prop: Prop, port: number): unknown {
  if (prop.enum) return prop.enum.at(-1);
  if (prop.type === 'integer' || prop.type === 'number') return port;
  if (prop.type === 'boolean') return !(prop.default ?? false);
  if (isUrlField(field, prop)) {
    const scheme = String(prop.pattern ?? '').includes('ldap') ? 'ldap' : 'http';
    return `${scheme}://127.0.0.1:${port}/x`;
  }
  if (/key/i.test(field)) return 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  return '127.0.0.1';
}

/** A stored value with every required input set and every secret field holding `canary(field)`. */
export function sampleConnection(t: ServedType, canary: (field: string) => string) {
  const value: Record<string, unknown> = {};
  for (const field of t.input_schema.required ?? []) {
    const prop = t.input_schema.properties[field]!;
    if (prop['x-secret'] !== true) value[field] = storedValue(field, prop);
  }
  // a secret of object type (http secret_headers) holds its canary as a value inside
  const secrets = Object.fromEntries(
    secretFields(t).map((f) => [
      f,
      t.input_schema.properties[f]!.type === 'object' ? { 'X-Canary': canary(f) } : canary(f),
    ]),
  );
  return { value, secrets };
}
