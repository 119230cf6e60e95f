/**
 * Issue 11, property test: random override bodies from a runner — nested objects, `__proto__` /
 * `constructor` / `prototype` anywhere, every schema field of every type, case and Unicode variants
 * of field names, values aimed at a listener — never get a stored secret to the listener, and never
 * change a guarded field's effective value unless the answer was 403.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { type Listener, startListener } from '../support/listener.js';
import {
  attackValue,
  type ServedType,
  sampleConnection,
  secretFields,
  targetFields,
} from '../support/type-samples.js';

let t: TestApp;
let runner: string;
let attacker: Listener;
let types: ServedType[];
const baseline = new Map<string, Record<string, unknown>>();
const canary = (type: string, field: string) => `CANARY-prop-${type}-${field}`;

beforeAll(async () => {
  t = await makeTestApp();
  runner = await t.token('runner');
  attacker = await startListener({ speak: 'postgres' });
  types = (await t.api('GET', '/v1/types')).body.items.filter(
    (x: ServedType) => x.kind === 'task' && secretFields(x).length > 0,
  );
  for (const type of types) {
    const sample = sampleConnection(type, (f) => canary(type.id, f));
    const created = await t.api('POST', '/v1/connections', { tag: `p-${type.id}`, type: type.id, ...sample });
    if (created.status !== 201) throw new Error(`create ${type.id}: ${created.text}`);
    const resolved = await t.api('POST', `/v1/connections/p-${type.id}/resolve`, {}, { token: runner });
    baseline.set(`p-${type.id}`, resolved.body.inputs);
    // secrets only, no target stored (pending): the shape of the original __proto__ exploit
    await t.api('POST', '/v1/connections', { tag: `b-${type.id}`, type: type.id, secrets: sample.secrets });
    baseline.set(`b-${type.id}`, {});
  }
});
afterAll(async () => {
  await t.close();
  await attacker.close();
});

/** A JSON text built from entries, so `__proto__` stays an own key (an object literal would not). */
type Json = null | boolean | number | string | Json[] | { entries: [string, Json][] };
const toText = (v: Json): string =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${toText(x)}`).join(',')}}`
    : Array.isArray(v)
      ? `[${v.map(toText).join(',')}]`
      : JSON.stringify(v);

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
const variants = (name: string) => [
  name,
  name.toUpperCase(),
  name[0]!.toUpperCase() + name.slice(1),
  `${name}\u200b`,
  `\uff41${name.slice(1)}`, // fullwidth first letter
  name.normalize('NFD').replace(/^./, (c) => `${c}\u0301`),
  ` ${name}`,
];

function bodyArbitrary(fieldNames: string[], attackValues: Json[]) {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...fieldNames) },
    { weight: 2, arbitrary: fc.constantFrom(...FORBIDDEN) },
    { weight: 2, arbitrary: fc.constantFrom(...fieldNames.flatMap(variants)) },
  );
  const { value } = fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...attackValues),
      fc.constantFrom<Json>(null, true, false, 0, 1, 'x'),
      fc.array(tie('value'), { maxLength: 2 }),
      fc.array(fc.tuple(key, tie('value')), { maxLength: 3 }).map((entries) => ({ entries })),
    ),
  }));
  const inputs = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 5 });
  return fc.record({
    inputs,
    path: fc.constantFrom('connect', 'resolve'),
    /** a forbidden key at the top of the body, in one body out of five */
    top: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...FORBIDDEN) },
      { weight: 4, arbitrary: fc.constant(undefined) },
    ),
    /** well-formed overrides of the type's own non-target fields, plus at most one random entry */
    benign: fc.constantFrom('random', 'clean', 'plus-one', 'plus-target', 'nested-target'),
    pick: fc.nat(),
    bare: fc.boolean(),
  });
}

/** The type's non-target, non-secret fields with their resolved values: a valid override body. */
const benignEntries = (type: ServedType): [string, Json][] =>
  Object.entries(baseline.get(`p-${type.id}`) ?? {})
    .filter(([f]) => !targetFields(type).includes(f) && !secretFields(type).includes(f))
    .map(([f, v]) => [f, v as Json]);

/** What decides where a secret goes or how safely it travels: served as x-target, and at least these. */
const GUARDED: Record<string, string[]> = {
  git: ['repository_url', 'ssh_hostkey'],
  http: ['url'],
  postgres: ['host', 'port', 'ssl'],
  mysql: ['host', 'port', 'ssl'],
  oracle: ['host', 'port'],
  ssh: ['hostname', 'port', 'hostkey'],
};
const guarded = (type: ServedType) => [...new Set([...targetFields(type), ...(GUARDED[type.id] ?? [])])];

/** One of the type's own target fields, aimed at the listener. */
const targetEntry = (type: ServedType, pick: number): [string, Json][] => {
  const fields = guarded(type);
  const field = fields[pick % fields.length]!;
  return [[field, attackValue(field, type.input_schema.properties[field]!, attacker.port) as Json]];
};

describe('random override bodies from a runner', () => {
  it('never move a secret to the listener nor change a guarded field without 403', async () => {
    const allFields = [...new Set(types.flatMap((x) => Object.keys(x.input_schema.properties)))];
    const attackValues: Json[] = types.flatMap((x) =>
      Object.entries(x.input_schema.properties).map(([f, p]) => attackValue(f, p, attacker.port) as Json),
    );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...types),
        bodyArbitrary(allFields, attackValues),
        async (type, body) => {
          const inputs =
            body.benign === 'random'
              ? body.inputs
              : [
                  ...benignEntries(type),
                  ...body.inputs.slice(0, body.benign === 'plus-one' ? 1 : 0),
                  ...(body.benign === 'plus-target' ? targetEntry(type, body.pick) : []),
                  ...(body.benign === 'nested-target'
                    ? ([[FORBIDDEN[body.pick % 3]!, { entries: targetEntry(type, body.pick) }]] as [
                        string,
                        Json,
                      ][])
                    : []),
                ];
          const entries: [string, Json][] = [['inputs', { entries: inputs }]];
          if (body.path === 'connect') entries.push(['timeout_ms', 3000]);
          if (body.top) entries.push([body.top, { entries: [] }]);
          const tag = `${body.bare ? 'b' : 'p'}-${type.id}`;
          const res = await t.api('POST', `/v1/connections/${tag}/${body.path}`, toText({ entries }), {
            token: runner,
            headers: { 'content-type': 'application/json' },
          });
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          expect([200, 400, 403, 422]).toContain(res.status);
          if (res.status === 200) {
            const stored = baseline.get(tag)!;
            for (const field of guarded(type)) {
              expect(res.body.inputs[field], `${type.id}.${field}`).toEqual(stored[field]);
            }
            if (body.path === 'resolve') {
              for (const field of guarded(type)) expect(res.body.sources[field]).not.toBe('override');
            }
          }
          expect(attacker.received()).not.toMatch(/CANARY-/);
        },
      ),
      { numRuns: 150 },
    );
    expect(attacker.received()).not.toMatch(/CANARY-/);
    // the generator reaches every answer, so the property was not checked on refusals alone
    for (const status of [200, 400, 403, 422]) expect(seen.get(status) ?? 0, `${status}`).toBeGreaterThan(0);
  });
});
