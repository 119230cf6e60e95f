import {
  type CheckResult,
  TaskFailure,
  type TypeContext,
  type TypeDescriptor,
} from '../../domain/type-descriptor.js';
import { objectSchema, port, secret, str, target } from '../../task-kit/schema.js';
import {
  checkReachable,
  errorMessage,
  outcomeOf,
  redact,
  runCheck,
  schemaSecrets,
  scrubOutput,
} from '../../task-kit/task-support.js';
import { authenticate, openRedis, type RedisInputs } from './redis-run.js';

const inputSchema = objectSchema(
  {
    host: target('Redis server host name or address'),
    port: port(6379),
    tls: {
      type: 'boolean',
      default: false,
      'x-target': true,
      description: 'Use TLS, verifying the certificate for host',
    },
    username: str('ACL user name (empty: the default user)'),
    password: secret("Password (requirepass, or the ACL user's password)"),
    db: { type: 'integer', minimum: 0, maximum: 65535, default: 0, description: 'Database number (SELECT)' },
    command: {
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description: 'Command to run on connect and its arguments, e.g. ["GET", "key"]',
    },
  },
  ['host'],
);

/**
 * A Redis server; connect runs one command and returns its reply as JSON.
 *
 * @example
 * { host: 'cache.internal', password: '…', command: ['HGETALL', 'session:42'] } → { reply: { user: 'ada' } }
 */
export const redisType: TypeDescriptor = {
  id: 'redis',
  kind: 'task',
  displayName: 'Redis',
  shortName: 'Redis',
  description:
    'A Redis server (password or ACL user, optional TLS); connect runs one command and returns its reply.',
  inputSchema,
  defaultScopes: [],
  commands: ['command'],
  validate: (inputs, ctx) => validateRedis(inputs as unknown as RedisInputs, ctx),
  execute: (inputs, ctx) => executeRedis(inputs as unknown as RedisInputs, ctx),
};

const secretsOf = (inputs: RedisInputs) => schemaSecrets(inputSchema, inputs);

async function validateRedis(inputs: RedisInputs, ctx: TypeContext) {
  const secrets = secretsOf(inputs);
  const checks: CheckResult[] = [];
  const target = { host: inputs.host, port: inputs.port, timeoutMs: ctx.timeoutMs };
  const address = await checkReachable(checks, target, ctx, secrets);
  if (address === undefined) return outcomeOf(checks);
  let session: Awaited<ReturnType<typeof openRedis>> | undefined;
  const steps: [string, () => Promise<string>][] = [
    [
      inputs.tls ? 'tls' : 'session',
      async () => {
        session = await openRedis(inputs, address, ctx);
        return inputs.tls
          ? `TLS to ${session.where} verified for ${inputs.host}`
          : `connected to ${session.where}`;
      },
    ],
    ['authenticate', () => authenticate(session!, inputs)],
    ['ping', async () => `PING answered ${String(await session!.call(['PING']))}`],
  ];
  for (const [name, run] of steps) if (!(await runCheck(checks, name, run, secrets))) break;
  session?.close();
  return outcomeOf(checks);
}

async function executeRedis(inputs: RedisInputs, ctx: TypeContext): Promise<{ reply: unknown }> {
  const secrets = secretsOf(inputs);
  if (!inputs.command?.length) {
    throw new TaskFailure(
      'missing_input',
      'redis needs a command to run; set the command input, e.g. ["GET", "key"]',
    );
  }
  let session: Awaited<ReturnType<typeof openRedis>> | undefined;
  try {
    const [address = ''] = await ctx.egress.check(inputs.host);
    session = await openRedis(inputs, address, ctx);
    await authenticate(session, inputs);
    return scrubOutput({ reply: await session.call(inputs.command) }, secrets, ctx);
  } catch (error) {
    if (error instanceof TaskFailure) throw new TaskFailure(error.code, redact(error.message, secrets));
    throw new TaskFailure('task_failed', redact(errorMessage(error), secrets));
  } finally {
    session?.close();
  }
}
