import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PatchbayClient } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowLoadError, loadFlow, runFlow } from '../../src/flows/flow-runner.js';
import { FlowError, type FlowHandler } from '../../src/flows/flow-types.js';
import { startTestServer, type TestServer } from '../support/server.js';

const CANARY = 'canary-flow-secret-c4e1';

describe('flows: the runner against a real server', () => {
  let server: TestServer;
  let client: PatchbayClient;
  let target: Server;
  let targetUrl: string;
  let dir: string;
  const logs: string[] = [];
  const run = (handler: FlowHandler, inputs: Record<string, unknown> = {}) =>
    runFlow({ handler, client, inputs, env: { FLOW_ENV: 'yes' }, log: (line) => logs.push(line) });

  beforeAll(async () => {
    server = await startTestServer();
    client = new PatchbayClient({ baseUrl: server.url, token: server.token });
    await client.connections.create({
      tag: 'warehouse',
      type: 'generic',
      value: { host: 'db.internal', database: 'sales' },
      secrets: { password: CANARY },
    });
    target = createServer((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ greeting: 'hello' }));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    await client.connections.create({ tag: 'api', type: 'http', value: { url: `${targetUrl}/ok` } });
    dir = mkdtempSync(join(tmpdir(), 'patchbay-flows-'));
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => target.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a generic connection through run.resolve, with inputs as overrides; run.success ends it', async () => {
    const result = await run(
      async (system, run) => {
        const resolved = await run.resolve('warehouse', { database: run.inputs.database });
        run.log('resolved', resolved.sources);
        run.success(`${resolved.inputs.host}/${resolved.inputs.database} (${resolved.inputs.password})`, {
          env: system.env.FLOW_ENV,
        });
        throw new Error('not reached');
      },
      { database: 'reports' },
    );
    expect(result).toEqual({
      status: 'success',
      message: 'db.internal/reports (********)',
      outputs: { env: 'yes' },
    });
    expect(logs.at(-1)).toBe('resolved {"host":"connection","database":"override","password":"secret"}');
  });

  it('run.connect returns the execution with .get(path); a failed one throws FlowError unless allowFailure', async () => {
    const ok = await run(async (_system, run) => {
      const execution = await run.connect('api');
      return { status: execution.get('status'), greeting: execution.get('output_value.json.greeting') };
    });
    expect(ok).toEqual({
      status: 'success',
      message: 'flow finished',
      outputs: { status: 'succeeded', greeting: 'hello' },
    });
    expect(logs.at(-1)).toMatch(/^connect api: succeeded in \d+ ms \(execution \S+\)$/);

    const failed = await run(async (_system, run) => {
      await run.connect('api', { url: `${targetUrl}/broken` });
    });
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/^connection 'api' failed: /);
    expect(failed.code).toMatch(/\S/);

    const caught = await run(async (_system, run) => {
      try {
        await run.connect('api', { url: `${targetUrl}/broken` });
      } catch (error) {
        if (error instanceof FlowError) return `caught ${error.execution?.status}`;
      }
      return 'not caught';
    });
    expect(caught.message).toBe('caught failed');

    const allowed = await run(async (_system, run) => {
      const execution = await run.connect(
        'api',
        { url: `${targetUrl}/broken` },
        { allowFailure: true, timeout_ms: 5000 },
      );
      run.success(`status ${execution.status}`);
    });
    expect(allowed).toEqual({ status: 'success', message: 'status failed' });
  });

  it('run.fail, thrown errors and API errors fail the flow; a swallowed end still counts', async () => {
    expect(await run((_s, run) => run.fail('bad data', { rows: 0 }))).toEqual({
      status: 'failed',
      message: 'bad data',
      outputs: { rows: 0 },
    });
    expect(await run(() => Promise.reject(new Error('boom')))).toEqual({ status: 'failed', message: 'boom' });
    const missing = await run((_s, run) => run.connect('nope'));
    expect(missing).toMatchObject({ status: 'failed', code: 'connection_not_found' });
    expect(missing.message).toMatch(/^connection_not_found: /);
    const swallowed = await run((_s, run) => {
      try {
        run.fail('first word');
      } catch {
        // a flow that catches everything cannot undo its end
      }
      run.success('second word');
    });
    expect(swallowed).toEqual({ status: 'failed', message: 'first word' });
    expect(await run(() => 'done quietly')).toEqual({ status: 'success', message: 'done quietly' });
  });

  it('loadFlow: TypeScript via tsx, JavaScript natively, default exports; clear load errors', async () => {
    const ts = join(dir, 'typed.flow.ts');
    writeFileSync(
      ts,
      'interface Run { success(message: string): never; inputs: Record<string, unknown> }\n' +
        'export async function handler(_system: unknown, run: Run): Promise<void> {\n' +
        '  const n: number = Number(run.inputs.n);\n  run.success("n+1=" + (n + 1));\n}\n',
    );
    expect(await run(await loadFlow(ts), { n: 41 })).toEqual({ status: 'success', message: 'n+1=42' });

    const mjs = join(dir, 'plain.mjs');
    writeFileSync(mjs, 'export default async (system, run) => run.success("from js");\n');
    expect(await run(await loadFlow(mjs))).toEqual({ status: 'success', message: 'from js' });

    const none = join(dir, 'none.ts');
    writeFileSync(none, 'export const value = 1;\n');
    await expect(loadFlow(none)).rejects.toThrow(/must export a function handler\(system, run\)/);
    await expect(loadFlow(join(dir, 'absent.ts'))).rejects.toBeInstanceOf(FlowLoadError);
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, 'export const handler = (;\n');
    await expect(loadFlow(broken)).rejects.toThrow(/cannot load flow/);
  });

  it('the secret stays out of flow logs and the server log', () => {
    expect(logs.join('\n')).not.toContain(CANARY);
    expect(server.logs.join('')).not.toContain(CANARY);
  });
});
