/**
 * Builders that keep the input schemas short and alike. They make TypeBox schemas: plain JSON Schema
 * (what GET /v1/types serves and the validator compiles) whose `Static<typeof schema>` is the input
 * type a task's validate and execute receive, so no type writes its inputs down twice.
 */
import {
  OptionalKind,
  type SchemaOptions,
  type TObject,
  type TProperties,
  type TSchema,
  Type,
} from '@sinclair/typebox';

export { type Static, Type } from '@sinclair/typebox';

/** An input the caller may leave out (and that has no default). */
export const opt = Type.Optional;

export const str = (description: string, extra: SchemaOptions = {}) => Type.String({ description, ...extra });
export const secret = (description: string, extra: SchemaOptions = {}) =>
  Type.String({ description, 'x-secret': true, ...extra });
export const target = (description: string, extra: SchemaOptions = {}) =>
  Type.String({ minLength: 1, description, 'x-target': true, ...extra });
/** A TCP port: it decides where the secrets go as much as the host does, so it is a target (SPEC 3). */
export const port = (dflt: number) =>
  Type.Integer({ minimum: 1, maximum: 65535, default: dflt, description: 'TCP port', 'x-target': true });

/** Whether the secrets travel under verified TLS: switching it off exposes them, so it is a target. */
export const tlsSwitch = (description: string) =>
  Type.Boolean({ default: false, description, 'x-target': true });

/** A pinned host key: swapping it lets another server receive the login, so it is a target. */
export const hostKey = (description: string) => Type.String({ description, 'x-target': true });
export const seconds = (description: string, dflt?: number) =>
  Type.Number({
    exclusiveMinimum: 0,
    maximum: 3600,
    description,
    ...(dflt === undefined ? {} : { default: dflt }),
  });

/** One of `values`, served as `enum` (a TypeBox union would serve `anyOf`). */
export const oneOf = <const T extends readonly string[]>(values: T, extra: SchemaOptions = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...extra });

/** A list of strings. */
export const strings = (description: string, extra: SchemaOptions = {}) =>
  Type.Array(Type.String(), { description, ...extra });

/** Any JSON value of the given JSON Schema, typed `T` for the task (arrays of anything, free objects). */
export const json = <T>(schema: SchemaOptions) => Type.Unsafe<T>(schema);

const isOptional = (p: TSchema): boolean => OptionalKind in p;

/**
 * A type's input schema: no other keys than `properties`. A property with a `default` is not
 * `required` of the caller, yet present in the task's static type: the runner fills defaults in
 * before validate or execute runs. `requiredOrder` keeps the order `required` was always served in
 * where it differs from the properties' order.
 */
export function objectSchema<P extends TProperties>(
  properties: P,
  requiredOrder: (keyof P & string)[] = [],
): TObject<P> {
  const schema = Type.Object(properties, {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    additionalProperties: false,
  });
  const rank = (k: string) => {
    const i = requiredOrder.indexOf(k);
    return i === -1 ? requiredOrder.length : i;
  };
  schema.required = Object.keys(properties)
    .filter((k) => !isOptional(properties[k]!) && properties[k]!.default === undefined)
    .sort((a, b) => rank(a) - rank(b));
  return schema;
}

/** Inputs shared by the SQL task types. */
export function sqlProperties(defaultPort: number) {
  return {
    host: target('Database server host name or address'),
    port: port(defaultPort),
    user: str('User name'),
    password: opt(secret('Password')),
    statement: opt(
      str('SQL statement to run on connect; use $1 (postgres) or ? (mysql, oracle :1) parameters'),
    ),
    // Cloudomation's flows name it `execute`: `this.connect('oracle', execute='SELECT …')`
    execute: opt(str('Alias of statement (the name Cloudomation flows use); give one of the two')),
    params: opt(
      json<unknown[]>({ type: 'array', description: 'Statement parameters, bound, never interpolated' }),
    ),
  };
}
