/**
 * The ssh type's script run: output capped while it streams, `script_timeout` and the call deadline.
 */
import type { Client } from 'ssh2';
import type { CallSecrets, TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { deadlineFailure, redactThenCut } from '../../task-kit/task-support.js';
import type { SshInputs } from './ssh-type.js';

/** stdout and stderr are each cut at this size. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface ScriptOutput {
  retcode: number;
  stdout: string;
  stderr: string;
}

/** Runs `script`, collecting capped output; ends at `script_timeout` or the call's deadline. */
export function runScript(client: Client, inputs: SshInputs, ctx: TypeContext): Promise<ScriptOutput> {
  return new Promise<ScriptOutput>((resolve, reject) => {
    const out = new CappedText(ctx.secrets);
    const err = new CappedText(ctx.secrets);
    let retcode = -1;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      if (error) {
        client.destroy();
        reject(error);
      } else resolve({ retcode, stdout: out.text(), stderr: err.text() });
    };
    const timer = setTimeout(
      () =>
        finish(
          new TaskFailure(
            'timeout',
            `the script did not finish within script_timeout (${inputs.script_timeout}s); raise script_timeout or make the script faster`,
          ),
        ),
      inputs.script_timeout * 1000,
    );
    const onAbort = () => finish(deadlineFailure('the script', ctx.timeoutMs));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    client.once('close', () =>
      finish(new TaskFailure('connection_reset', 'the SSH connection closed before the script finished')),
    );
    client.exec(inputs.script ?? '', (error, stream) => {
      if (error)
        return finish(
          new TaskFailure('task_failed', `the server refused to run the script: ${error.message}`),
        );
      stream.on('data', (d: Buffer) => out.push(d));
      stream.stderr.on('data', (d: Buffer) => err.push(d));
      stream.on('exit', (code: number | null, signal?: string) => {
        retcode = code ?? (signal ? 128 + (SIGNALS[signal] ?? 0) : -1);
      });
      stream.on('close', () => finish());
    });
  });
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, KILL: 9, TERM: 15, SEGV: 11, PIPE: 13, ABRT: 6 };

/**
 * Output kept up to the cap plus the longest secret, masked, then cut at the cap: cut first, a secret
 * straddling the cap would leave its first half, which no later scrub by value recognises.
 */
class CappedText {
  private chunks: Buffer[] = [];
  private size = 0;
  private truncated = false;

  constructor(private readonly secrets: CallSecrets) {}

  push(chunk: Buffer): void {
    const limit = MAX_OUTPUT_BYTES + this.secrets.longestBytes;
    if (this.size >= limit) {
      this.truncated = true;
      return;
    }
    const room = limit - this.size;
    if (chunk.length > room) this.truncated = true;
    const kept = chunk.subarray(0, room);
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    const { text, cut } = redactThenCut(
      Buffer.concat(this.chunks).toString('utf8'),
      MAX_OUTPUT_BYTES,
      this.secrets,
    );
    return this.truncated || cut ? `${text}\n[output truncated at ${MAX_OUTPUT_BYTES} bytes]` : text;
  }
}
