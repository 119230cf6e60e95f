import type { CheckResult, TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { objectSchema, type Static, sqlProperties, str } from '../../task-kit/schema.js';
import { sqlStatement } from '../../task-kit/sql-task.js';
import { checkReachable, outcomeOf, runCheck } from '../../task-kit/task-support.js';
import { connectFailure, openConnection, runStatement, type SqlOutput } from './oracle-run.js';

const inputSchema = objectSchema({ ...sqlProperties(1521), service_name: str('Service name') }, [
  'host',
  'service_name',
  'user',
]);

export type OracleInputs = Static<typeof inputSchema>;

/** An Oracle database, reached with the thin-mode driver. */
export const oracleType: TypeDescriptor<typeof inputSchema> = {
  id: 'oracle',
  kind: 'task',
  displayName: 'Oracle Database',
  shortName: 'Oracle',
  description: 'An Oracle database; connect runs a parameterised statement and returns its rows.',
  inputSchema,
  defaultScopes: [],
  commands: ['query'],
  validate: validateOracle,
  execute: executeOracle,
};

async function validateOracle(inputs: OracleInputs, ctx: TypeContext) {
  const checks: CheckResult[] = [];
  const step = (name: string, fn: () => Promise<string>) => runCheck(checks, name, fn);
  const target = { host: inputs.host, port: inputs.port, timeoutMs: ctx.timeoutMs };
  const address = await checkReachable(checks, target, ctx);
  if (address !== undefined) {
    let conn: Awaited<ReturnType<typeof openConnection>> | undefined;
    try {
      if (
        await step('authenticate', async () => {
          conn = await openConnection(inputs, address, ctx);
          return `logged in as '${inputs.user}' to service '${inputs.service_name}'`;
        })
      ) {
        await step('query', async () => {
          await runStatement(conn!, 'SELECT 1 FROM DUAL', [], ctx);
          return 'SELECT 1 FROM DUAL succeeded';
        });
      }
    } finally {
      await conn?.close().catch(() => undefined);
    }
  }
  return outcomeOf(checks);
}

async function executeOracle(inputs: OracleInputs, ctx: TypeContext): Promise<SqlOutput> {
  const statement = sqlStatement(inputs, 'oracle');
  try {
    const [address = ''] = await ctx.egress.check(inputs.host);
    const conn = await openConnection(inputs, address, ctx);
    try {
      return await runStatement(conn, statement, inputs.params ?? [], ctx);
    } finally {
      await conn.close().catch(() => undefined);
    }
  } catch (error) {
    throw error instanceof TaskFailure ? error : connectFailure(error, inputs);
  }
}
