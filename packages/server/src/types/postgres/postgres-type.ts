import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, type Static, sqlProperties, str, tlsSwitch } from '../../task-kit/schema.js';
import { sqlTask } from '../../task-kit/sql-task.js';
import { checkout, connectFailure, poolFor, release, runStatement } from './postgres-run.js';

const inputSchema = objectSchema(
  {
    ...sqlProperties(5432),
    database: str('Database name'),
    ssl: tlsSwitch('Require TLS with certificate verification'),
  },
  ['host', 'database', 'user'],
);

export type PostgresInputs = Static<typeof inputSchema>;

export const postgresType: TypeDescriptor<typeof inputSchema> = {
  id: 'postgres',
  kind: 'task',
  displayName: 'PostgreSQL',
  shortName: 'PostgreSQL',
  description: 'A PostgreSQL database; connect runs a parameterised statement and returns its rows.',
  inputSchema,
  defaultScopes: [],
  commands: ['query'],
  ...sqlTask({
    id: 'postgres',
    product: 'PostgreSQL',
    poolFor,
    checkout,
    release,
    runStatement,
    connectFailure,
  }),
};
