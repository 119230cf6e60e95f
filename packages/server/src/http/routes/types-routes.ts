import { Type } from '@sinclair/typebox';
import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import type { App } from '../app.js';
import { AnyObject } from '../wire.js';
import type { Services } from './services.js';

const TypeResponse = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('task'), Type.Literal('cloud')]),
    display_name: Type.String(),
    short_name: Type.String({ description: "what a sentence or a picker calls the type, e.g. 'AWS'" }),
    description: Type.String(),
    input_schema: AnyObject,
    default_scopes: Type.Array(Type.String()),
    commands: Type.Array(Type.String()),
    setup_steps: Type.Array(Type.String(), {
      description:
        'cloud types: what to do on the provider side, one text a step, in a limited markup (**bold**, `code`, _emphasis_; nothing else, no HTML); [] for task types',
    }),
  },
  { $id: 'ConnectionType' },
);

const toTypeResponse = (t: TypeDescriptor) => ({
  id: t.id,
  kind: t.kind,
  display_name: t.displayName,
  short_name: t.shortName,
  description: t.description,
  input_schema: t.inputSchema,
  default_scopes: t.defaultScopes,
  commands: t.commands,
  setup_steps: t.setupSteps ?? [],
});

export function typesRoutes(app: App, { types }: Services) {
  app.addSchema(TypeResponse);
  app.get(
    '/v1/types',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['types'],
        summary: 'List connection types with their input schemas',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(TypeResponse)) }) },
      },
    },
    async () => ({ items: types.list().map(toTypeResponse) }),
  );
  app.get(
    '/v1/types/:type',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['types'],
        summary: 'One connection type',
        params: Type.Object({ type: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref(TypeResponse) },
      },
    },
    async (request) => toTypeResponse(types.get(request.params.type)),
  );
}
