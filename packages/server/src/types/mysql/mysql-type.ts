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
  type MysqlInputs,
  poolFor,
  runStatement,
  type SqlOutput,
} from './mysql-run.js';

/** A MySQL or MariaDB database. */
export const mysqlType: TypeDescriptor = {
  id: 'mysql',
  kind: 'task',
  displayName: 'MySQL / MariaDB',
  description: 'A MySQL or MariaDB database; connect runs a parameterised statement and returns its rows.',
  inputSchema: objectSchema(
    {
      ...sqlProperties(3306),
      database: str('Database name'),
      ssl: { type: 'boolean', default: false, description: 'Require TLS with certificate verification' },
    },
    ['host', 'database', 'user'],
  ),
  defaultScopes: [],
  commands: ['query'],
  validate: (inputs, ctx) => validateMysql(inputs as unknown as MysqlInputs, ctx),
  execute: (inputs, ctx) => executeMysql(inputs as unknown as MysqlInputs, ctx),
};

async function validateMysql(inputs: MysqlInputs, ctx: TypeContext) {
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
    let conn: Awaited<ReturnType<typeof acquire>> | undefined;
    if (
      await step('authenticate', async () => {
        conn = await acquire(pool, inputs, ctx);
        return `logged in as '${inputs.user}' to database '${inputs.database}'${inputs.ssl ? ' over verified TLS' : ''}`;
      })
    ) {
      await step('query', async () => {
        await runStatement(pool, conn!, 'SELECT 1', [], ctx, secrets);
        return 'SELECT 1 succeeded';
      });
    }
  }
  return outcomeOf(checks);
}

async function executeMysql(inputs: MysqlInputs, ctx: TypeContext): Promise<SqlOutput> {
  const secrets = secretValues({ ...inputs }, ['password']);
  if (!inputs.statement) {
    throw new TaskFailure('missing_input', 'mysql needs a statement to run; set the statement input');
  }
  try {
    const [address = ''] = await ctx.egress.check(inputs.host);
    const pool = poolFor(inputs, address, ctx);
    const conn = await acquire(pool, inputs, ctx);
    const output = await runStatement(pool, conn, inputs.statement, inputs.params ?? [], ctx, secrets);
    return redactDeep(output, secrets);
  } catch (error) {
    const failure = error instanceof TaskFailure ? error : connectFailure(error, inputs);
    throw new TaskFailure(failure.code, redact(failure.message, secrets));
  }
}
