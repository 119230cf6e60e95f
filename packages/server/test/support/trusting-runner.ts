/**
 * Runs one type's validate or execute in a child Node started with NODE_EXTRA_CA_CERTS (read only at
 * start-up) trusting a test CA: TLS success is tested on the production code path an operator with a
 * private CA gets. Reads a list of `{ type, method, inputs }` from stdin (one child for several calls:
 * starting Node with tsx is the slow part); writes one `{ result }` or `{ error }` per call.
 */
import { text } from 'node:stream/consumers';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { createResourceCache } from '../../src/task-kit/resource-cache.js';
import { createTypeRegistry } from '../../src/types/registry.js';
import { runExecute, runValidate } from './type-context.js';

interface Call {
  type: string;
  method: 'validate' | 'execute';
  inputs: JsonObject;
}

const calls = JSON.parse(await text(process.stdin)) as Call[];
const registry = createTypeRegistry();
const results: unknown[] = [];
for (const { type, method, inputs } of calls) {
  const descriptor = registry.get(type);
  const resources = createResourceCache({ idleMs: 60_000 });
  try {
    // as the runner calls it: the call's secrets in ctx, the result or error scrubbed once at the end
    const run = method === 'validate' ? runValidate : runExecute;
    results.push({ result: await run(descriptor, inputs, { timeoutMs: 10_000, resources }) });
  } catch (error) {
    const code = error instanceof TaskFailure ? error.code : 'thrown';
    results.push({ error: { code, message: (error as Error).message } });
  } finally {
    await resources.closeAll();
  }
}
process.stdout.write(JSON.stringify(results));
