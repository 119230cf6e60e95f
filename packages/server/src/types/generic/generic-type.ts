import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { Type } from '../../task-kit/schema.js';

const inputSchema = Type.Object(
  {},
  { $schema: 'https://json-schema.org/draft/2020-12/schema', additionalProperties: true },
);

/** Any object of inputs; the caller says which keys are secret by sending them in `secrets`. */
export const genericType: TypeDescriptor<typeof inputSchema> = {
  id: 'generic',
  kind: 'task',
  displayName: 'Generic',
  shortName: 'Generic',
  description: 'Free-form inputs for code that reads them with resolve; not runnable and always valid.',
  inputSchema,
  defaultScopes: [],
  commands: [],
  freeFormSecrets: true,
  validate: async () => ({ valid: true, message: null, checks: [] }),
};
