import { spawn } from 'node:child_process';
import { patchbayArgs, SERVER_ROOT } from '../support/child-server.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs) */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  json(): any;
}

/**
 * Runs the `patchbay` CLI from source (tsx) with PATCHBAY_URL/PATCHBAY_TOKEN, like a user's shell.
 *
 * @example
 * const result = await runCli(['connections', 'list', '--json'], { PATCHBAY_URL: url, PATCHBAY_TOKEN: token });
 */
export function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, patchbayArgs(args), {
      cwd: SERVER_ROOT,
      env: { ...process.env, PATCHBAY_URL: '', PATCHBAY_TOKEN: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end(stdin ?? '');
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        json: () => {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`not JSON (exit ${code}):\n${stdout}\n${stderr}`);
          }
        },
      }),
    );
  });
}
