import type { InputSchema } from '../domain/type-descriptor.js';

type Prop = Record<string, unknown>;

/** Builders that keep the twelve input schemas short and alike. */
export const str = (description: string, extra: Prop = {}): Prop => ({
  type: 'string',
  description,
  ...extra,
});
export const secret = (description: string, extra: Prop = {}): Prop => ({
  type: 'string',
  description,
  'x-secret': true,
  ...extra,
});
export const target = (description: string, extra: Prop = {}): Prop => ({
  type: 'string',
  minLength: 1,
  description,
  'x-target': true,
  ...extra,
});
/** A TCP port: it decides where the secrets go as much as the host does, so it is a target (SPEC 3). */
export const port = (dflt: number): Prop => ({
  type: 'integer',
  minimum: 1,
  maximum: 65535,
  default: dflt,
  description: 'TCP port',
  'x-target': true,
});

/** Whether the secrets travel under verified TLS: switching it off exposes them, so it is a target. */
export const tlsSwitch = (description: string): Prop => ({
  type: 'boolean',
  default: false,
  description,
  'x-target': true,
});

/** A pinned host key: swapping it lets another server receive the login, so it is a target. */
export const hostKey = (description: string): Prop => ({
  type: 'string',
  description,
  'x-target': true,
});
export const seconds = (description: string, dflt?: number): Prop => ({
  type: 'number',
  exclusiveMinimum: 0,
  maximum: 3600,
  description,
  ...(dflt === undefined ? {} : { default: dflt }),
});

export function objectSchema(properties: Record<string, Prop>, required: string[] = []): InputSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  };
}

/** Inputs shared by the SQL task types. */
export function sqlProperties(defaultPort: number): Record<string, Prop> {
  return {
    host: target('Database server host name or address'),
    port: port(defaultPort),
    user: str('User name'),
    password: secret('Password'),
    statement: str('SQL statement to run on connect; use $1 (postgres) or ? (mysql, oracle :1) parameters'),
    // Cloudomation's flows name it `execute`: `this.connect('oracle', execute='SELECT …')`
    execute: str('Alias of statement (the name Cloudomation flows use); give one of the two'),
    params: { type: 'array', description: 'Statement parameters, bound, never interpolated' },
  };
}
