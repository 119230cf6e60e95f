import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { call, patchbayArgs, SERVER_ROOT, startChildServer } from '../support/child-server.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'pb-rotate-'));
const token = `pb_${randomBytes(32).toString('base64url')}`;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The exit code and stderr of `patchbay <args>` on the data directory `dir`, with `env` added. */
const exitOf = (args: string[], dir: string, env: Record<string, string> = {}) =>
  run(process.execPath, patchbayArgs(args), {
    cwd: SERVER_ROOT,
    env: { ...process.env, PATCHBAY_DATA_DIR: dir, ...env },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  );

describe('master key rotation', () => {
  it('patchbay keys rotate re-wraps every data key while the server keeps serving', async () => {
    const env = { PATCHBAY_DATA_DIR: dataDir, PATCHBAY_ADMIN_TOKEN: token };
    const server = await startChildServer(env);
    try {
      for (let i = 0; i < 40; i++) {
        const res = await call(server.url, token, 'POST', '/v1/connections', {
          tag: `r${i}`,
          type: 'generic',
          secrets: { password: `pw-${i}` },
        });
        expect(res.status).toBe(201);
      }
      const before = JSON.parse(readFileSync(join(dataDir, 'master.key'), 'utf8'));
      let stop = false;
      let resolves = 0;
      const failures: string[] = [];
      const reader = (async () => {
        while (!stop) {
          const i = resolves % 40;
          const res = await call(server.url, token, 'POST', `/v1/connections/r${i}/resolve`, {
            reveal: true,
          });
          if (res.status !== 200 || res.body.inputs.password !== `pw-${i}`)
            failures.push(JSON.stringify(res.body));
          // and writes keep working during the rotation
          if (resolves % 10 === 0) {
            const w = await call(server.url, token, 'PUT', `/v1/connections/r${i}/credentials`, {
              password: `pw-${i}`,
            });
            if (w.status !== 200) failures.push(JSON.stringify(w.body));
          }
          resolves++;
        }
      })();
      const { stdout } = await run(process.execPath, patchbayArgs(['keys', 'rotate', '--json']), {
        cwd: SERVER_ROOT,
        env: { ...process.env, ...env },
      });
      stop = true;
      await reader;
      const result = JSON.parse(stdout);
      expect(result.rewrapped).toBeGreaterThanOrEqual(40);
      expect(failures).toEqual([]);
      expect(resolves).toBeGreaterThan(10);
      const after = JSON.parse(readFileSync(join(dataDir, 'master.key'), 'utf8'));
      expect(after.active).not.toBe(before.active);
      expect(after.previous).toContain(before.active);
    } finally {
      await server.stop();
    }
    // Everything is now wrapped by the new key: a server given only the new key reads it all.
    const { stdout: verify } = await run(process.execPath, patchbayArgs(['audit', 'verify', '--json']), {
      cwd: SERVER_ROOT,
      env: { ...process.env, PATCHBAY_DATA_DIR: dataDir },
    });
    expect(JSON.parse(verify).workspaces[0].ok).toBe(true);
    // a directory without a database is an error, not an empty verification (and stays empty)
    const empty = mkdtempSync(join(tmpdir(), 'patchbay-noaudit-'));
    const missing = await exitOf(['audit', 'verify'], empty);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no Patchbay database in ${empty}`);
    expect(readdirSync(empty)).toEqual([]);
    // and so is rotating the keys of a directory that has none: no key file nor database appears
    const unrotated = await exitOf(['keys', 'rotate'], empty);
    expect(unrotated.code).toBe(2);
    expect(unrotated.stderr).toContain(`no master key file in ${empty}`);
    expect(readdirSync(empty)).toEqual([]);
    // nor with the key in the environment: no database appears there to re-wrap nothing in
    const envKey = await exitOf(['keys', 'rotate'], empty, {
      PATCHBAY_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    expect(envKey.code).toBe(2);
    expect(envKey.stderr).toContain(`no Patchbay database in ${empty}`);
    expect(readdirSync(empty)).toEqual([]);
    rmSync(empty, { recursive: true, force: true });
    const active = JSON.parse(readFileSync(join(dataDir, 'master.key'), 'utf8')).active;
    const onlyNew = await startChildServer({ PATCHBAY_DATA_DIR: join(dataDir), PATCHBAY_MASTER_KEY: active });
    try {
      const res = await call(onlyNew.url, token, 'POST', '/v1/connections/r7/resolve', { reveal: true });
      expect(res.body.inputs.password).toBe('pw-7');
    } finally {
      await onlyNew.stop();
    }
  }, 120_000);

  it('a wrong master key stops start-up with a clear message', async () => {
    const wrong = randomBytes(32).toString('base64');
    const server = startChildServer({ PATCHBAY_DATA_DIR: dataDir, PATCHBAY_MASTER_KEY: wrong });
    await expect(server).rejects.toThrow(/master key does not match this database/);
  }, 60_000);
});
