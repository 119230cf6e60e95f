import type { CheckResult, TypeContext, ValidationOutcome } from '../domain/type-descriptor.js';
import { TaskFailure } from '../domain/type-descriptor.js';
import { checkReachable, deadlineFailure, hostPort, outcomeOf, raceAbort, runCheck } from './task-support.js';

type Validate<I> = (inputs: I, ctx: TypeContext) => Promise<ValidationOutcome>;
type Execute<I> = (inputs: I, ctx: TypeContext) => Promise<SqlOutput>;

/** What the shared SQL run reads of a SQL type's inputs (each type's own come from its schema). */
export interface SqlInputs {
  host: string;
  port: number;
  user: string;
  password?: string;
  database?: string;
  ssl?: boolean;
  statement?: string;
  /** the documented alias of `statement` */
  execute?: string;
  params?: unknown[];
}

/**
 * The statement to run: `statement`, or its alias `execute`; both with different text is ambiguous.
 *
 * @example
 * sqlStatement({ execute: 'SELECT * FROM v$version' }); // 'SELECT * FROM v$version'
 */
export function sqlStatement(inputs: { statement?: string; execute?: string }, type: string): string {
  const { statement, execute } = inputs;
  if (statement && execute && statement !== execute) {
    throw new TaskFailure(
      'invalid_input',
      `${type} got both statement and its alias execute with different text; give only one`,
    );
  }
  const text = statement || execute;
  if (!text) {
    throw new TaskFailure('missing_input', `${type} needs a statement to run; set the statement input`);
  }
  return text;
}

export interface SqlOutput {
  rows: Record<string, unknown>[];
  row_count: number;
  fields: { name: string; type: string }[];
}

/** What a SQL driver supplies; the checks and the run around it are the same for every database. */
export interface SqlDriver<I extends SqlInputs, Pool, Conn> {
  id: string;
  /** the database's name in messages: "connecting to PostgreSQL at …" */
  product: string;
  poolFor(inputs: I, address: string, ctx: TypeContext): Pool;
  /** a connection from the pool */
  checkout(pool: Pool): Promise<Conn>;
  /** back to the pool */
  release(conn: Conn): void;
  runStatement(
    pool: Pool,
    conn: Conn,
    statement: string,
    params: unknown[],
    ctx: TypeContext,
  ): Promise<SqlOutput>;
  connectFailure(error: unknown, inputs: I): TaskFailure;
}

/**
 * validate (resolve → connect → authenticate → `SELECT 1`) and execute (a bound statement on a pooled
 * connection) for a SQL type.
 *
 * @example
 * export const postgresType: TypeDescriptor<typeof inputSchema> = { …, ...sqlTask({ id: 'postgres', product: 'PostgreSQL', poolFor, checkout, release, runStatement, connectFailure }) };
 */
export function sqlTask<I extends SqlInputs, Pool, Conn>(
  driver: SqlDriver<I, Pool, Conn>,
): { validate: Validate<I>; execute: Execute<I> } {
  /** Checks a connection out of the pool, giving up at the call's deadline. */
  async function acquire(pool: Pool, inputs: I, ctx: TypeContext): Promise<Conn> {
    const where = hostPort(inputs.host, inputs.port);
    try {
      return await raceAbort(
        driver.checkout(pool),
        ctx,
        () => deadlineFailure(`connecting to ${driver.product} at ${where}`, ctx.timeoutMs),
        (late) => driver.release(late),
      );
    } catch (error) {
      throw driver.connectFailure(error, inputs);
    }
  }

  async function validate(inputs: I, ctx: TypeContext) {
    const checks: CheckResult[] = [];
    const step = (name: string, fn: () => Promise<string>) => runCheck(checks, name, fn);
    const target = { host: inputs.host, port: inputs.port, timeoutMs: ctx.timeoutMs };
    const address = await checkReachable(checks, target, ctx);
    if (address === undefined) return outcomeOf(checks);
    const pool = driver.poolFor(inputs, address, ctx);
    let conn: Conn | undefined;
    const loggedIn = await step('authenticate', async () => {
      conn = await acquire(pool, inputs, ctx);
      return `logged in as '${inputs.user}' to database '${inputs.database}'${inputs.ssl ? ' over verified TLS' : ''}`;
    });
    if (loggedIn) {
      await step('query', async () => {
        await driver.runStatement(pool, conn!, 'SELECT 1', [], ctx);
        return 'SELECT 1 succeeded';
      });
    }
    return outcomeOf(checks);
  }

  async function execute(inputs: I, ctx: TypeContext): Promise<SqlOutput> {
    const statement = sqlStatement(inputs, driver.id);
    try {
      const [address = ''] = await ctx.egress.check(inputs.host);
      const pool = driver.poolFor(inputs, address, ctx);
      const conn = await acquire(pool, inputs, ctx);
      // the rows are capped by count, never cut, so the runner's one scrub masks them whole
      return await driver.runStatement(pool, conn, statement, inputs.params ?? [], ctx);
    } catch (error) {
      throw error instanceof TaskFailure ? error : driver.connectFailure(error, inputs);
    }
  }

  return { validate, execute };
}
