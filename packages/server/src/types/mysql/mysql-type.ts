import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, type Static, sqlProperties, str, tlsSwitch } from '../../task-kit/schema.js';
import { sqlTask } from '../../task-kit/sql-task.js';
import { checkout, connectFailure, poolFor, release, runStatement } from './mysql-run.js';

const inputSchema = objectSchema(
  {
    ...sqlProperties(3306),
    database: str('Database name'),
    ssl: tlsSwitch('Require TLS with certificate verification'),
  },
  ['host', 'database', 'user'],
);

export type MysqlInputs = Static<typeof inputSchema>;

export const mysqlType: TypeDescriptor<typeof inputSchema> = {
  id: 'mysql',
  kind: 'task',
  displayName: 'MySQL / MariaDB',
  shortName: 'MySQL',
  description: 'A MySQL or MariaDB database; connect runs a parameterised statement and returns its rows.',
  inputSchema,
  defaultScopes: [],
  commands: ['query'],
  ...sqlTask({ id: 'mysql', product: 'MySQL', poolFor, checkout, release, runStatement, connectFailure }),
};
