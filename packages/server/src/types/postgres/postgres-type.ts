import type { CheckResult, TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { objectSchema, sqlProperties, str } from '../schema.js';
import {
  hostPort,
  outcomeOf,
  probeTcp,
  redact,
  redactDeep,
  runCheck,
  secretValues,
} from '../task-support.js';
import {
  acquire,
  connectFailure,
  type PostgresInputs,
  poolFor,
  runStatement,
  type SqlOutput,
} from './postgres-run.js';

/** A PostgreSQL database. */
export const postgresType: TypeDescriptor = {
  id: 'postgres',
  kind: 'task',
  displayName: 'PostgreSQL',
  description: 'A PostgreSQL database; connect runs a parameterised statement and returns its rows.',
  inputSchema: objectSchema(
    {
      ...sqlProperties(5432),
      database: str('Database name'),
      ssl: { type: 'boolean', default: false, description: 'Require TLS with certificate verification' },
    },
    ['host', 'database', 'user'],
  ),
  defaultScopes: [],
  commands: ['query'],
  validate: (inputs, ctx) => validatePostgres(inputs as unknown as PostgresInputs, ctx),
  execute: (inputs, ctx) => executePostgres(inputs as unknown as PostgresInputs, ctx),
};

async function validatePostgres(inputs: PostgresInputs, ctx: TypeContext) {
  const secrets = secretValues({ ...inputs }, ['password']);
  const where = hostPort(inputs.host, inputs.port);
  const checks: CheckResult[] = [];
  let address = '';
  const step = (name: string, fn: () => Promise<string>) => runCheck(checks, name, fn, secrets);
  const ok =
    (await step('resolve', async () => {
      [address = ''] = await ctx.egress.check(inputs.host);
      return `${inputs.host} resolves to ${address}`;
    })) &&
    (await step('connect', async () => {
      await probeTcp(address, inputs.port, ctx.signal, ctx.timeoutMs, where);
      return `${where} accepts connections`;
    }));
  if (ok) {
    const pool = poolFor(inputs, address, ctx);
    let client: Awaited<ReturnType<typeof acquire>> | undefined;
    if (
      await step('authenticate', async () => {
        client = await acquire(pool, inputs, ctx);
        return `logged in as '${inputs.user}' to database '${inputs.database}'${inputs.ssl ? ' over verified TLS' : ''}`;
      })
    ) {
      await step('query', async () => {
        await runStatement(pool, client!, 'SELECT 1', [], ctx, secrets);
        return 'SELECT 1 succeeded';
      });
    }
  }
  return outcomeOf(checks);
}

async function executePostgres(inputs: PostgresInputs, ctx: TypeContext): Promise<SqlOutput> {
  const secrets = secretValues({ ...inputs }, ['password']);
  if (!inputs.statement) {
    throw new TaskFailure('missing_input', 'postgres needs a statement to run; set the statement input');
  }
  try {
    const [address = ''] = await ctx.egress.check(inputs.host);
    const pool = poolFor(inputs, address, ctx);
    const client = await acquire(pool, inputs, ctx);
    const output = await runStatement(pool, client, inputs.statement, inputs.params ?? [], ctx, secrets);
    return redactDeep(output, secrets);
  } catch (error) {
    const failure = error instanceof TaskFailure ? error : connectFailure(error, inputs);
    throw new TaskFailure(failure.code, redact(failure.message, secrets));
  }
}
