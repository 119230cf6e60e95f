import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, sqlProperties, str } from '../schema.js';

/** An Oracle database, reached with the thin-mode driver. */
export const oracleType: TypeDescriptor = {
  id: 'oracle',
  kind: 'task',
  displayName: 'Oracle Database',
  description: 'An Oracle database; connect runs a parameterised statement and returns its rows.',
  inputSchema: objectSchema({ ...sqlProperties(1521), service_name: str('Service name') }, [
    'host',
    'service_name',
    'user',
  ]),
  defaultScopes: [],
  commands: ['query'],
};
