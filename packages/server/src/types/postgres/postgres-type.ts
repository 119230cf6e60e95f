import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, sqlProperties, str } from '../schema.js';

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
};
