/**
 * Runs one type's validate or execute in a child Node started with NODE_EXTRA_CA_CERTS (read only at
 * start-up) trusting a test CA: TLS success is tested on the production code path an operator with a
 * private CA gets. Reads `{ type, method, inputs }` from stdin; writes `{ result }` or `{ error }`.
 */
import { text } from 'node:stream/consumers';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { createTypeRegistry } from '../../src/types/registry.js';
import { makeTypeContext } from './type-context.js';

const { type, method, inputs } = JSON.parse(await text(process.stdin));
const descriptor = createTypeRegistry().get(type);
const ctx = makeTypeContext({ timeoutMs: 10_000 });
try {
  const result = await (method === 'validate' ? descriptor.validate! : descriptor.execute!)(inputs, ctx);
  process.stdout.write(JSON.stringify({ result }));
} catch (error) {
  const code = error instanceof TaskFailure ? error.code : 'thrown';
  process.stdout.write(JSON.stringify({ error: { code, message: (error as Error).message } }));
} finally {
  await ctx.resources.closeAll();
}
