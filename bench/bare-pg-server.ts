/**
 * The ceiling of `connect.ts`: Fastify 5 with one POST route that runs the statement through a `pg`
 * Pool of the size Patchbay uses and answers its rows — an HTTP service with nothing else in it. In
 * its own process like the server under test; prints its URL on stdout.
 */
import Fastify from 'fastify';
import pg from 'pg';

const [statement = 'SELECT 1', poolSize = '4'] = process.argv.slice(2);
const pool = new pg.Pool({
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  database: 'test',
  max: Number(poolSize),
});
const app = Fastify({ logger: false });

app.post('/v1/connections/:tag/connect', async () => {
  const result = await pool.query(statement);
  return { status: 'succeeded', output: { rows: result.rows, row_count: result.rowCount } };
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`bare Fastify + pg server listening on ${address}\n`);
process.once('SIGTERM', () => void app.close().then(() => pool.end().then(() => process.exit(0))));
