/**
 * Issue 11, finding 3: targets that two parsers read differently (a backslash, a password in the user
 * info, control characters, escaped or shorthand hosts) are 422 invalid_input for every type's target,
 * stored or overridden, and git is handed the canonical URL that was checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRemote } from '../../src/types/git/git-url.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { type Listener, startListener } from '../support/listener.js';
import { type ServedType, sampleConnection, targetFields } from '../support/type-samples.js';

let t: TestApp;
let runner: string;
let attacker: Listener;
let types: ServedType[];

const urlAttacks = (p: number) => [
  `http://127.0.0.1:${p}\\@169.254.169.254/x`,
  `https://127.0.0.1\\@127.0.0.1:${p}/x`,
  `http://user:pw@127.0.0.1:${p}/x`,
  `https://:token@127.0.0.1:${p}/x`,
  `http://127.0.0.1:${p}/x\u0000`,
  `http://127.0.0.1:${p}\t/x`,
  `http://127.0.0.1:${p}/x\u200b`,
  `http://127.0.0.%31:${p}/x`,
  `http://2130706433:${p}/x`,
  `http://0x7f.1:${p}/x`,
];
const hostAttacks = (p: number) => [
  `127.0.0.1\\@169.254.169.254`,
  `user@127.0.0.1`,
  `127.0.0.1/x`,
  `127.0.0.1:${p}`,
  `127.0.0.1\u0000`,
  `127.0.0.1 `,
  `http://127.0.0.1:${p}`,
];

beforeAll(async () => {
  t = await makeTestApp();
  runner = await t.token('runner');
  attacker = await startListener({ speak: 'http' });
  types = (await t.api('GET', '/v1/types')).body.items.filter((x: ServedType) => x.kind === 'task');
});
afterAll(async () => {
  await t.close();
  await attacker.close();
});

/** the target fields of a type that name a place (not a key or a switch), with their attacks */
function placeFields(type: ServedType): [string, string[]][] {
  return targetFields(type)
    .filter((f) => type.input_schema.properties[f]!.type === 'string' && !/key/i.test(f))
    .map((f) => [f, /url|uri/i.test(f) ? urlAttacks(attacker.port) : hostAttacks(attacker.port)]);
}

/** what a type needs besides its target to run at all (a statement, a script) */
const runnable = (type: ServedType) =>
  Object.fromEntries(
    Object.entries({ statement: 'SELECT 1', script: 'true' }).filter(([f]) =>
      Object.hasOwn(type.input_schema.properties, f),
    ),
  );

describe('ambiguous targets are 422 invalid_input', () => {
  it('when stored, for every target of every type', async () => {
    let tried = 0;
    for (const type of types) {
      for (const [field, attacks] of placeFields(type)) {
        const { value } = sampleConnection(type, () => 'CANARY-long-enough');
        for (const attack of attacks) {
          const res = await t.api('POST', '/v1/connections', {
            tag: `a-${type.id}-${tried++}`,
            type: type.id,
            value: { ...value, [field]: attack },
          });
          expect(res.status, `${type.id}.${field} = ${JSON.stringify(attack)}`).toBe(422);
          expect(res.body.error.code).toBe('invalid_input');
          expect(res.body.error.details.issues[0].path).toBe(field);
        }
      }
    }
    expect(tried).toBeGreaterThan(30);
  });

  it('when overridden on a connection without secrets (where overriding is allowed), nothing is contacted', async () => {
    for (const type of types) {
      const fields = placeFields(type);
      if (fields.length === 0) continue;
      const { value } = sampleConnection(type, () => 'unused');
      const tag = `open-${type.id}`;
      expect((await t.api('POST', '/v1/connections', { tag, type: type.id, value })).status).toBe(201);
      for (const [field, attacks] of fields) {
        for (const attack of attacks) {
          const res = await t.api(
            'POST',
            `/v1/connections/${tag}/connect`,
            { inputs: { [field]: attack, ...runnable(type) } },
            { token: runner },
          );
          expect(res.status, `${type.id}.${field} = ${JSON.stringify(attack)}`).toBe(422);
          expect(res.body.error.code).toBe('invalid_input');
          expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual([field]);
        }
      }
    }
    expect(attacker.connections()).toBe(0);
  });

  it('a password in any URL input is refused, target or not', async () => {
    const generic = await t.api('POST', '/v1/connections', {
      tag: 'links',
      type: 'generic',
      value: { link: 'https://me:hunter22@example.com/x' },
    });
    expect(generic.status).toBe(422);
    await t.api('POST', '/v1/connections', { tag: 'h', type: 'http', value: { url: 'https://a.test/' } });
    const put = await t.api('PUT', '/v1/connections/h/credentials', {
      url: 'https://me:hunter22@a.test/',
    });
    expect(put.status).toBe(422);
    expect(put.text).not.toContain('hunter22');
  });
});

describe('git is handed the canonical form that was checked', () => {
  it('normalises what git would otherwise read on its own', () => {
    expect(parseRemote('https://EXAMPLE.test/a/../repo.git').url).toBe('https://example.test/repo.git');
    expect(parseRemote('https://example.test:443/r.git').url).toBe('https://example.test/r.git');
    expect(parseRemote(' ssh://git@example.test:2222/r.git ').url).toBe('ssh://git@example.test:2222/r.git');
  });

  it('refuses what libcurl and WHATWG read differently, even when called directly', () => {
    for (const url of [
      'https://good.test\\@evil.test/r.git',
      'https://u:p@good.test/r.git',
      'https://good.test/r.git\u0001',
      'git@good\\.test:r.git',
    ]) {
      expect(() => parseRemote(url), url).toThrow(/not a remote git URL/);
    }
  });
});
