/**
 * Runs types' validate/execute calls, in order, in one child process that trusts `caCert`
 * (see trusting-runner.ts).
 *
 * @example
 * const [validated, ran] = await runTrusting(pki.caCert, [
 *   { type: 'imap', method: 'validate', inputs },
 *   { type: 'imap', method: 'execute', inputs },
 * ]);
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./trusting-runner.ts', import.meta.url));

export interface TrustedRun {
  result?: unknown;
  error?: { code: string; message: string };
}

export interface TrustedCall {
  type: string;
  method: 'validate' | 'execute';
  inputs: Record<string, unknown>;
}

export async function runTrusting(caCert: string, calls: TrustedCall[]): Promise<TrustedRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-trust-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, caCert);
  try {
    return await new Promise<TrustedRun[]>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', RUNNER], {
        cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath, NODE_OPTIONS: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0 || stdout === '') return reject(new Error(`runner exited ${code}: ${stderr}`));
        resolve(JSON.parse(stdout) as TrustedRun[]);
      });
      child.stdin.end(JSON.stringify(calls));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
