import { TaskFailure, type TypeContext, type TypeDescriptor } from '../../domain/type-descriptor.js';
import { type NamedCheck, validateInSteps } from '../../task-kit/check-step.js';
import {
  objectSchema,
  opt,
  port,
  type Static,
  secret,
  str,
  strings,
  Type,
  target,
  tlsSwitch,
} from '../../task-kit/schema.js';
import { errorMessage } from '../../task-kit/task-support.js';
import { authenticate, openRedis } from './redis-run.js';

const inputSchema = objectSchema({
  host: target('Redis server host name or address'),
  port: port(6379),
  tls: tlsSwitch('Use TLS, verifying the certificate for host'),
  username: opt(str('ACL user name (empty: the default user)')),
  password: opt(secret("Password (requirepass, or the ACL user's password)")),
  db: Type.Integer({ minimum: 0, maximum: 65535, default: 0, description: 'Database number (SELECT)' }),
  command: opt(strings('Command to run on connect and its arguments, e.g. ["GET", "key"]', { minItems: 1 })),
});

export type RedisInputs = Static<typeof inputSchema>;

/**
 * A Redis server; connect runs one command and returns its reply as JSON.
 *
 * @example
 * { host: 'cache.internal', password: '…', command: ['HGETALL', 'session:42'] } → { reply: { user: 'ada' } }
 */
export const redisType: TypeDescriptor<typeof inputSchema> = {
  id: 'redis',
  kind: 'task',
  displayName: 'Redis',
  shortName: 'Redis',
  description:
    'A Redis server (password or ACL user, optional TLS); connect runs one command and returns its reply.',
  inputSchema,
  defaultScopes: [],
  commands: ['command'],
  validate: validateRedis,
  execute: executeRedis,
};

async function validateRedis(inputs: RedisInputs, ctx: TypeContext) {
  const target = { host: inputs.host, port: inputs.port, timeoutMs: ctx.timeoutMs };
  let session: Awaited<ReturnType<typeof openRedis>> | undefined;
  const steps = (address: string): NamedCheck[] => [
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
  return validateInSteps(target, ctx, steps, () => session?.close());
}

async function executeRedis(inputs: RedisInputs, ctx: TypeContext): Promise<{ reply: unknown }> {
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
    // a reply past the byte cap is refused, never cut, so the runner's one scrub masks it whole
    return { reply: await session.call(inputs.command) };
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure('task_failed', errorMessage(error));
  } finally {
    session?.close();
  }
}
